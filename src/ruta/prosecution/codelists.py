"""The prosecution code lists shipped as JSON in ``ruta/prosecution/data`` (see the README there).

Plain functions, no models: ``load("offences")`` returns the entries of ``offences.json``;
``label(entry, "fr")`` picks an entry's label in a language, falling back to Spanish, the
source of truth for the wording users see.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

NAMES = ("offences", "aggravating", "perpetrator_roles", "stage_time_limits")
FALLBACK_LANGUAGE = "es"


@cache
def _text(name: str) -> str:
    return (resources.files("ruta.prosecution") / "data" / f"{name}.json").read_text("utf-8")


def load(name: str) -> list[dict[str, Any]]:
    """The entries of one shipped list, by name (``"offences"`` or ``"offences.json"``).

    Each call returns fresh objects, so a caller may change them without touching the cache.
    """
    name = name.removesuffix(".json")
    if name not in NAMES:
        raise ValueError(f"unknown code list {name!r}; expected one of {', '.join(NAMES)}")
    entries = json.loads(_text(name))
    if not isinstance(entries, list):
        raise TypeError(f"{name}.json must hold a list")
    return entries


def label(entry: dict[str, Any], language: str | None) -> str:
    """The entry's label in ``language`` ("fr", "fr-ca", "en_GB"...), else in Spanish."""
    labels = entry["labels"]
    base = re.split(r"[-_]", language or "", maxsplit=1)[0].lower()
    return labels.get(base) or labels[FALLBACK_LANGUAGE]
