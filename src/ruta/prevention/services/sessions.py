"""Training sessions: a course version given on dates at a place, hosted by an institution,
open to institution types and named institutions, with its trainers (staff or external)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.core.actor import Actor
from ruta.core.choices import InstitutionType
from ruta.core.errors import check_version, require
from ruta.core.models import Department, Municipality
from ruta.core.references import next_reference
from ruta.institutions.models import Institution
from ruta.prevention import policies
from ruta.prevention.choices import EnrolmentStatus, SessionStatus
from ruta.prevention.models import (
    Certificate,
    Course,
    Participant,
    SessionOpenType,
    SessionTrainer,
    TrainingSession,
)
from ruta.prevention.services._common import bump, record, text

# The moves a session's status may make.
TRANSITIONS = {
    SessionStatus.PLANNED: (SessionStatus.ONGOING, SessionStatus.CANCELLED),
    SessionStatus.ONGOING: (SessionStatus.COMPLETED, SessionStatus.CANCELLED),
    SessionStatus.COMPLETED: (),
    SessionStatus.CANCELLED: (),
}
MAX_CAPACITY = 10_000


def _enrolled(session: TrainingSession | None) -> int:
    if session is None:
        return 0
    return session.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()


def _session_values(
    errors: dict, data: dict, session: TrainingSession | None
) -> tuple[dict, list[str], list[Institution]]:
    starts_on: date | None = data.get("starts_on")
    ends_on: date | None = data.get("ends_on")
    if starts_on is None:
        errors["starts_on"] = [_("This field is required.")]
    if ends_on is None:
        errors["ends_on"] = [_("This field is required.")]
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("The session cannot end before it starts.")]
    elif starts_on is not None and (ends_on - starts_on).days > 365:
        errors["ends_on"] = [_("A session lasts a year at most.")]
    department: Department | None = data.get("department")
    municipality: Municipality | None = data.get("municipality")
    if department is None:
        errors["department"] = [_("This field is required.")]
    elif municipality is not None and municipality.department_id != department.pk:
        errors["municipality"] = [_("This municipality is not in the department chosen.")]
    host: Institution | None = data.get("host")
    if host is None or not host.is_active:
        errors["host"] = [_("Choose an active institution.")]
    capacity = data.get("capacity")
    if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
        errors["capacity"] = [_("Enter a capacity of at least one participant.")]
    elif capacity > MAX_CAPACITY:
        errors["capacity"] = [_("Enter a capacity of at most 10000 participants.")]
    else:
        enrolled = _enrolled(session)
        if capacity < enrolled:
            errors["capacity"] = [
                _("%(n)s participants are already enrolled: the capacity cannot be lower.")
                % {"n": enrolled}
            ]
    open_types = list(dict.fromkeys(data.get("open_types") or []))
    unknown = [t for t in open_types if t not in InstitutionType.values]
    if unknown:
        errors["open_types"] = [_("Unknown code: %(code)s") % {"code": unknown[0][:40]}]
    open_institutions = list(dict.fromkeys(data.get("open_institutions") or []))
    if any(not i.is_active for i in open_institutions):
        errors["open_institutions"] = [_("Choose active institutions.")]
    values = {
        "starts_on": starts_on,
        "ends_on": ends_on,
        "department": department,
        "municipality": municipality,
        "venue": text(errors, "venue", data.get("venue"), required=False, limit=200),
        "host": host,
        "capacity": capacity,
    }
    return values, open_types, open_institutions


def _stored(session: TrainingSession, name: str) -> Any:
    if name in ("department", "municipality", "host"):
        return getattr(session, f"{name}_id")
    return getattr(session, name)


def _raw(value: Any) -> Any:
    return value.pk if hasattr(value, "pk") else value


def _set_openings(
    session: TrainingSession, open_types: list[str], open_institutions: list[Institution]
) -> bool:
    """Write who the session is open to; True when it changed."""
    current_types = set(session.open_types.values_list("institution_type", flat=True))
    current_insts = set(session.open_to_institutions.values_list("pk", flat=True))
    if current_types == set(open_types) and current_insts == {i.pk for i in open_institutions}:
        return False
    session.open_types.exclude(institution_type__in=open_types).delete()
    SessionOpenType.objects.bulk_create(
        SessionOpenType(session=session, institution_type=t)
        for t in open_types
        if t not in current_types
    )
    session.open_to_institutions.set(open_institutions)
    return True


@transaction.atomic
def session_create(*, actor: Actor, course: Course, **data: Any) -> TrainingSession:
    """A planned session of one of the institution's own active courses."""
    require(policies.can_create_session(actor, course))
    errors: dict = {}
    values, open_types, open_institutions = _session_values(errors, data, None)
    if errors:
        raise ValidationError(errors)
    session = TrainingSession.objects.create(
        reference=next_reference("CAP"),
        course=course,
        institution_id=course.institution_id,
        **values,
    )
    _set_openings(session, open_types, open_institutions)
    record(
        "session.created",
        actor,
        session,
        session.institution_id,
        changed_fields=sorted([*values, "open_types", "open_institutions"]),
        data={"reference": session.reference, "course": course.code, "edition": course.edition},
    )
    return session


@transaction.atomic
def session_update(
    *, actor: Actor, session: TrainingSession, version: int | None, **data: Any
) -> TrainingSession:
    """Change the dates, place, host, capacity and openings (not the course)."""
    require(policies.can_manage_session(actor, session))
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    check_version(session, version)
    errors: dict = {}
    if session.status in (SessionStatus.COMPLETED, SessionStatus.CANCELLED):
        errors["__all__"] = [_("A completed or cancelled session can no longer change.")]
    values, open_types, open_institutions = _session_values(errors, data, session)
    if errors:
        raise ValidationError(errors)
    changed = [k for k, v in values.items() if _stored(session, k) != _raw(v)]
    for name in changed:
        setattr(session, name, values[name])
    openings = _set_openings(session, open_types, open_institutions)
    if not changed and not openings:
        return session
    bump(session, changed)
    record(
        "session.updated",
        actor,
        session,
        session.institution_id,
        changed_fields=[*changed, *(["openings"] if openings else [])],
        data={"reference": session.reference},
    )
    return session


@transaction.atomic
def session_status_change(
    *, actor: Actor, session: TrainingSession, version: int | None, status: str
) -> TrainingSession:
    """planned -> ongoing -> completed; planned or ongoing -> cancelled. A session starts on
    or after its first day, completes on or after its last, and is not cancelled once a
    certificate was issued for it."""
    require(policies.can_manage_session(actor, session))
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    check_version(session, version)
    today = timezone.localdate()
    errors: dict = {}
    allowed = TRANSITIONS.get(SessionStatus(session.status), ())
    if status not in SessionStatus.values:
        errors["status"] = [_("Unknown code: %(code)s") % {"code": str(status)[:20]}]
    elif status not in allowed:
        errors["status"] = [
            _("A %(current)s session cannot become %(new)s.")
            % {
                "current": SessionStatus(session.status).label,
                "new": SessionStatus(status).label,
            }
        ]
    elif status == SessionStatus.ONGOING and session.starts_on > today:
        errors["status"] = [_("The session starts later: it cannot be under way yet.")]
    elif status == SessionStatus.COMPLETED and session.ends_on > today:
        errors["status"] = [_("The session ends later: it cannot be completed yet.")]
    elif (
        status == SessionStatus.CANCELLED
        and Certificate.objects.filter(enrolment__session=session).exists()
    ):
        errors["status"] = [_("Certificates were issued for this session: it cannot be cancelled.")]
    if errors:
        raise ValidationError(errors)
    before = session.status
    session.status = status
    bump(session, ["status"])
    record(
        "session.status_changed",
        actor,
        session,
        session.institution_id,
        changed_fields=["status"],
        data={"reference": session.reference, "from": before, "to": status},
    )
    return session


# --- trainers -------------------------------------------------------------------------------
@transaction.atomic
def trainer_add(
    *,
    actor: Actor,
    session: TrainingSession,
    participant: Participant | None = None,
    external_name: str = "",
    external_organisation: str = "",
) -> SessionTrainer:
    """A participant the institution reaches (staff, a certified trainer or anyone it
    recorded), or an external trainer by name and organisation."""
    require(policies.can_manage_session(actor, session))
    errors: dict = {}
    name = text(errors, "external_name", external_name, required=False, limit=200)
    organisation = text(
        errors, "external_organisation", external_organisation, required=False, limit=200
    )
    if participant is not None:
        if name or organisation:
            errors["participant"] = [
                _("Choose a participant or name an external trainer, not both.")
            ]
        elif not policies.scope_participants(actor).filter(pk=participant.pk).exists():
            errors["participant"] = [_("Choose a participant your institution works with.")]
        elif session.trainers.filter(participant=participant).exists():
            errors["participant"] = [_("This person is already a trainer of the session.")]
    elif not name:
        errors["external_name"] = [_("Choose a participant or name an external trainer.")]
    elif not organisation:
        errors["external_organisation"] = [_("Name the external trainer's organisation.")]
    if session.status in (SessionStatus.COMPLETED, SessionStatus.CANCELLED):
        errors["__all__"] = [_("A completed or cancelled session can no longer change.")]
    if errors:
        raise ValidationError(errors)
    trainer = SessionTrainer.objects.create(
        session=session,
        participant=participant,
        external_name=name,
        external_organisation=organisation,
    )
    record(
        "session.trainer_added",
        actor,
        session,
        session.institution_id,
        data={
            "reference": session.reference,
            "trainer": str(trainer.pk),
            "participant": str(participant.pk) if participant else None,
        },
    )
    return trainer


@transaction.atomic
def trainer_remove(*, actor: Actor, trainer: SessionTrainer) -> TrainingSession:
    session = trainer.session
    require(policies.can_manage_session(actor, session))
    if session.status in (SessionStatus.COMPLETED, SessionStatus.CANCELLED):
        raise ValidationError(_("A completed or cancelled session can no longer change."))
    trainer_id = str(trainer.pk)
    trainer.delete()
    record(
        "session.trainer_removed",
        actor,
        session,
        session.institution_id,
        data={"reference": session.reference, "trainer": trainer_id},
    )
    return session
