"""Writes on protection cases. Each checks a policy, validates, saves, records the case's
timeline and an audit event; side effects wait for the commit."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pycountry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruta.accounts.models import User
from ruta.audit import services as audit
from ruta.cases import attachments as attachment_files
from ruta.cases import policies
from ruta.cases import screening as screening_engine
from ruta.cases.choices import (
    DECIDING_TYPE_FOR_INSTITUTION,
    TASKS_DONE_BY_RECORD,
    ActivityKind,
    Answer,
    App,
    CaseStatus,
    ClosureReason,
    ConsentGivenBy,
    ConsentPurpose,
    DecidingOrganisationType,
    EventType,
    FormOfExploitation,
    IdentificationStatus,
    MeansOfControl,
    RecruitmentMethod,
    RelationshipToRecruiter,
    TaskKind,
    VictimType,
)
from ruta.cases.models import (
    AccessGrant,
    Attachment,
    Case,
    CaseActivity,
    Consent,
    IdentificationDecision,
    Note,
    Screening,
    ScreeningInstrument,
    Task,
    TraffickingEvent,
)
from ruta.core.actor import Actor
from ruta.core.errors import DomainError, check_version, require
from ruta.core.models import Department, Municipality
from ruta.core.references import next_reference
from ruta.institutions.models import Institution
from ruta.intake.choices import ReportStatus
from ruta.intake.models import Report
from ruta.people.models import Person
from ruta.people.policies import scope_persons

CHILD_AGE = 18


class CaseClosed(DomainError):
    status = 409

    def __init__(self) -> None:
        super().__init__(_("This case is closed. Reopen it, with a justification, to change it."))


def timeline_add(case: Case, kind: str, actor: Actor, detail: str = "") -> None:
    """One line on the case's timeline: a code and an id or code as detail, never free text."""
    CaseActivity.objects.create(
        case=case, kind=kind, at=timezone.now(), user=actor.user, detail=detail[:200]
    )


_activity = timeline_add


def _end_of_local_day(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    return timezone.make_aware(datetime.combine(local.date(), time(23, 59, 59)))


def _is_child(person: Person, on: date, report: Report | None) -> bool:
    age = person.age(on)
    if age is None:
        return bool(report and report.child_involved)
    return age < CHILD_AGE


def _ensure_child_task(case: Case) -> None:
    """Every child's case notifies the child-protection agency the same day."""
    if not case.tasks.filter(kind=TaskKind.CHILD_PROTECTION_NOTIFICATION).exists():
        Task.objects.create(
            case=case,
            kind=TaskKind.CHILD_PROTECTION_NOTIFICATION,
            due_at=_end_of_local_day(timezone.now()),
        )


def _notify_case(users, case: Case, kind: str, title) -> None:
    """In-app and, as each user chooses, e-mail: a title and a link, no personal data."""
    from django.urls import reverse

    from ruta.notifications.services import notify

    notify(
        users=users,
        institution_id=case.institution_id,
        kind=kind,
        title=title,
        url=reverse("cases:case-detail", kwargs={"case_id": case.pk}),
    )


def _locked(case: Case, version: int | None) -> Case:
    # Lock the case row only: PostgreSQL refuses to lock the nullable side of the report join.
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("institution", "person", "report")
        .get(pk=case.pk)
    )
    check_version(case, version)
    return case


def _bump(case: Case, fields: list[str]) -> None:
    case.version += 1
    case.save(update_fields=[*fields, "version", "updated_at"])


def _check_codes(values: list[str], allowed: list[str], field: str, errors: dict) -> None:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        errors[field] = [_("Unknown code: %(code)s") % {"code": ", ".join(unknown)}]


# Sent inside the transaction that finds a case to be a child's (on opening, or when the
# identification decision shows it): the referrals app creates the mandatory referral to the
# child-protection agency without cases importing it. Arguments: case, actor.
child_case = Signal()


@transaction.atomic
def grant_open(
    *,
    case: Case,
    institution: Institution,
    sections: list[str],
    source: str,
    source_id,
    assigned_to: User | None = None,
    unit=None,
) -> AccessGrant:
    """Give an institution need-to-know access to some sections of a case, from now on."""
    unknown = set(sections) - set(policies.SECTIONS)
    if unknown:
        raise ValueError(f"unknown sections: {sorted(unknown)}")
    return AccessGrant.objects.create(
        case=case,
        institution=institution,
        sections=sorted(sections),
        valid_from=timezone.now(),
        source=source,
        source_id=source_id,
        assigned_to=assigned_to,
        unit=unit,
    )


def grant_reassign(*, source: str, source_id, assigned_to: User, unit_id=None) -> int:
    """Another person of the receiving institution now works on it: "own" and "unit"
    scopes follow the grant's assignee and unit."""
    return AccessGrant.objects.filter(
        source=source, source_id=source_id, valid_until__isnull=True
    ).update(assigned_to=assigned_to, unit_id=unit_id)


@transaction.atomic
def case_change_owner(*, actor: Actor, case: Case, institution: Institution, reason_id) -> Case:
    """Ownership moves to ``institution`` (an accepted transfer, ``reason_id``): it starts
    unassigned there, and the grants the new owner held end since it no longer needs them.
    The transfer service checked who may do this."""
    case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    previous = case.institution_id
    case.institution, case.unit, case.assigned_to = institution, None, None
    _bump(case, ["institution", "unit", "assigned_to"])
    AccessGrant.objects.filter(case=case, institution=institution, valid_until__isnull=True).update(
        valid_until=timezone.now()
    )
    _activity(case, ActivityKind.TRANSFERRED, actor, detail=str(reason_id))
    audit.record(
        action="cases.case.owner_changed",
        actor=actor,
        target=case,
        target_institution_id=institution.pk,
        data={"from": str(previous), "to": str(institution.pk), "transfer": str(reason_id)},
    )
    return case


def grant_close(*, source: str, source_id) -> int:
    """End the grants a referral or a transfer opened; the rows stay as history."""
    return AccessGrant.objects.filter(
        source=source, source_id=source_id, valid_until__isnull=True
    ).update(valid_until=timezone.now())


@transaction.atomic
def case_open(
    *,
    actor: Actor,
    person: Person,
    report: Report | None = None,
    victim_type: str = VictimType.DIRECT,
    related_case: Case | None = None,
    assigned_to: User | None = None,
) -> Case:
    """Open a case for a person, from an accepted report or directly."""
    require(policies.can_open_case(actor))
    require(scope_persons(actor).filter(pk=person.pk).exists())
    errors: dict[str, list[str]] = {}
    if report is not None and (
        report.institution_id != actor.institution_id or report.status != ReportStatus.ACCEPTED
    ):
        errors["report"] = [_("A case is opened from a report accepted into the ERI queue.")]
    if victim_type not in VictimType.values:
        errors["victim_type"] = [_("Unknown code: %(code)s") % {"code": victim_type}]
    elif victim_type == VictimType.INDIRECT and related_case is None:
        errors["related_case"] = [_("An indirect victim's case names the direct victim's case.")]
    if related_case is not None and related_case.institution_id != actor.institution_id:
        errors["related_case"] = [_("Unknown case.")]
    if assigned_to is not None and not _may_work_cases(assigned_to, actor.institution_id):
        errors["assigned_to"] = [_("This person cannot work on cases of this institution.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    if assigned_to is None and actor.scope == "own":
        assigned_to = actor.user  # otherwise the case worker would lose sight of it at once
    case = Case(
        reference=next_reference("C"),
        institution_id=actor.institution_id,
        unit_id=actor.unit_id,
        person=person,
        report=report,
        victim_type=victim_type,
        related_case=related_case,
        assigned_to=assigned_to,
        opened_at=now,
        is_child=_is_child(person, timezone.localdate(), report),
    )
    case.full_clean()
    case.save(force_insert=True)
    reported_at = report.received_at if report else now
    Task.objects.create(
        case=case,
        kind=TaskKind.FIRST_CONTACT,
        due_at=reported_at + timedelta(hours=case.institution.first_contact_hours),
    )
    _activity(case, ActivityKind.OPENED, actor)
    if case.is_child:
        _ensure_child_task(case)
        child_case.send(sender=Case, case=case, actor=actor)
    audit.record(
        action="cases.case.opened",
        actor=actor,
        target=case,
        data={"child": case.is_child, "report": str(report.pk) if report else None},
    )
    return case


def _may_work_cases(user: User, institution_id) -> bool:
    memberships = user.memberships.filter(
        institution_id=institution_id, is_active=True, user__is_active=True
    ).select_related("role")
    return any("cases.view" in m.role.capabilities for m in memberships)


@transaction.atomic
def case_assign(*, actor: Actor, case: Case, version: int | None, assignee: User) -> Case:
    case = _locked(case, version)
    require(policies.can_assign_case(actor, case))
    if case.is_closed:
        raise CaseClosed
    if not _may_work_cases(assignee, case.institution_id):
        raise ValidationError(
            {"assigned_to": [_("This person cannot work on cases of this institution.")]}
        )
    case.assigned_to = assignee
    _bump(case, ["assigned_to"])
    _activity(case, ActivityKind.ASSIGNED, actor, detail=assignee.get_full_name())
    audit.record(
        action="cases.case.assigned", actor=actor, target=case, data={"user": str(assignee.pk)}
    )
    if assignee != actor.user:
        _notify_case([assignee], case, "cases.assigned", gettext_lazy("A case was assigned to you"))
    return case


@transaction.atomic
def case_record_first_contact(
    *, actor: Actor, case: Case, version: int | None, at: datetime | None = None
) -> Case:
    case = _locked(case, version)
    require(policies.can_edit_case(actor, case))
    if case.is_closed:
        raise CaseClosed
    at = at or timezone.now()
    if at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"at": [_("First contact cannot be in the future.")]})
    if case.report and at < case.report.received_at:
        raise ValidationError({"at": [_("First contact cannot precede the report.")]})
    case.first_contact_at = at
    _bump(case, ["first_contact_at"])
    case.tasks.filter(kind=TaskKind.FIRST_CONTACT, done_at__isnull=True).update(
        done_at=at, done_by=actor.user
    )
    _activity(case, ActivityKind.FIRST_CONTACT, actor)
    audit.record(action="cases.case.first_contact", actor=actor, target=case)
    return case


@transaction.atomic
def case_update_facts(
    *,
    actor: Actor,
    case: Case,
    version: int | None,
    forms_of_exploitation: list[str],
    means_of_control: list[str],
    recruitment_methods: list[str],
    recruitment_apps: list[str],
    exploitation_apps: list[str],
    relationship_to_recruiter: str,
) -> Case:
    case = _locked(case, version)
    require(policies.can_write_facts(actor, case))
    if case.is_closed:
        raise CaseClosed
    errors: dict[str, list[str]] = {}
    _check_codes(forms_of_exploitation, FormOfExploitation.values, "forms_of_exploitation", errors)
    _check_codes(means_of_control, MeansOfControl.values, "means_of_control", errors)
    _check_codes(recruitment_methods, RecruitmentMethod.values, "recruitment_methods", errors)
    _check_codes(recruitment_apps, App.values, "recruitment_apps", errors)
    _check_codes(exploitation_apps, App.values, "exploitation_apps", errors)
    _check_codes(
        [relationship_to_recruiter],
        RelationshipToRecruiter.values,
        "relationship_to_recruiter",
        errors,
    )
    if errors:
        raise ValidationError(errors)
    new = {
        "forms_of_exploitation": sorted(set(forms_of_exploitation)),
        "means_of_control": sorted(set(means_of_control)),
        "recruitment_methods": sorted(set(recruitment_methods)),
        "recruitment_apps": sorted(set(recruitment_apps)),
        "exploitation_apps": sorted(set(exploitation_apps)),
        "relationship_to_recruiter": relationship_to_recruiter,
    }
    changed = [k for k, v in new.items() if getattr(case, k) != v]
    if not changed:
        return case
    for k in changed:
        setattr(case, k, new[k])
    _bump(case, changed)
    _activity(case, ActivityKind.DETAILS, actor)
    audit.record(
        action="cases.case.facts_updated", actor=actor, target=case, changed_fields=changed
    )
    return case


@transaction.atomic
def identification_decide(
    *,
    actor: Actor,
    case: Case,
    version: int | None,
    status: str,
    decided_on: date,
    basis: str,
    deciding_institution: Institution | None = None,
    deciding_organisation_type: str = "",
) -> IdentificationDecision:
    """Record a person's decision. The first decision fixes the child flag by age that day."""
    case = _locked(case, version)
    require(policies.can_decide_identification(actor, case))
    if case.is_closed:
        raise CaseClosed
    institution = deciding_institution or actor.institution
    org_type = deciding_organisation_type or DECIDING_TYPE_FOR_INSTITUTION.get(
        institution.type, DecidingOrganisationType.NON_POLICE_GOVERNMENT
    )
    errors: dict[str, list[str]] = {}
    if status not in IdentificationStatus.values:
        errors["status"] = [_("Unknown code: %(code)s") % {"code": status}]
    if org_type not in DecidingOrganisationType.values:
        errors["deciding_organisation_type"] = [_("Unknown code: %(code)s") % {"code": org_type}]
    if decided_on > timezone.localdate():
        errors["decided_on"] = [_("A decision cannot be dated in the future.")]
    birth = case.person.date_of_birth
    if birth and decided_on < birth:
        errors["decided_on"] = [_("The decision cannot precede the person's birth.")]
    if not basis.strip():
        errors["basis"] = [_("State the basis of the decision.")]
    if errors:
        raise ValidationError(errors)
    first = not case.identifications.exists()
    decision = IdentificationDecision.objects.create(
        case=case,
        status=status,
        deciding_institution=institution,
        deciding_organisation_type=org_type,
        decided_on=decided_on,
        basis=basis.strip(),
        decided_by=actor.user,
    )
    if first and status != IdentificationStatus.NOT_VICTIM:
        is_child = _is_child(case.person, decided_on, case.report)
        if is_child != case.is_child:
            case.is_child = is_child
            _bump(case, ["is_child"])
    else:
        _bump(case, [])
    if case.is_child:
        _ensure_child_task(case)
        child_case.send(sender=Case, case=case, actor=actor)
    _activity(case, ActivityKind.IDENTIFICATION, actor, detail=status)
    audit.record(
        action="cases.identification.decided",
        actor=actor,
        target=decision,
        target_institution_id=case.institution_id,
        data={"case": str(case.pk), "status": status},
    )
    return decision


@transaction.atomic
def event_add(
    *,
    actor: Actor,
    case: Case,
    type: str,
    country: str,
    department: Department | None = None,
    municipality: Municipality | None = None,
    started_on: date | None = None,
    ended_on: date | None = None,
) -> TraffickingEvent:
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(policies.can_write_facts(actor, case))
    if case.is_closed:
        raise CaseClosed
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if type not in EventType.values:
        errors["type"] = [_("Unknown code: %(code)s") % {"code": type}]
    if not pycountry.countries.get(alpha_3=country or "-"):
        errors["country"] = [_("Unknown country code: %(code)s") % {"code": country}]
    if department is not None and country != "HND":
        errors["department"] = [_("Departments are recorded for events in Honduras only.")]
    if municipality is not None and (
        department is None or municipality.department_id != department.pk
    ):
        errors["municipality"] = [_("The municipality is not in the chosen department.")]
    for field, value in (("started_on", started_on), ("ended_on", ended_on)):
        if value and value > today:
            errors[field] = [_("An event cannot be in the future.")]
    if started_on and ended_on and ended_on < started_on:
        errors["ended_on"] = [_("The end is before the start.")]
    if errors:
        raise ValidationError(errors)
    event = TraffickingEvent.objects.create(
        case=case,
        type=type,
        country=country,
        department=department,
        municipality=municipality,
        started_on=started_on,
        ended_on=ended_on,
    )
    _bump(case, [])
    _activity(case, ActivityKind.EVENT, actor, detail=type)
    audit.record(
        action="cases.event.added",
        actor=actor,
        target=event,
        target_institution_id=case.institution_id,
        data={"case": str(case.pk), "type": type, "country": country},
    )
    return event


@transaction.atomic
def task_complete(*, actor: Actor, task: Task, note: str = "") -> Task:
    task = Task.objects.select_for_update().select_related("case").get(pk=task.pk)
    require(policies.can_complete_task(actor, task))
    if task.case.is_closed:
        raise CaseClosed
    if task.kind in TASKS_DONE_BY_RECORD:
        raise DomainError(_("Record the review on the care plan: that completes this task."))
    task.done_at, task.done_by, task.note = timezone.now(), actor.user, note.strip()
    task.save(update_fields=["done_at", "done_by", "note", "updated_at"])
    if task.kind == TaskKind.FIRST_CONTACT and task.case.first_contact_at is None:
        Case.objects.filter(pk=task.case_id).update(first_contact_at=task.done_at)
    _activity(task.case, ActivityKind.TASK_DONE, actor, detail=task.kind)
    audit.record(
        action="cases.task.completed",
        actor=actor,
        target=task,
        target_institution_id=task.case.institution_id,
        data={"case": str(task.case_id), "kind": task.kind},
    )
    return task


@transaction.atomic
def case_request_closure(
    *, actor: Actor, case: Case, version: int | None, reason: str, note: str
) -> Case:
    case = _locked(case, version)
    if case.is_closed:
        raise CaseClosed
    require(policies.can_request_closure(actor, case))
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": [_("Choose a reason for closing the case.")]})
    case.closure_requested_at, case.closure_requested_by = timezone.now(), actor.user
    case.closure_reason, case.closure_note, case.closure_comment = reason, note.strip(), ""
    _bump(
        case,
        [
            "closure_requested_at",
            "closure_requested_by",
            "closure_reason",
            "closure_note",
            "closure_comment",
        ],
    )
    _activity(case, ActivityKind.CLOSURE_REQUESTED, actor, detail=reason)
    audit.record(
        action="cases.case.closure_requested", actor=actor, target=case, data={"reason": reason}
    )
    from ruta.accounts.selectors import members_with_capability

    deciders = [
        u
        for u in members_with_capability(
            institution_id=case.institution_id, capability="cases.approve_closure"
        )
        if u != actor.user
    ]
    _notify_case(
        deciders, case, "cases.closure_requested", gettext_lazy("A case closure waits for you")
    )
    return case


@transaction.atomic
def case_decide_closure(
    *, actor: Actor, case: Case, version: int | None, approve: bool, comment: str
) -> Case:
    case = _locked(case, version)
    require(policies.can_decide_closure(actor, case))
    if not approve and not comment.strip():
        raise ValidationError({"comment": [_("Say why the closure is rejected.")]})
    case.closure_comment = comment.strip()
    if approve:
        case.status = (
            CaseStatus.CLOSED_REFERRED
            if case.closure_reason == ClosureReason.TRANSFERRED
            else CaseStatus.CLOSED
        )
        case.closed_at = timezone.now()
        _bump(case, ["status", "closed_at", "closure_comment"])
        kind, action = ActivityKind.CLOSURE_APPROVED, "cases.case.closed"
    else:
        case.closure_requested_at, case.closure_requested_by = None, None
        _bump(case, ["closure_requested_at", "closure_requested_by", "closure_comment"])
        kind, action = ActivityKind.CLOSURE_REJECTED, "cases.case.closure_rejected"
    _activity(case, kind, actor)
    audit.record(action=action, actor=actor, target=case, data={"reason": case.closure_reason})
    return case


@transaction.atomic
def case_reopen(*, actor: Actor, case: Case, version: int | None, justification: str) -> Case:
    case = _locked(case, version)
    require(policies.can_reopen_case(actor, case))
    if not justification.strip():
        raise ValidationError({"justification": [_("Say why the case is reopened.")]})
    case.status, case.closed_at = CaseStatus.OPEN, None
    case.closure_requested_at, case.closure_requested_by = None, None
    case.reopen_justification = justification.strip()
    _bump(
        case,
        [
            "status",
            "closed_at",
            "closure_requested_at",
            "closure_requested_by",
            "reopen_justification",
        ],
    )
    _activity(case, ActivityKind.REOPENED, actor)
    audit.record(action="cases.case.reopened", actor=actor, target=case)
    return case


@transaction.atomic
def note_add(*, actor: Actor, case: Case, sensitivity: str, body: str) -> Note:
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(policies.can_write_note(actor, case, sensitivity))
    if case.is_closed:
        raise CaseClosed
    if not body.strip():
        raise ValidationError({"body": [_("Write the note.")]})
    note = Note.objects.create(
        case=case,
        sensitivity=sensitivity,
        body=body.strip(),
        author=actor.user,
        institution_id=actor.institution_id,
    )
    _bump(case, [])
    _activity(case, ActivityKind.NOTE, actor, detail=sensitivity)
    audit.record(
        action="cases.note.added",
        actor=actor,
        target=note,
        target_institution_id=case.institution_id,
        data={"case": str(case.pk), "sensitivity": sensitivity},
    )
    return note


@transaction.atomic
def attachment_add(
    *, actor: Actor, case: Case, sensitivity: str, filename: str, content: bytes
) -> Attachment:
    """Keep a PDF, image or audio file, encrypted. Its type is read from its first bytes."""
    from django.conf import settings

    case = Case.objects.select_for_update().get(pk=case.pk)
    require(policies.can_write_note(actor, case, sensitivity))
    if case.is_closed:
        raise CaseClosed
    name = Path(filename or "").name.strip()[:200]
    if not content:
        raise ValidationError({"file": [_("The file is empty.")]})
    if len(content) > settings.RUTA_ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {
                "file": [
                    _("The file is larger than %(mb)s MB.")
                    % {"mb": settings.RUTA_ATTACHMENT_MAX_BYTES // (1024 * 1024)}
                ]
            }
        )
    content_type = attachment_files.recognise(name, content[:16])
    if content_type is None:
        raise ValidationError(
            {
                "file": [
                    _(
                        "Only PDF documents, PNG or JPEG images and MP3, OGG, WAV or M4A audio are "
                        "accepted, and the file must really be what its name says."
                    )
                ]
            }
        )
    attachment = Attachment.objects.create(
        case=case,
        sensitivity=sensitivity,
        filename=name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor.user,
    )
    attachment_files.store(attachment.pk, content)
    _bump(case, [])
    _activity(case, ActivityKind.ATTACHMENT, actor, detail=content_type)
    audit.record(
        action="cases.attachment.added",
        actor=actor,
        target=attachment,
        target_institution_id=case.institution_id,
        data={"case": str(case.pk), "type": content_type, "size": len(content)},
    )
    return attachment


def attachment_download(*, actor: Actor, attachment: Attachment) -> bytes:
    """The decrypted content, for a reader the selector has already let through; audited."""
    audit.record(
        action="cases.attachment.downloaded",
        actor=actor,
        target=attachment,
        target_institution_id=attachment.case.institution_id,
        data={"case": str(attachment.case_id)},
    )
    return attachment_files.load(attachment.pk)


def consent_valid(*, case: Case, purpose: str, recipient_id=None, on: date | None = None) -> bool:
    """Whether the case holds an active consent for ``purpose`` (for sharing: with that
    institution) on ``on``. Referrals, exports and the like ask this before they act."""
    on = on or timezone.localdate()
    qs = case.consents.filter(purpose=purpose, given_on__lte=on, withdrawn_on__isnull=True)
    if purpose == ConsentPurpose.SHARING:
        qs = qs.filter(recipient_id=recipient_id)
    return qs.exists()


@transaction.atomic
def consent_record(
    *,
    actor: Actor,
    case: Case,
    purpose: str,
    given_by: str,
    given_on: date,
    recipient: Institution | None = None,
    child_assent: bool = False,
    guardian_consent: bool = False,
) -> Consent:
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(policies.can_record_consent(actor, case))
    if case.is_closed:
        raise CaseClosed
    errors: dict[str, list[str]] = {}
    if purpose not in ConsentPurpose.values:
        errors["purpose"] = [_("Unknown code: %(code)s") % {"code": purpose}]
    if given_by not in ConsentGivenBy.values:
        errors["given_by"] = [_("Unknown code: %(code)s") % {"code": given_by}]
    if purpose == ConsentPurpose.SHARING and recipient is None:
        errors["recipient"] = [_("Name the institution the person agrees to share with.")]
    if purpose != ConsentPurpose.SHARING and recipient is not None:
        errors["recipient"] = [_("Only consent to sharing names an institution.")]
    if given_on > timezone.localdate():
        errors["given_on"] = [_("Consent cannot be dated in the future.")]
    if case.is_child:
        if not child_assent:
            errors["child_assent"] = [_("For a child, record the child's assent.")]
        if not guardian_consent or given_by == ConsentGivenBy.PERSON:
            errors["guardian_consent"] = [
                _("For a child, the guardian or the child-protection agency must consent as well.")
            ]
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        case=case,
        purpose=purpose,
        recipient=recipient,
        given_by=given_by,
        child_assent=child_assent,
        guardian_consent=guardian_consent,
        given_on=given_on,
        recorded_by=actor.user,
    )
    _bump(case, [])
    _activity(case, ActivityKind.CONSENT, actor, detail=purpose)
    audit.record(
        action="cases.consent.recorded",
        actor=actor,
        target=consent,
        target_institution_id=case.institution_id,
        data={"case": str(case.pk), "purpose": purpose},
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor: Actor, consent: Consent, withdrawn_on: date | None = None
) -> Consent:
    consent = Consent.objects.select_for_update().select_related("case").get(pk=consent.pk)
    require(policies.can_record_consent(actor, consent.case))
    if consent.withdrawn_on is not None:
        raise DomainError(_("This consent was already withdrawn."))
    withdrawn_on = withdrawn_on or timezone.localdate()
    if withdrawn_on > timezone.localdate() or withdrawn_on < consent.given_on:
        raise ValidationError({"withdrawn_on": [_("Check the date of withdrawal.")]})
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    _activity(consent.case, ActivityKind.CONSENT_WITHDRAWN, actor, detail=consent.purpose)
    audit.record(
        action="cases.consent.withdrawn",
        actor=actor,
        target=consent,
        target_institution_id=consent.case.institution_id,
        data={"case": str(consent.case_id), "purpose": consent.purpose},
    )
    return consent


@transaction.atomic
def screening_record(
    *,
    actor: Actor,
    case: Case,
    instrument: ScreeningInstrument,
    answers: dict[str, str],
    screened_on: date | None = None,
) -> Screening:
    """Store the answers, with the dimension flags and the suggestion they give."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(policies.can_screen(actor, case))
    if case.is_closed:
        raise CaseClosed
    screened_on = screened_on or timezone.localdate()
    codes = {q["code"] for q in instrument.questions}
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(answers) - codes)
    if unknown:
        errors["answers"] = [_("Unknown question: %(code)s") % {"code": ", ".join(unknown)}]
    bad = sorted({v for v in answers.values() if v not in Answer.values})
    if bad:
        errors["answers"] = [_("Unknown code: %(code)s") % {"code": ", ".join(bad)}]
    if screened_on > timezone.localdate():
        errors["screened_on"] = [_("A screening cannot be dated in the future.")]
    if not instrument.is_active:
        errors["instrument"] = [_("This instrument is no longer in use.")]
    if errors:
        raise ValidationError(errors)
    complete = {code: answers.get(code, Answer.NOT_ASKED) for code in sorted(codes)}
    flags, suggestion = screening_engine.evaluate(instrument, complete)
    screening = Screening.objects.create(
        case=case,
        instrument=instrument,
        answers=complete,
        dimensions=flags,
        suggestion=suggestion,
        screened_on=screened_on,
        screened_by=actor.user,
    )
    _bump(case, [])
    _activity(case, ActivityKind.SCREENING, actor, detail=suggestion)
    audit.record(
        action="cases.screening.recorded",
        actor=actor,
        target=screening,
        target_institution_id=case.institution_id,
        data={"case": str(case.pk), "instrument": str(instrument), "suggestion": suggestion},
    )
    return screening
