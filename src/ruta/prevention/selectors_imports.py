"""Reads of spreadsheet imports: the session an import is for, a job, its errors' page."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.shortcuts import get_object_or_404

from ruta.core.actor import Actor
from ruta.core.errors import require
from ruta.prevention import policies
from ruta.prevention.models import ImportJob, TrainingSession
from ruta.prevention.services.imports import error_message

ERRORS_PER_PAGE = 50
RECENT_JOBS = 10


def import_session_get(*, actor: Actor, session_id: UUID) -> TrainingSession:
    """A session the actor may import into (404 otherwise)."""
    session = get_object_or_404(
        policies.scope_sessions(actor).select_related("course", "institution"), pk=session_id
    )
    require(policies.can_manage_session(actor, session))
    return session


def import_get(*, actor: Actor, job_id: UUID) -> ImportJob:
    """A job in scope, without its file (the page and its progress poll never decrypt it)."""
    return get_object_or_404(
        policies.scope_imports(actor).select_related("session").defer("content"), pk=job_id
    )


def import_recent(*, actor: Actor, session: TrainingSession) -> list[ImportJob]:
    return list(
        policies.scope_imports(actor)
        .filter(session=session)
        .defer("content", "errors")
        .order_by("-created_at")[:RECENT_JOBS]
    )


def rendered_errors(errors: list[dict]) -> list[dict[str, Any]]:
    """Each error with its message in the current language."""
    return [{**err, "message": error_message(err)} for err in errors]


def errors_page(job: ImportJob, number: str | None, per_page: int = ERRORS_PER_PAGE) -> Page:
    page = Paginator(job.errors or [], per_page).get_page(number)
    page.object_list = rendered_errors(list(page.object_list))
    return page
