"""Keep the statistics' summary tables current: ``ruta refresh_statistics --every 15 --for 55``
from cron every minute (or as a service without ``--for``), and ``--full`` nightly."""

import time

from django.core.management.base import BaseCommand

from ruta.reporting.services import statistics_rebuild, statistics_refresh


class Command(BaseCommand):
    help = (
        "Bring the statistics up to date with what the audit trail records since the last "
        "refresh; with --full, recompute them from every record."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--full", action="store_true", help="recompute everything")
        parser.add_argument(
            "--every", type=float, default=0, help="refresh again every this many seconds"
        )
        parser.add_argument(
            "--for",
            dest="duration",
            type=float,
            default=0,
            help="with --every: stop after this many seconds (default: never)",
        )

    def handle(self, *args, full: bool = False, every: float = 0, duration: float = 0, **options):
        from django.db import close_old_connections

        if full:

            def progress(done: int, total: int) -> None:
                if options["verbosity"] > 1:
                    self.stdout.write(f"{done}/{total} cases")

            facts = statistics_rebuild(progress=progress)
            self.stdout.write(f"statistics rebuilt: {facts} victims counted.")
            return
        started = time.monotonic()
        from ruta.reporting.services_exports import exports_expire

        while True:
            result = statistics_refresh()
            exports_expire()
            if not every or options["verbosity"] > 1:
                self.stdout.write(
                    f"statistics refreshed: {result.events} events, {result.cases} cases, "
                    f"{result.changed} summary rows changed."
                )
            if not every or (duration and time.monotonic() - started + every > duration):
                return
            close_old_connections()
            time.sleep(every)
