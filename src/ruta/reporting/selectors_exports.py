"""Reading exchange files: one's own requests, in the institution one acts for."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ruta.core.actor import Actor
from ruta.core.errors import require
from ruta.reporting import policies
from ruta.reporting.models import ExportJob


def export_list(*, actor: Actor) -> QuerySet[ExportJob]:
    require(policies.can_use_exports(actor))
    return policies.scope_export_jobs(actor, ExportJob.objects.all())


def export_get(*, actor: Actor, job_id: UUID) -> ExportJob:
    """The actor's own request (404 for anyone else's)."""
    return get_object_or_404(policies.scope_export_jobs(actor, ExportJob.objects.all()), pk=job_id)
