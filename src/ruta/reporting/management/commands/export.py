"""``ruta export``: the exchange files.

- ``ruta export htcds --year Y --reason TEXT --out FILE.xlsx [--password]``: the HTCDS v2.0
  spreadsheet of the cases identified in year Y (names and dates of birth: the reason is
  required and the export is recorded in the audit trail). ``--password`` asks for a password
  (or reads ``RUTA_EXPORT_PASSWORD``) and encrypts the file with it.
- ``ruta export ctdc --year Y --reason TEXT --out FILE.csv [--k 11]``: the CTDC 27-column
  extract, k-anonymous, with a report of what was generalised and left out (audited).
- ``ruta export unodc --year Y --reason TEXT --out FILE.xlsx``: the UNODC questionnaire's
  tables (true counts for a national authority: audited).
- ``ruta export public --release ID --out DIR``: the SDMX-CSV files of a published release.
"""

from __future__ import annotations

import getpass
import os
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ruta.audit import services as audit


class Command(BaseCommand):
    help = "Write an exchange file: htcds (case data, audited) or public (a release's SDMX-CSV)."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="format", required=True)
        htcds = sub.add_parser("htcds", help="the HTCDS v2.0 spreadsheet of a year's cases")
        htcds.add_argument("--year", type=int, required=True)
        htcds.add_argument("--reason", required=True, help="why the file is needed (audited)")
        htcds.add_argument("--out", required=True, help="the .xlsx file to write")
        htcds.add_argument(
            "--password",
            action="store_true",
            help="encrypt the file: asks for the password (or reads RUTA_EXPORT_PASSWORD)",
        )
        ctdc = sub.add_parser("ctdc", help="the CTDC 27-column extract of a year, k-anonymous")
        ctdc.add_argument("--year", type=int, required=True)
        ctdc.add_argument("--reason", required=True, help="why the file is needed (audited)")
        ctdc.add_argument("--out", required=True, help="the .csv file to write")
        ctdc.add_argument("--k", type=int, default=11, help="k-anonymity (default 11, CTDC's)")
        unodc = sub.add_parser("unodc", help="the UNODC questionnaire's tables of a year")
        unodc.add_argument("--year", type=int, required=True)
        unodc.add_argument("--reason", required=True, help="why the file is needed (audited)")
        unodc.add_argument("--out", required=True, help="the .xlsx file to write")
        public = sub.add_parser("public", help="the SDMX-CSV files of a published release")
        public.add_argument("--release", required=True, help="the release's id")
        public.add_argument("--out", required=True, help="the directory to write into")

    def handle(self, *args, **options) -> None:
        if options["format"] == "htcds":
            self._htcds(options)
        elif options["format"] == "ctdc":
            self._ctdc(options)
        elif options["format"] == "unodc":
            self._unodc(options)
        else:
            self._public(options)

    def _checked(self, options, suffix: str) -> tuple[int, str, Path]:
        year, reason = options["year"], options["reason"].strip()
        if len(reason) < 10:
            raise CommandError("Give the reason for this export in a sentence (--reason).")
        if not 2000 <= year <= timezone.localdate().year:
            raise CommandError(f"--year must be from 2000 to {timezone.localdate().year}.")
        out = Path(options["out"])
        if out.suffix.lower() != suffix or not out.parent.is_dir():
            raise CommandError(f"--out must be a {suffix} file in an existing directory.")
        return year, reason, out

    def _unodc(self, options) -> None:
        from ruta.reporting.exchange_unodc import workbook

        year, reason, out = self._checked(options, ".xlsx")
        out.write_bytes(workbook(year))
        audit.record(
            action="reporting.export.unodc", reason=reason, via="system", data={"year": year}
        )
        self.stdout.write(f"The UNODC tables of {year} written to {out}.")

    def _ctdc(self, options) -> None:
        from ruta.reporting.exchange_ctdc import write

        year, reason, out = self._checked(options, ".csv")
        if not 2 <= options["k"] <= 100:
            raise CommandError("--k must be from 2 to 100.")
        started = time.monotonic()
        result = write(year, str(out), k=options["k"])
        audit.record(
            action="reporting.export.ctdc",
            reason=reason,
            via="system",
            data={"year": year, **result.report},
        )
        r = result.report
        generalised = ", ".join(f"{n} (level {lv})" for n, lv in r["generalised"].items())
        self.stdout.write(
            f"{r['released']} of {r['records']} victims of {year} written to {out} "
            f"(k = {r['k']}; generalised: {generalised or 'nothing'}; left out: {r['left_out']}, "
            f"{100 * r['left_out_share']:.1f}%) in {time.monotonic() - started:.1f} s."
        )

    def _htcds(self, options) -> None:
        from ruta.reporting.exchange_htcds import write

        year, reason, out = self._checked(options, ".xlsx")
        password = ""
        if options["password"]:
            password = os.environ.get("RUTA_EXPORT_PASSWORD") or getpass.getpass("Password: ")
            if len(password) < 12:
                raise CommandError("The password must have at least 12 characters.")
        started = time.monotonic()
        result = write(year, str(out), password=password)
        audit.record(
            action="reporting.export.htcds",
            reason=reason,
            via="system",
            data={"year": year, "rows": result.rows, "encrypted": bool(password)},
        )
        self.stdout.write(
            f"{result.rows} cases of {year} written to {out}"
            f"{' (encrypted)' if password else ''} in {time.monotonic() - started:.1f} s."
        )

    def _public(self, options) -> None:
        from django.core.exceptions import ValidationError
        from django.http import Http404

        from ruta.reporting import selectors_releases

        out = Path(options["out"])
        if not out.is_dir():
            raise CommandError("--out must be an existing directory.")
        try:
            release = selectors_releases.public_release_get(release_id=options["release"])
        except (Http404, ValidationError):
            raise CommandError("No published release has this id.") from None
        for table in release.tables.all():
            name = out / f"ruta-{release.year}-{release.edition}-{table.code.lower()}.sdmx.csv"
            name.write_text(selectors_releases.sdmx_csv(table), encoding="utf-8")
            self.stdout.write(str(name))
