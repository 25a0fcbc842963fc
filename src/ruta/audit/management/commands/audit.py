"""``ruta audit verify`` checks the hash chain; ``ruta audit seal`` chains appended events."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ruta.audit.services import chain_seal, chain_verify

PROBLEMS = {
    "missing": "an event is missing (deleted) before this position",
    "duplicate": "an event was inserted at this position",
    "link": "the link to the previous event does not match (inserted or reordered)",
    "altered": "the event was altered after it was written",
    "truncated": "events were deleted from the end of the chain",
    "unsealed": (
        "the event waited more than {limit} s to be sealed, unprotected meanwhile: "
        "is `ruta audit seal` running?"
    ),
}


class Command(BaseCommand):
    help = (
        "Audit trail tools. 'verify' seals pending events, then checks every link of the hash "
        "chain (exits non-zero naming the first broken link). 'seal' chains the events "
        "appended since the last seal; with --every it keeps doing so (run it as a service, "
        "or from cron every minute with --for 55)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "seal"])
        parser.add_argument(
            "--no-seal",
            action="store_true",
            help="verify: check without sealing pending events first.",
        )
        parser.add_argument(
            "--every",
            type=float,
            default=0,
            help="seal: seal again every this many seconds (default: once).",
        )
        parser.add_argument(
            "--for",
            dest="duration",
            type=float,
            default=0,
            help="seal with --every: stop after this many seconds (default: never).",
        )

    def handle(self, *args, **options):
        if options["action"] == "seal":
            self._seal(options["every"], options["duration"], options["verbosity"])
            return
        report = chain_verify(seal=not options["no_seal"])
        if not report.ok:
            problem = PROBLEMS[report.problem].format(limit=settings.RUTA_AUDIT_SEAL_WITHIN_SECONDS)
            where = (
                f"event #{report.broken_seq}"
                if report.broken_seq is not None
                else f"the unsealed event appended #{report.appended}"
            )
            raise CommandError(
                f"Audit chain broken at {where}: {problem} "
                f"({report.checked} events verified before it)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {report.checked} events, head {report.head_hash}."
            )
        )

    def _seal(self, every: float, duration: float, verbosity: int) -> None:
        from django.db import close_old_connections

        started = time.monotonic()
        while True:
            sealed = chain_seal()
            if not every or verbosity > 1:
                self.stdout.write(f"Sealed {sealed} audit events.")
            if not every or (duration and time.monotonic() - started + every > duration):
                return
            close_old_connections()
            time.sleep(every)
