"""Enrolling participants in a session, withdrawing them, the attendance register (a whole
day in one call) and the pre- and post-tests (scored against the course's test; the scores
and the normalised gain are copied on the enrolment for the reports)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.core.actor import Actor
from ruta.core.errors import check_version, require
from ruta.prevention import policies, scoring
from ruta.prevention.choices import EnrolmentStatus, ResultKind, SessionStatus
from ruta.prevention.models import (
    Answer,
    Attendance,
    Enrolment,
    Instrument,
    Participant,
    Question,
    Result,
    TrainingSession,
)
from ruta.prevention.services._common import bump, record


def _locked_session(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def enrolment_create(
    *,
    actor: Actor,
    session: TrainingSession,
    participant: Participant | None = None,
    email: str = "",
) -> Enrolment:
    """Enrol a participant in a session the actor manages: one of the actor's scope, or one
    recorded by another institution named by their exact e-mail (``policies.can_enrol``).
    Not when the session is cancelled or full, nor twice (a withdrawn participant is enrolled
    again)."""
    require(policies.can_manage_session(actor, session))
    session = _locked_session(session)  # enrolments of one session, one at a time
    errors: dict = {}
    if session.status == SessionStatus.CANCELLED:
        errors["session"] = [_("This session is cancelled.")]
    email = (email or "").strip()
    if participant is None and email:
        participant = Participant.objects.filter(
            email__iexact=email, institution__is_active=True
        ).first()
        if participant is None or not policies.can_enrol(
            actor, session, participant, known_email=email
        ):
            participant = None
            errors["email"] = [_("No participant has this e-mail: record them first.")]
    elif participant is None or not policies.can_enrol(actor, session, participant):
        errors["participant"] = [_("Unknown participant.")]
    existing = None
    if participant is not None and "participant" not in errors:
        existing = Enrolment.objects.filter(session=session, participant=participant).first()
        if existing is not None and existing.status == EnrolmentStatus.ENROLLED:
            errors["participant"] = [_("This participant is already enrolled.")]
    enrolled = Enrolment.objects.filter(session=session, status=EnrolmentStatus.ENROLLED).count()
    if enrolled >= session.capacity:
        errors.setdefault("session", []).append(
            _("This session is full (%(n)s places).") % {"n": session.capacity}
        )
    if errors or participant is None:
        raise ValidationError(errors)
    if existing is not None:
        existing.status = EnrolmentStatus.ENROLLED
        bump(existing, ["status"])
        enrolment = existing
    else:
        enrolment = Enrolment.objects.create(session=session, participant=participant)
    record(
        "enrolment.created",
        actor,
        enrolment,
        session.institution_id,
        data={"session": str(session.pk), "participant": str(enrolment.participant_id)},
    )
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, actor: Actor, enrolment: Enrolment, version: int | None) -> Enrolment:
    """Withdraw an enrolled participant (their attendance and tests stay on record)."""
    require(policies.can_manage_session(actor, enrolment.session))
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    check_version(enrolment, version)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError({"status": [_("This participant is not enrolled.")]})
    enrolment.status = EnrolmentStatus.WITHDRAWN
    bump(enrolment, ["status"])
    record(
        "enrolment.withdrawn",
        actor,
        enrolment,
        enrolment.session.institution_id,
        changed_fields=["status"],
        data={"session": str(enrolment.session_id)},
    )
    return enrolment


def session_days(session: TrainingSession) -> list[date]:
    return [session.starts_on + timedelta(days=n) for n in range(session.days)]


@transaction.atomic
def attendance_record(
    *,
    actor: Actor,
    session: TrainingSession,
    day: date | None,
    present: dict[UUID, bool],
) -> int:
    """The register of one day of the session, whole: ``present`` maps the id of each
    enrolment to whether the participant came; an enrolled participant it does not name was
    absent. Only days within the session's dates, not in the future; ids of other sessions'
    enrolments are refused. Updates each enrolment's ``days_present``; returns how many were
    present."""
    require(policies.can_manage_session(actor, session))
    session = _locked_session(session)
    errors: dict = {}
    if session.status == SessionStatus.CANCELLED:
        errors["session"] = [_("This session is cancelled.")]
    if day is None:
        errors["day"] = [_("This field is required.")]
    elif not session.starts_on <= day <= session.ends_on:
        errors["day"] = [
            _("This day is not one of the session's (%(start)s to %(end)s).")
            % {
                "start": session.starts_on.strftime("%d/%m/%Y"),
                "end": session.ends_on.strftime("%d/%m/%Y"),
            }
        ]
    elif day > timezone.localdate():
        errors["day"] = [_("This date is in the future.")]
    enrolments = {
        e.pk: e for e in Enrolment.objects.filter(session=session, status=EnrolmentStatus.ENROLLED)
    }
    unknown = [str(k) for k in present if k not in enrolments]
    if unknown:
        errors["present"] = [
            _("These enrolments are not in this session: %(ids)s") % {"ids": ", ".join(unknown[:5])}
        ]
    if errors or day is None:
        raise ValidationError(errors)
    existing = {
        a.enrolment_id: a
        for a in Attendance.objects.filter(enrolment__in=enrolments.values(), day=day)
    }
    create, update = [], []
    for pk in enrolments:
        came = bool(present.get(pk, False))
        row = existing.get(pk)
        if row is None:
            create.append(Attendance(enrolment_id=pk, day=day, present=came))
        elif row.present != came:
            row.present = came
            update.append(row)
    Attendance.objects.bulk_create(create)
    Attendance.objects.bulk_update(update, ["present"])
    _recount_days(session, list(enrolments.values()))
    came_count = sum(1 for pk in enrolments if present.get(pk))
    record(
        "attendance.recorded",
        actor,
        session,
        session.institution_id,
        data={
            "day": day.isoformat(),
            "present": came_count,
            "absent": len(enrolments) - came_count,
        },
    )
    return came_count


def _recount_days(session: TrainingSession, enrolments: list[Enrolment]) -> None:
    counts = dict(
        Attendance.objects.filter(
            enrolment__in=enrolments,
            present=True,
            day__gte=session.starts_on,
            day__lte=session.ends_on,
        )
        .values("enrolment")
        .annotate(n=Count("pk", filter=Q(present=True)))
        .values_list("enrolment", "n")
    )
    changed = []
    for enrolment in enrolments:
        n = counts.get(enrolment.pk, 0)
        if enrolment.days_present != n:
            enrolment.days_present = n
            changed.append(enrolment)
    Enrolment.objects.bulk_update(changed, ["days_present"])


def _answer_errors(
    questions: list[Question], answers: dict[int, str], errors: dict
) -> dict[int, str]:
    by_position = {q.position: q for q in questions}
    clean: dict[int, str] = {}
    for position, key in answers.items():
        question = by_position.get(position)
        key = (key or "").strip()
        if question is None:
            errors.setdefault("answers", []).append(
                _("There is no question %(n)s.") % {"n": position}
            )
        elif key and key not in {str(o.get("key")) for o in question.options}:
            errors.setdefault("answers", []).append(
                _("Question %(n)s has no option %(key)s.") % {"n": position, "key": key[:10]}
            )
        else:
            clean[position] = key
    return clean


@transaction.atomic
def result_record(
    *,
    actor: Actor,
    enrolment: Enrolment,
    kind: str,
    answers: dict[int, str],
    version: int | None,
    taken_on: date | None = None,
) -> Result:
    """Record the pre- or post-test of an enrolled participant: ``answers`` maps each
    question's position to the option key chosen ('' or absent: unanswered). Scored against
    the course's test; the scores and the normalised gain are copied on the enrolment.
    Entering a test again replaces it (``version`` is the enrolment's, checked)."""
    session = enrolment.session
    require(policies.can_manage_session(actor, session))
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("session")
        .get(pk=enrolment.pk)
    )
    check_version(enrolment, version)
    errors: dict = {}
    if enrolment.status != EnrolmentStatus.ENROLLED:
        errors["status"] = [_("This participant is not enrolled.")]
    if kind not in ResultKind.values:
        errors["kind"] = [_("Unknown code: %(code)s") % {"code": str(kind)[:10]}]
    instrument = Instrument.objects.filter(course_id=session.course_id).first()
    questions = list(instrument.questions.order_by("position")) if instrument else []
    if not questions:
        errors["answers"] = [_("This course has no test with questions.")]
    clean = _answer_errors(questions, answers, errors) if questions else {}
    if taken_on is None:
        taken_on = session.starts_on if kind == ResultKind.PRE else session.ends_on
        taken_on = min(taken_on, timezone.localdate())
    elif taken_on > timezone.localdate():
        errors["taken_on"] = [_("This date is in the future.")]
    if errors:
        raise ValidationError(errors)
    key = {q.position: (q.answer, q.points) for q in questions}
    total, points = scoring.score(clean, key)
    maximum = sum((Decimal(q.points) for q in questions), Decimal(0))
    replaced, _n = Result.objects.filter(enrolment=enrolment, kind=kind).delete()
    result = Result.objects.create(
        enrolment=enrolment,
        kind=kind,
        score=total,
        max_score=maximum,
        taken_on=taken_on,
        entered_by=actor.user,
    )
    Answer.objects.bulk_create(
        Answer(
            result=result, question=q, answer=clean.get(q.position, ""), points=points[q.position]
        )
        for q in questions
    )
    fields = ["max_score", "gain"]
    if kind == ResultKind.PRE:
        enrolment.pre_score = total
        fields.append("pre_score")
    else:
        enrolment.post_score = total
        fields.append("post_score")
    enrolment.max_score = maximum
    enrolment.gain = scoring.normalised_gain(
        enrolment.pre_score, enrolment.post_score, enrolment.max_score
    )
    bump(enrolment, fields)
    record(
        "result.recorded",
        actor,
        result,
        session.institution_id,
        data={"enrolment": str(enrolment.pk), "kind": kind, "replaced": bool(replaced)},
    )
    return result


def enrolment_answers(result: Result | None) -> dict[int, str]:
    """The answers of a recorded test, position -> key (for the entry form)."""
    if result is None:
        return {}
    return {a.question.position: a.answer for a in result.answers.select_related("question")}
