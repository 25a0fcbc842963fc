"""The nightly duplicate search over all persons (run it from cron, e.g. ``0 2 * * *``)."""

from django.core.management.base import BaseCommand

from ruta.people.models import LinkageRun
from ruta.people.services_linkage import linkage_run, linkage_start


class Command(BaseCommand):
    help = (
        "Compare all persons and propose likely duplicates to the reviewers. Queues the run on "
        "the task queue; with --now, runs it in this process and reports the figures."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--now", action="store_true", help="run here and wait for the end")

    def handle(self, *args, now: bool = False, **options) -> None:
        run = linkage_start(actor=None)
        if now:
            run = LinkageRun.objects.get(pk=run.pk)
            if run.status == "queued":
                run = linkage_run(run)
        self.stdout.write(
            f"duplicate search {run.pk}: {run.status}; {run.persons} persons, "
            f"{run.pairs_compared} pairs compared, {run.pairs_proposed} proposed."
        )
