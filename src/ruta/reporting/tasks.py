"""Background work of the statistics: bringing the summary tables up to date."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_task() -> int:
    from ruta.reporting.services import statistics_refresh

    return statistics_refresh().events
