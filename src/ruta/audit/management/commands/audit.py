"""``ruta audit verify``: check the hash chain of the audit trail."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ruta.audit.services import chain_verify

PROBLEMS = {
    "missing": "an event is missing (deleted) before this position",
    "duplicate": "an event was inserted at this position",
    "link": "the link to the previous event does not match (inserted or reordered)",
    "altered": "the event was altered after it was written",
    "truncated": "events were deleted from the end of the chain",
}


class Command(BaseCommand):
    help = "Audit trail tools. 'verify' checks every link of the hash chain."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        report = chain_verify()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at event #{report.broken_seq}: {PROBLEMS[report.problem]} "
                f"({report.checked} events verified before it)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {report.checked} events, head {report.head_hash}."
            )
        )
