"""The competency frameworks shipped with Ruta (``data/competency_frameworks/*.json``)."""

from __future__ import annotations

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data" / "competency_frameworks"


def shipped() -> list[dict]:
    """Every shipped framework, as its file says (sorted by file name)."""
    return [
        json.loads(path.read_text(encoding="utf-8")) for path in sorted(DATA_DIR.glob("*.json"))
    ]
