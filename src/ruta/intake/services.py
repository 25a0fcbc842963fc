"""Receiving and triaging reports. Every write is checked, validated, saved and audited."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruta.accounts.selectors import members_with_capability
from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.core.errors import DomainError, check_version, require
from ruta.core.models import Department, Municipality
from ruta.core.references import next_reference
from ruta.institutions.models import Institution
from ruta.intake import policies
from ruta.intake.choices import InvolvedRole, NotTraffickingReason, ReportChannel, ReportStatus
from ruta.intake.models import Report, ReportPerson
from ruta.intake.selectors import follow_up_hash
from ruta.notifications.services import notify_on_commit

FOLLOW_UP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


@dataclass(frozen=True)
class PersonInput:
    role: str
    name: str = ""
    sex: str = "unknown"
    approximate_age: int | None = None
    description: str = ""


def _validate_place(department: Department | None, municipality: Municipality | None) -> None:
    if municipality is not None and (
        department is None or municipality.department_id != department.pk
    ):
        raise ValidationError(
            {"municipality": _("The municipality is not in the chosen department.")}
        )


# Before this, a date is a typing mistake (and older local times have odd offsets).
RECEIVED_AT_MIN = datetime(1990, 1, 1, tzinfo=UTC)


def _validate_received_at(received_at: datetime) -> None:
    if received_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"received_at": _("A report cannot be received in the future.")})
    if received_at < RECEIVED_AT_MIN:
        raise ValidationError({"received_at": _("This date is too far in the past.")})


def _save_people(report: Report, people: list[PersonInput]) -> None:
    rows = []
    for person in people:
        if person.role not in InvolvedRole.values:
            raise ValidationError({"people": _("Unknown role of a person mentioned.")})
        if person.approximate_age is not None and not 0 <= person.approximate_age <= 120:
            raise ValidationError({"people": _("An age must be between 0 and 120.")})
        row = ReportPerson(
            report=report,
            role=person.role,
            name=person.name.strip(),
            sex=person.sex,
            approximate_age=person.approximate_age,
            description=person.description.strip(),
        )
        row.full_clean(exclude=["report"])
        rows.append(row)
    ReportPerson.objects.bulk_create(rows)


def _alert_coordinators(report: Report, *, base_url: str) -> None:
    """Imminent danger or a child: every triager of the institution hears of it at once."""
    title = (
        gettext_lazy("Urgent report: imminent danger")
        if report.imminent_danger
        else gettext_lazy("Urgent report: a child is involved")
    )
    notify_on_commit(
        users=members_with_capability(
            institution_id=report.institution_id, capability="intake.triage"
        ),
        institution_id=report.institution_id,
        kind="intake.report.urgent",
        title=title,
        url=reverse("intake:report-detail", kwargs={"report_id": report.pk}),
        urgent=True,
        base_url=base_url,
    )


@transaction.atomic
def report_create(
    *,
    actor: Actor,
    channel: str,
    narrative: str,
    received_at: datetime | None = None,
    reporter_anonymous: bool = False,
    reporter_name: str = "",
    reporter_contact: str = "",
    department: Department | None = None,
    municipality: Municipality | None = None,
    place_description: str = "",
    imminent_danger: bool = False,
    child_involved: bool = False,
    people: list[PersonInput] | None = None,
    base_url: str = "",
) -> Report:
    require(policies.can_create_report(actor))
    received_at = received_at or timezone.now()
    _validate_received_at(received_at)
    _validate_place(department, municipality)
    if channel not in ReportChannel.values or channel == ReportChannel.PUBLIC_WEB:
        raise ValidationError({"channel": _("Choose the channel the report came through.")})
    if not narrative.strip():
        raise ValidationError({"narrative": _("Describe what happened.")})
    if reporter_anonymous and (reporter_name.strip() or reporter_contact.strip()):
        raise ValidationError(
            {"reporter_anonymous": _("An anonymous report cannot name its reporter.")}
        )
    report = Report(
        reference=next_reference("R"),
        institution_id=actor.institution_id,
        channel=channel,
        received_at=received_at,
        reporter_anonymous=reporter_anonymous,
        reporter_name=reporter_name.strip(),
        reporter_contact=reporter_contact.strip(),
        department=department,
        municipality=municipality,
        place_description=place_description.strip(),
        narrative=narrative.strip(),
        imminent_danger=imminent_danger,
        child_involved=child_involved,
        created_by=actor.user,
    )
    report.full_clean()
    report.save(force_insert=True)
    _save_people(report, people or [])
    audit.record(
        action="intake.report.created",
        actor=actor,
        target=report,
        data={
            "channel": channel,
            "urgent": report.urgent,
            "people": len(people or []),
        },
    )
    if report.urgent:
        _alert_coordinators(report, base_url=base_url)
    return report


def public_institution() -> Institution:
    institution = (
        Institution.objects.filter(receives_public_reports=True, is_active=True)
        .order_by("name")
        .first()
    )
    if institution is None:
        raise DomainError(_("Public reports are not being received at the moment."))
    return institution


@transaction.atomic
def report_create_public(
    *,
    narrative: str,
    department: Department | None = None,
    municipality: Municipality | None = None,
    place_description: str = "",
    imminent_danger: bool = False,
    child_involved: bool = False,
    reporter_name: str = "",
    reporter_contact: str = "",
    base_url: str = "",
) -> tuple[Report, str]:
    """A report from the public web form: untrusted, in the receiving institution's queue.
    Returns the report and the follow-up code, shown once to the reporter and stored hashed.
    Nothing that traces the reporter is kept: no address, in the report or its audit event."""
    institution = public_institution()
    if not narrative.strip():
        raise ValidationError({"narrative": _("Describe what happened.")})
    _validate_place(department, municipality)
    code = new_follow_up_code().replace("-", "")
    anonymous = not (reporter_name.strip() or reporter_contact.strip())
    report = Report(
        reference=next_reference("R"),
        institution=institution,
        channel=ReportChannel.PUBLIC_WEB,
        received_at=timezone.now(),
        reporter_anonymous=anonymous,
        reporter_name=reporter_name.strip(),
        reporter_contact=reporter_contact.strip(),
        department=department,
        municipality=municipality,
        place_description=place_description.strip(),
        narrative=narrative.strip(),
        imminent_danger=imminent_danger,
        child_involved=child_involved,
        untrusted=True,
        follow_up_code_hash=follow_up_hash(code),
    )
    report.full_clean()
    report.save(force_insert=True)
    audit.record(
        action="intake.report.received_public",
        target=report,
        data={"urgent": report.urgent},
    )
    if report.urgent:
        _alert_coordinators(report, base_url=base_url)
    return report, f"{code[:5]}-{code[5:]}"


def new_follow_up_code() -> str:
    code = "".join(secrets.choice(FOLLOW_UP_ALPHABET) for _i in range(10))
    return f"{code[:5]}-{code[5:]}"


def _locked(report: Report, version: int | None) -> Report:
    report = Report.objects.select_for_update().select_related("institution").get(pk=report.pk)
    check_version(report, version)
    return report


@transaction.atomic
def report_take(*, actor: Actor, report: Report, version: int | None) -> Report:
    """Take a new report into triage: it leaves the top of everyone else's queue."""
    report = _locked(report, version)
    require(policies.can_take_report(actor, report))
    report.status, report.taken_by, report.taken_at = (
        ReportStatus.IN_TRIAGE,
        actor.user,
        timezone.now(),
    )
    report.version += 1
    report.save(update_fields=["status", "taken_by", "taken_at", "version", "updated_at"])
    audit.record(action="intake.report.taken", actor=actor, target=report)
    return report


@transaction.atomic
def report_accept(*, actor: Actor, report: Report, version: int | None) -> Report:
    """Triage outcome: possible trafficking, into the ERI queue."""
    report = _locked(report, version)
    require(policies.can_triage_report(actor, report))
    report.status, report.triaged_at = ReportStatus.ACCEPTED, timezone.now()
    if report.taken_by_id is None:
        report.taken_by, report.taken_at = actor.user, report.triaged_at
    report.version += 1
    report.save(
        update_fields=["status", "triaged_at", "taken_by", "taken_at", "version", "updated_at"]
    )
    audit.record(action="intake.report.accepted", actor=actor, target=report)
    return report


@transaction.atomic
def report_close(
    *,
    actor: Actor,
    report: Report,
    version: int | None,
    reason: str,
    referral_information: str,
) -> Report:
    """Triage outcome: not trafficking, with the reason and the referral information given."""
    report = _locked(report, version)
    require(policies.can_triage_report(actor, report))
    errors = {}
    if reason not in NotTraffickingReason.values:
        errors["reason"] = [_("Choose why this is not trafficking.")]
    if not referral_information.strip():
        errors["referral_information"] = [
            _("Say where the person was referred, or why no referral was possible.")
        ]
    if errors:
        raise ValidationError(errors)
    report.status, report.triaged_at = ReportStatus.CLOSED, timezone.now()
    report.closure_reason = reason
    report.referral_information = referral_information.strip()
    if report.taken_by_id is None:
        report.taken_by, report.taken_at = actor.user, report.triaged_at
    report.version += 1
    report.save(
        update_fields=[
            "status",
            "triaged_at",
            "closure_reason",
            "referral_information",
            "taken_by",
            "taken_at",
            "version",
            "updated_at",
        ]
    )
    audit.record(
        action="intake.report.closed",
        actor=actor,
        target=report,
        data={"reason": reason},
        changed_fields=["status", "closure_reason", "referral_information"],
    )
    return report
