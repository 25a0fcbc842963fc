"""Reads of participants, enrolments, attendance and tests. Each starts from a scope of
``prevention.policies`` (404 outside it); reads that show names are audited."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from ruta.core.actor import Actor
from ruta.core.errors import require, uuid_or_404
from ruta.prevention import policies
from ruta.prevention.choices import EnrolmentStatus, ResultKind
from ruta.prevention.models import (
    Attendance,
    Enrolment,
    Participant,
    Question,
    Result,
    TrainingSession,
)
from ruta.prevention.services._common import record
from ruta.prevention.services.enrolments import session_days

SEARCH_MAX = 100
SEARCH_ROWS = 50  # a search answers its first rows, closest by name


def audit_participants_read(actor: Actor, *, rows: int, target: Any = None) -> None:
    """A read that showed participants' names (counts and ids only)."""
    if rows:
        record(
            "participants.viewed",
            actor,
            target,
            getattr(target, "institution_id", None) or actor.institution_id,
            data={"rows": rows},
        )


def participant_list(*, actor: Actor, search: str = "") -> QuerySet[Participant]:
    """Participants in scope, by family name; ``search`` matches names, e-mail or the
    institution's name (each word)."""
    require(policies.can_list_participants(actor))
    qs = policies.scope_participants(actor).select_related("institution", "unit")
    for word in search.split()[:5]:
        qs = qs.filter(
            Q(given_names__icontains=word)
            | Q(family_names__icontains=word)
            | Q(email__icontains=word)
            | Q(institution__name__icontains=word)
        )
    return qs.order_by("family_names", "given_names", "pk")


def participant_get(*, actor: Actor, participant_id: UUID | str) -> Participant:
    return get_object_or_404(
        policies.scope_participants(actor).select_related(
            "institution", "unit", "department", "recorded_by", "user"
        ),
        pk=uuid_or_404(participant_id),
    )


def participant_enrolments(*, actor: Actor, participant: Participant) -> list[Enrolment]:
    """The participant's enrolments the actor may see, newest session first."""
    return list(
        policies.scope_enrolments(actor)
        .filter(participant=participant)
        .select_related("session__course", "session__institution")
        .order_by("-session__starts_on", "pk")
    )


def session_get(*, actor: Actor, session_id: UUID | str) -> TrainingSession:
    return get_object_or_404(
        policies.scope_sessions(actor).select_related("course", "institution"),
        pk=uuid_or_404(session_id),
    )


def enrolment_get(*, actor: Actor, enrolment_id: UUID | str) -> Enrolment:
    return get_object_or_404(
        policies.scope_enrolments(actor).select_related(
            "session__course", "session__institution", "participant__institution"
        ),
        pk=uuid_or_404(enrolment_id),
    )


def session_enrolments(*, actor: Actor, session: TrainingSession) -> list[Enrolment]:
    """The session's enrolments the actor sees: all of them for the organiser, the
    institution's own staff for an employer."""
    return list(
        policies.scope_enrolments(actor)
        .filter(session=session)
        .select_related("participant__institution")
        .order_by("participant__family_names", "participant__given_names", "pk")
    )


def session_people(actor: Actor, session: TrainingSession) -> dict[str, Any]:
    """The context of ``prevention/people/_session_people.html``: the enrolments the actor
    sees, what they may do, the participants they may enrol. Audited when names show."""
    enrolments = session_enrolments(actor=actor, session=session)
    can_manage = policies.can_manage_session(actor, session)
    enrolled = [e for e in enrolments if e.status == EnrolmentStatus.ENROLLED]
    candidates: list[Participant] = []
    if can_manage:
        candidates = list(
            policies.scope_participants(actor)
            .exclude(
                pk__in=Enrolment.objects.filter(
                    session=session, status=EnrolmentStatus.ENROLLED
                ).values("participant_id")
            )
            .select_related("institution")
            .order_by("family_names", "given_names", "pk")[:500]
        )
    audit_participants_read(actor, rows=len(enrolments), target=session)
    return {
        "session": session,
        "enrolments": enrolments,
        "enrolled_count": len(enrolled),
        "places_left": max(session.capacity - len(enrolled), 0),
        "can_manage": can_manage,
        "candidates": candidates,
        "days": session_days(session),
    }


def attendance_register(
    *, actor: Actor, session: TrainingSession, day
) -> list[tuple[Enrolment, bool]]:
    """Each enrolled participant and whether they came on ``day`` (unrecorded: False)."""
    enrolments = [
        e
        for e in session_enrolments(actor=actor, session=session)
        if e.status == EnrolmentStatus.ENROLLED
    ]
    came = set(
        Attendance.objects.filter(
            enrolment__in=[e.pk for e in enrolments], day=day, present=True
        ).values_list("enrolment_id", flat=True)
    )
    return [(e, e.pk in came) for e in enrolments]


def test_questions(enrolment: Enrolment) -> list[Question]:
    return list(
        Question.objects.filter(instrument__course_id=enrolment.session.course_id).order_by(
            "position"
        )
    )


def recorded_answers(enrolment: Enrolment, kind: str) -> dict[int, str]:
    result = (
        Result.objects.filter(enrolment=enrolment, kind=kind)
        .prefetch_related(Prefetch("answers__question"))
        .first()
    )
    if result is None:
        return {}
    return {a.question.position: a.answer for a in result.answers.all()}


def staff_trainings(*, actor: Actor) -> QuerySet[Enrolment]:
    """The employer's view: its own staff's enrolments and scores, newest session first."""
    require(policies.can_view_staff_trainings(actor))
    return (
        policies.scope_staff_enrolments(actor)
        .select_related("participant", "session__course", "session__institution")
        .order_by("-session__starts_on", "participant__family_names", "pk")
    )


RESULT_KINDS = ResultKind.values
