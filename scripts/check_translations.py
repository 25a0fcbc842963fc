"""Fail when a message catalogue is incomplete or stale.

For es, en and fr, fails on:
- a msgid used in the code that the committed catalogue lacks (a new ``_("...")`` or
  ``{% translate %}`` nobody added to the .po), naming the strings and where they are used;
- an untranslated or fuzzy entry;
- a missing or stale .mo file.

Run by .ci/run. The first check extracts the msgids with Django's makemessages (xgettext), so it
needs the gettext tools; it runs on a copy of the sources in a temporary directory and never
writes the real catalogues. The other checks use polib only.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = SRC / "ruta"
LOCALE = PACKAGE / "locale"
LANGUAGES = ("es", "en", "fr")
# What makemessages reads for the "django" domain (its default extensions).
SOURCE_SUFFIXES = {".py", ".html", ".txt"}

Key = tuple[str | None, str]


def extract_from_code() -> dict[Key, polib.POEntry]:
    """Every msgid the code uses, keyed by (msgctxt, msgid), as makemessages would extract it."""
    missing_tools = [t for t in ("xgettext", "msguniq", "msgmerge") if shutil.which(t) is None]
    if missing_tools:
        raise RuntimeError(
            f"{', '.join(missing_tools)} not found: install gettext to check for missing msgids"
        )
    with tempfile.TemporaryDirectory(prefix="ruta-i18n-check-") as tmp:
        copy = Path(tmp) / "ruta"
        for path in PACKAGE.rglob("*"):
            if path.suffix in SOURCE_SUFFIXES and "__pycache__" not in path.parts:
                target = copy / path.relative_to(PACKAGE)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
        locale_copy = copy / "locale"
        locale_copy.mkdir()

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruta.config.settings")
        os.environ.setdefault("RUTA_DATA_DIR", str(Path(tmp) / "data"))
        sys.path.insert(0, str(SRC))
        import django
        from django.core.management import call_command
        from django.test.utils import override_settings

        django.setup()
        cwd = os.getcwd()
        os.chdir(copy)
        try:
            # Only the copy's locale directory: nothing can be written next to the real sources.
            with override_settings(LOCALE_PATHS=[str(locale_copy)]):
                call_command("makemessages", locale=["es"], keep_pot=True, verbosity=0)
        finally:
            os.chdir(cwd)
        pot = polib.pofile(str(locale_copy / "django.pot"))
        return {(e.msgctxt, e.msgid): e for e in pot if e.msgid}


def missing_from(po: polib.POFile, code: dict[Key, polib.POEntry]) -> list[str]:
    """The code's msgids the catalogue lacks (or has with another plural form), described."""
    catalogue = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    missing = []
    for key, entry in code.items():
        if key in catalogue and catalogue[key].msgid_plural == entry.msgid_plural:
            continue
        where = (
            f" ({entry.occurrences[0][0]}:{entry.occurrences[0][1]})" if entry.occurrences else ""
        )
        context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
        plural = ", plural form changed" if key in catalogue else ""
        missing.append(f"{context}{entry.msgid!r}{where}{plural}")
    return missing


def main() -> int:
    problems: list[str] = []
    try:
        code = extract_from_code()
    except Exception as exc:  # gettext missing or extraction failed: say so, do not pass
        problems.append(f"could not extract the msgids from the code: {exc}")
        code = None
    reported_missing: list[str] | None = None
    for lang in LANGUAGES:
        po_path = LOCALE / lang / "LC_MESSAGES" / "django.po"
        mo_path = po_path.with_suffix(".mo")
        if not po_path.exists():
            problems.append(f"{po_path}: missing")
            continue
        po = polib.pofile(str(po_path))
        if code is not None:
            missing = missing_from(po, code)
            if missing and missing == reported_missing:
                problems.append(f"{lang}: the same {len(missing)} msgids are missing")
            elif missing:
                problems.append(
                    f"{lang}: {len(missing)} msgids used in the code are missing from the "
                    "catalogue (run makemessages, then translate):\n    " + "\n    ".join(missing)
                )
                reported_missing = missing
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
            # Keyed by context too: "Completed" of a referral is not "Completed" of a plan.
            compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}
            stale = [
                e.msgid
                for e in po.translated_entries()
                if compiled.get((e.msgctxt, e.msgid)) != e.msgstr
            ]
            if stale:
                problems.append(f"{lang}: .mo is stale for {len(stale)} entries")
        print(f"{lang}: {len(po.translated_entries())} entries translated")
    if code is not None:
        print(f"code: {len(code)} msgids")
    for problem in problems:
        print("ERROR", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
