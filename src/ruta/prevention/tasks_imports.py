"""Background tasks of spreadsheet imports. Tasks take ids (never model instances) and restore
the actor who uploaded or confirmed the file, whose rights are checked again."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


def _actor_and_job(job_id: str, membership_id: str):
    from ruta.accounts.models import Membership
    from ruta.core.actor import actor_for_membership
    from ruta.prevention.models import ImportJob

    job = ImportJob.objects.filter(pk=job_id).first()
    membership = (
        Membership.objects.select_related("user", "role", "institution", "unit")
        .filter(pk=membership_id, is_active=True, user__is_active=True)
        .first()
    )
    if job is None:  # discarded meanwhile
        return None, None
    if membership is None:  # the membership ended: nobody may act on the file any more
        return None, job
    return actor_for_membership(membership, via="system"), job


def _refuse(job_id: str) -> str:
    from ruta.prevention.choices import ImportStatus
    from ruta.prevention.models import ImportJob

    logger.warning("prevention import %s: its user may no longer act on it", job_id)
    ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.FAILED)
    return "failed"


@task()
def import_check_task(*, job_id: str, membership_id: str) -> str:
    from ruta.core.errors import NotPermitted
    from ruta.prevention.services import imports

    actor, job = _actor_and_job(job_id, membership_id)
    if job is None:
        return "gone"
    if actor is None:
        return _refuse(job_id)
    try:
        return imports.import_check(actor=actor, job=job).status
    except NotPermitted:
        return _refuse(job_id)


@task()
def import_run_task(*, job_id: str, membership_id: str) -> str:
    from ruta.prevention.services import imports

    actor, job = _actor_and_job(job_id, membership_id)
    if job is None:
        return "gone"
    if actor is None:
        return _refuse(job_id)
    return imports.import_run(actor=actor, job=job).status
