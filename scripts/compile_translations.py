"""Compile every django.po into django.mo with polib (no gettext tools needed)."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "src" / "ruta" / "locale"

for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
    polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
    print("compiled", po_path.relative_to(LOCALE))
