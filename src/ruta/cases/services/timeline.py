"""The case's timeline, which other apps write on too (care, referrals)."""

from __future__ import annotations

from django.utils import timezone

from ruta.cases.models import Case, CaseActivity
from ruta.core.actor import Actor


def timeline_add(case: Case, kind: str, actor: Actor, detail: str = "") -> None:
    """One line on the case's timeline: a code and an id or code as detail, never free text."""
    CaseActivity.objects.create(
        case=case, kind=kind, at=timezone.now(), user=actor.user, detail=detail[:200]
    )
