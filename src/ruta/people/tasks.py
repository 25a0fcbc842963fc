"""Background work of persons: the duplicate search. Tasks take ids, never model instances."""

from __future__ import annotations

from django_tasks import task


@task()
def linkage_task(*, run_id: str) -> str:
    from ruta.people.models import LinkageRun
    from ruta.people.services_linkage import linkage_run

    run = LinkageRun.objects.filter(pk=run_id).first()
    if run is None:
        return "gone"
    return linkage_run(run).status
