"""Background work of the statistics: bringing the summary tables up to date."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_task() -> int:
    from ruta.reporting.services import statistics_refresh

    return statistics_refresh().events


@task()
def export_task(*, job_id: str) -> str:
    from ruta.reporting.models import ExportJob
    from ruta.reporting.services_exports import export_run

    job = ExportJob.objects.filter(pk=job_id).first()
    if job is None:
        return "gone"
    return export_run(job).status
