# ruff: noqa: N999 - the command is named after what it does: ``ruta import``
"""``ruta import htcds FILE.xlsx --as USERNAME [--institution NAME] [--dry-run]``: cases from
an HTCDS v2.0 spreadsheet, written as that user (whose role must allow opening cases and
recording identification decisions). Every error is listed by row and column; nothing is
written unless the whole file is valid. Run it with ``--dry-run`` first."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ruta.audit import services as audit


class Command(BaseCommand):
    help = "Import cases from an HTCDS v2.0 spreadsheet: all rows or none."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="format", required=True)
        htcds = sub.add_parser("htcds", help="an HTCDS v2.0 spreadsheet (.xlsx)")
        htcds.add_argument("file")
        htcds.add_argument("--as", dest="username", required=True, help="the importing user")
        htcds.add_argument(
            "--institution", default="", help="the institution they act for (several)"
        )
        htcds.add_argument("--dry-run", action="store_true", help="check only; write nothing")

    def handle(self, *args, **options) -> None:
        from ruta.accounts.models import Membership
        from ruta.core.actor import actor_for_membership
        from ruta.reporting.exchange_htcds_import import import_file

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        memberships = Membership.objects.select_related("role", "institution", "user").filter(
            user__username=options["username"], user__is_active=True, is_active=True
        )
        if options["institution"]:
            memberships = memberships.filter(institution__name=options["institution"])
        found = list(memberships[:2])
        if len(found) != 1:
            raise CommandError(
                "Name one active user (--as) and, when they work for several institutions, "
                "the institution (--institution)."
            )
        actor = actor_for_membership(found[0], via="system")
        report = import_file(
            actor=actor, path=str(path), filename=path.name, dry_run=options["dry_run"]
        )
        for error in report.errors:
            where = f"row {error.row}" + (f", {error.column}" if error.column else "")
            self.stdout.write(f"{where}: {error.message}")
        if report.not_imported:
            self.stdout.write(
                "Not imported (kept elsewhere in Ruta): " + ", ".join(report.not_imported)
            )
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} error(s) in {report.rows} rows: nothing was written."
            )
        verb = "would be" if options["dry_run"] else "were"
        self.stdout.write(
            f"{report.rows} rows valid: {report.cases_opened} cases {verb} opened, "
            f"{report.persons_created} persons created and {report.persons_matched} matched."
        )
        if report.written:
            audit.record(
                action="reporting.import.htcds",
                actor=actor,
                data={
                    "rows": report.rows,
                    "cases": report.cases_opened,
                    "persons_created": report.persons_created,
                    "persons_matched": report.persons_matched,
                },
            )
