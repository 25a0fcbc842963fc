"""Fail when a message catalogue has an untranslated or fuzzy entry, or a stale .mo file.

Run by .ci/run. Uses polib only (no gettext tools needed).
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "src" / "ruta" / "locale"
LANGUAGES = ("es", "en", "fr")


def main() -> int:
    problems: list[str] = []
    for lang in LANGUAGES:
        po_path = LOCALE / lang / "LC_MESSAGES" / "django.po"
        mo_path = po_path.with_suffix(".mo")
        if not po_path.exists():
            problems.append(f"{po_path}: missing")
            continue
        po = polib.pofile(str(po_path))
        untranslated = [e.msgid for e in po.untranslated_entries()]
        fuzzy = [e.msgid for e in po.fuzzy_entries()]
        if untranslated:
            problems.append(f"{lang}: {len(untranslated)} untranslated, e.g. {untranslated[:3]}")
        if fuzzy:
            problems.append(f"{lang}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:3]}")
        if not mo_path.exists():
            problems.append(f"{mo_path}: missing (run scripts/compile_translations.py)")
        else:
            mo = polib.mofile(str(mo_path))
            compiled = {e.msgid: e.msgstr for e in mo}
            stale = [e.msgid for e in po.translated_entries() if compiled.get(e.msgid) != e.msgstr]
            if stale:
                problems.append(f"{lang}: .mo is stale for {len(stale)} entries")
        print(f"{lang}: {len(po.translated_entries())} entries translated")
    for problem in problems:
        print("ERROR", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
