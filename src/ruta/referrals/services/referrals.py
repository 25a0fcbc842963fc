"""Writes on the referral pathway. Each checks a policy, validates everything before it saves,
writes the case's timeline, an audit event and the notifications; access to the case is
opened and closed through the cases app's grants, never by special cases in its policies."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruta.accounts.models import User
from ruta.accounts.selectors import members_with_capability
from ruta.audit import services as audit
from ruta.care.choices import ServiceType
from ruta.cases import services as cases
from ruta.cases.choices import ActivityKind, ConsentPurpose
from ruta.cases.models import Case
from ruta.core.actor import Actor
from ruta.core.choices import InstitutionType
from ruta.core.errors import ConflictError, DomainError, check_version, require
from ruta.core.holidays import is_working_day
from ruta.core.models import Department
from ruta.core.references import next_reference
from ruta.institutions.models import ContactPoint, Institution
from ruta.notifications.services import notify
from ruta.referrals import policies
from ruta.referrals.choices import (
    TYPE_SECTIONS,
    Outcome,
    OutcomeReason,
    ReferralStatus,
    ReferralType,
    TransferStatus,
)
from ruta.referrals.models import Referral, ServiceOffering, Transfer

MAX_TEXT = 5000
SOURCE = "referral"
TRANSFER_SOURCE = "transfer"


class ConsentRequired(DomainError):
    status = 409

    def __init__(self) -> None:
        super().__init__(
            _(
                "The survivor has not consented to sharing their case with this institution. "
                "Record that consent on the case, or, if you may, share without it and write "
                "why."
            )
        )


def _text(errors: dict, field: str, value: str, *, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = [_("This field is required.")]
    elif len(value) > MAX_TEXT:
        errors[field] = [_("At most %(n)s characters.") % {"n": MAX_TEXT}]
    return value


def answer_due(sent_at: datetime, institution: Institution, urgent: bool) -> datetime:
    """When the receiver should have answered: within hours when urgent, otherwise within
    working days (Monday to Friday, national holidays excepted), counted in local time."""
    if urgent:
        return sent_at + timedelta(hours=institution.referral_urgent_hours)
    local = timezone.localtime(sent_at)
    days = institution.referral_answer_days
    while days:
        local += timedelta(days=1)
        if is_working_day(local.date()):
            days -= 1
    return local


def _notify(users, institution_id, kind, title, referral_or_transfer, urgent=False) -> None:
    name = "referrals:referral-detail" if isinstance(referral_or_transfer, Referral) else None
    url = (
        reverse(name, kwargs={"referral_id": referral_or_transfer.pk})
        if name
        else reverse("referrals:transfer-detail", kwargs={"transfer_id": referral_or_transfer.pk})
    )
    notify(
        users=list({u.pk: u for u in users if u is not None}.values()),
        institution_id=institution_id,
        kind=kind,
        title=title,
        url=url,
        urgent=urgent,
    )


def _responders(institution_id) -> list[User]:
    return list(
        members_with_capability(institution_id=institution_id, capability="referrals.respond")
    )


def _sender_side(referral: Referral) -> list[User]:
    users = {referral.sent_by}
    if (
        referral.case.assigned_to_id
        and referral.case.institution_id == referral.from_institution_id
    ):
        users.add(referral.case.assigned_to)
    return list(users)


def _check_consent(
    actor: Actor, case: Case, recipient: Institution, override_reason: str, errors: dict
) -> str:
    """Sharing needs the survivor's consent to share with that institution, or an override
    by someone who may, with a written reason."""
    override_reason = (override_reason or "").strip()
    if cases.consent_valid(case=case, purpose=ConsentPurpose.SHARING, recipient_id=recipient.pk):
        return ""
    if not override_reason:
        raise ConsentRequired
    require(policies.can_override_consent(actor))
    if len(override_reason) > MAX_TEXT:
        errors["consent_override_reason"] = [_("At most %(n)s characters.") % {"n": MAX_TEXT}]
    return override_reason


# --- Service directory ---------------------------------------------------------------------


@transaction.atomic
def offering_save(
    *,
    actor: Actor,
    institution: Institution,
    service: str,
    departments: list[Department],
    capacity_notes: str = "",
    contact_point: ContactPoint | None = None,
    is_active: bool = True,
) -> ServiceOffering:
    """Add or update what an institution offers; its own administrator keeps it."""
    require(policies.can_manage_offering(actor, institution.pk))
    errors: dict[str, list[str]] = {}
    if service not in ServiceType.values:
        errors["service"] = [_("Unknown code: %(code)s") % {"code": service}]
    if contact_point is not None and contact_point.institution_id != institution.pk:
        errors["contact_point"] = [_("This contact point belongs to another institution.")]
    capacity_notes = _text(errors, "capacity_notes", capacity_notes, required=False)
    if errors:
        raise ValidationError(errors)
    offering, created = ServiceOffering.objects.select_for_update().get_or_create(
        institution=institution, service=service
    )
    offering.capacity_notes, offering.contact_point, offering.is_active = (
        capacity_notes,
        contact_point,
        is_active,
    )
    if not created:
        offering.version += 1
    offering.save()
    offering.departments.set(departments)
    audit.record(
        action="referrals.offering.created" if created else "referrals.offering.updated",
        actor=actor,
        target=offering,
        target_institution_id=institution.pk,
        data={"service": service, "departments": sorted(d.code for d in departments)},
    )
    return offering


# --- Referrals -----------------------------------------------------------------------------


def _create_referral(
    *,
    actor: Actor,
    case: Case,
    to_institution: Institution,
    type: str,
    services: list[str],
    urgent: bool,
    message: str,
    mandatory: bool = False,
    override_reason: str = "",
) -> Referral:
    now = timezone.now()
    referral = Referral.objects.create(
        reference=next_reference("RF"),
        case=case,
        from_institution_id=case.institution_id,
        to_institution=to_institution,
        type=type,
        services=services,
        urgent=urgent,
        mandatory=mandatory,
        message=message,
        sent_at=now,
        sent_by=actor.user,
        due_at=answer_due(now, to_institution, urgent),
        consent_override_reason=override_reason,
    )
    cases.timeline_add(case, ActivityKind.REFERRAL_SENT, actor, detail=f"{type}:{referral.pk}")
    if override_reason:
        cases.timeline_add(case, ActivityKind.CONSENT_OVERRIDDEN, actor, detail=str(referral.pk))
    audit.record(
        action="referrals.referral.sent",
        actor=actor,
        target=referral,
        target_institution_id=case.institution_id,
        data={
            "case": str(case.pk),
            "to": str(to_institution.pk),
            "type": type,
            "mandatory": mandatory,
            "consent_overridden": bool(override_reason),
        },
        reason=override_reason,
    )
    _notify(
        _responders(to_institution.pk),
        to_institution.pk,
        "referrals.received",
        gettext_lazy("A referral was sent to your institution"),
        referral,
        urgent=urgent,
    )
    return referral


@transaction.atomic
def referral_send(
    *,
    actor: Actor,
    case: Case,
    to_institution: Institution,
    type: str,
    services: list[str],
    urgent: bool = False,
    message: str = "",
    consent_override_reason: str = "",
) -> Referral:
    """Refer the case to an institution that offers the services requested."""
    case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    require(policies.can_send_referral(actor, case))
    errors: dict[str, list[str]] = {}
    if type not in ReferralType.values:
        errors["type"] = [_("Unknown code: %(code)s") % {"code": type}]
    if to_institution.pk == case.institution_id:
        errors["to_institution"] = [_("Choose another institution than the case's own.")]
    elif not to_institution.is_active:
        errors["to_institution"] = [_("This institution is no longer active.")]
    services = sorted(set(services or []))
    offered = set(
        ServiceOffering.objects.filter(institution=to_institution, is_active=True).values_list(
            "service", flat=True
        )
    )
    if not services:
        errors["services"] = [_("Choose at least one service.")]
    elif missing := [s for s in services if s not in offered]:
        labels = ", ".join(
            str(ServiceType(s).label) if s in ServiceType.values else s for s in missing
        )
        errors["services"] = [
            _("%(institution)s does not offer: %(services)s.")
            % {"institution": to_institution.short_name, "services": labels}
        ]
    message = _text(errors, "message", message, required=False)
    if errors:
        raise ValidationError(errors)
    if Referral.objects.filter(
        case=case,
        to_institution=to_institution,
        type=type,
        status__in=(ReferralStatus.SENT, ReferralStatus.ACCEPTED),
    ).exists():
        raise DomainError(_("This case already has an open referral of this type to them."))
    override = _check_consent(actor, case, to_institution, consent_override_reason, errors)
    if errors:
        raise ValidationError(errors)
    return _create_referral(
        actor=actor,
        case=case,
        to_institution=to_institution,
        type=type,
        services=services,
        urgent=urgent,
        message=message,
        override_reason=override,
    )


def _locked(referral: Referral, version: int | None) -> Referral:
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "sent_by", "case__assigned_to")
        .get(pk=referral.pk)
    )
    check_version(referral, version)
    return referral


def _not_answerable(referral: Referral) -> DomainError:
    return ConflictError(
        _("This referral is %(status)s: it can no longer be answered.")
        % {"status": referral.get_status_display().lower()}
    )


def _save(referral: Referral, fields: list[str]) -> None:
    referral.version += 1
    referral.save(update_fields=[*fields, "version", "updated_at"])


@transaction.atomic
def referral_accept(
    *, actor: Actor, referral: Referral, version: int | None, assigned_to: User | None = None
) -> Referral:
    """Accept: the receiving institution now sees the sections the referral's type allows."""
    referral = _locked(referral, version)
    if referral.status != ReferralStatus.SENT:
        raise _not_answerable(referral)
    require(policies.can_answer(actor, referral))
    workers = members_with_capability(
        institution_id=referral.to_institution_id, capability="cases.view"
    )
    handler = assigned_to or actor.user
    if handler not in workers:
        if assigned_to is not None:
            raise ValidationError(
                {"assigned_to": [_("This person does not work on cases in your institution.")]}
            )
        handler = None
    referral.status, referral.answered_at, referral.answered_by = (
        ReferralStatus.ACCEPTED,
        timezone.now(),
        actor.user,
    )
    referral.assigned_to = handler
    _save(referral, ["status", "answered_at", "answered_by", "assigned_to"])
    cases.grant_open(
        case=referral.case,
        institution=referral.to_institution,
        sections=TYPE_SECTIONS[referral.type],
        source=SOURCE,
        source_id=referral.pk,
        assigned_to=handler,
        unit=actor.membership.unit if handler == actor.user else None,
    )
    cases.timeline_add(referral.case, ActivityKind.REFERRAL_ANSWERED, actor, detail="accepted")
    audit.record(
        action="referrals.referral.accepted",
        actor=actor,
        target=referral,
        target_institution_id=referral.case.institution_id,
        data={"case": str(referral.case_id), "sections": TYPE_SECTIONS[referral.type]},
    )
    _notify(
        _sender_side(referral),
        referral.from_institution_id,
        "referrals.accepted",
        gettext_lazy("Your referral was accepted"),
        referral,
    )
    return referral


@transaction.atomic
def referral_assign(
    *, actor: Actor, referral: Referral, version: int | None, assigned_to: User
) -> Referral:
    """Hand an accepted referral to another person of the receiving institution: their
    access (for "own" and "unit" scopes) follows."""
    referral = _locked(referral, version)
    if referral.status != ReferralStatus.ACCEPTED:
        raise ConflictError(
            _("Only an accepted referral can be handed over; this one is %(status)s.")
            % {"status": referral.get_status_display().lower()}
        )
    require(policies.can_hand_over(actor, referral))
    workers = members_with_capability(
        institution_id=referral.to_institution_id, capability="cases.view"
    )
    if assigned_to not in workers:
        raise ValidationError(
            {"assigned_to": [_("This person does not work on cases in your institution.")]}
        )
    membership = assigned_to.memberships.filter(
        institution_id=referral.to_institution_id, is_active=True
    ).first()
    referral.assigned_to = assigned_to
    _save(referral, ["assigned_to"])
    cases.grant_reassign(
        source=SOURCE,
        source_id=referral.pk,
        assigned_to=assigned_to,
        unit_id=membership.unit_id if membership else None,
    )
    audit.record(
        action="referrals.referral.assigned",
        actor=actor,
        target=referral,
        target_institution_id=referral.to_institution_id,
        data={"user": str(assigned_to.pk)},
    )
    _notify(
        [assigned_to],
        referral.to_institution_id,
        "referrals.assigned",
        gettext_lazy("A referral was handed to you"),
        referral,
    )
    return referral


@transaction.atomic
def referral_decline(
    *, actor: Actor, referral: Referral, version: int | None, reason: str
) -> Referral:
    referral = _locked(referral, version)
    if referral.status != ReferralStatus.SENT:
        raise _not_answerable(referral)
    require(policies.can_answer(actor, referral))
    errors: dict[str, list[str]] = {}
    reason = _text(errors, "reason", reason, required=True)
    if errors:
        raise ValidationError(errors)
    referral.status, referral.answered_at, referral.answered_by = (
        ReferralStatus.DECLINED,
        timezone.now(),
        actor.user,
    )
    referral.decline_reason = reason
    _save(referral, ["status", "answered_at", "answered_by", "decline_reason"])
    cases.timeline_add(referral.case, ActivityKind.REFERRAL_ANSWERED, actor, detail="declined")
    audit.record(
        action="referrals.referral.declined",
        actor=actor,
        target=referral,
        target_institution_id=referral.case.institution_id,
        data={"case": str(referral.case_id)},
    )
    _notify(
        _sender_side(referral),
        referral.from_institution_id,
        "referrals.declined",
        gettext_lazy("Your referral was declined"),
        referral,
    )
    return referral


@transaction.atomic
def referral_withdraw(
    *, actor: Actor, referral: Referral, version: int | None, reason: str
) -> Referral:
    """The sender takes the referral back; the receiver's access ends at once."""
    referral = _locked(referral, version)
    if not referral.is_open:
        raise ConflictError(
            _("This referral is %(status)s: it can no longer be withdrawn.")
            % {"status": referral.get_status_display().lower()}
        )
    require(policies.can_withdraw(actor, referral))
    errors: dict[str, list[str]] = {}
    reason = _text(errors, "reason", reason, required=True)
    if errors:
        raise ValidationError(errors)
    referral.status, referral.withdrawn_at, referral.withdraw_reason = (
        ReferralStatus.WITHDRAWN,
        timezone.now(),
        reason,
    )
    _save(referral, ["status", "withdrawn_at", "withdraw_reason"])
    cases.grant_close(source=SOURCE, source_id=referral.pk)
    cases.timeline_add(referral.case, ActivityKind.REFERRAL_CLOSED, actor, detail="withdrawn")
    audit.record(
        action="referrals.referral.withdrawn",
        actor=actor,
        target=referral,
        target_institution_id=referral.case.institution_id,
        data={"case": str(referral.case_id), "mandatory": referral.mandatory},
        reason=reason,
    )
    _notify(
        [*_responders(referral.to_institution_id), referral.assigned_to],
        referral.to_institution_id,
        "referrals.withdrawn",
        gettext_lazy("A referral to your institution was withdrawn"),
        referral,
    )
    return referral


@transaction.atomic
def referral_complete(
    *,
    actor: Actor,
    referral: Referral,
    version: int | None,
    outcome: str,
    reason: str = "",
    note: str = "",
) -> Referral:
    """Record the outcome; the receiver keeps only the referral and its own contributions."""
    referral = _locked(referral, version)
    if referral.status != ReferralStatus.ACCEPTED:
        raise ConflictError(
            _("Only an accepted referral can be completed; this one is %(status)s.")
            % {"status": referral.get_status_display().lower()}
        )
    require(policies.can_complete(actor, referral))
    errors: dict[str, list[str]] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Unknown code: %(code)s") % {"code": outcome}]
    if outcome == Outcome.NOT_SUCCESSFUL and reason not in OutcomeReason.values:
        errors["reason"] = [_("Say why the referral was not successful.")]
    if outcome == Outcome.SUCCESSFUL:
        reason = ""
    note = _text(errors, "note", note, required=reason == OutcomeReason.OTHER)
    if errors:
        raise ValidationError(errors)
    referral.status, referral.completed_at = ReferralStatus.COMPLETED, timezone.now()
    referral.outcome, referral.outcome_reason, referral.outcome_note = outcome, reason, note
    _save(referral, ["status", "completed_at", "outcome", "outcome_reason", "outcome_note"])
    cases.grant_close(source=SOURCE, source_id=referral.pk)
    cases.timeline_add(referral.case, ActivityKind.REFERRAL_CLOSED, actor, detail=outcome)
    audit.record(
        action="referrals.referral.completed",
        actor=actor,
        target=referral,
        target_institution_id=referral.case.institution_id,
        data={"case": str(referral.case_id), "outcome": outcome, "reason": reason},
    )
    other_side = (
        _sender_side(referral)
        if actor.institution_id == referral.to_institution_id
        else [referral.assigned_to, *_responders(referral.to_institution_id)]
    )
    other_institution = (
        referral.from_institution_id
        if actor.institution_id == referral.to_institution_id
        else referral.to_institution_id
    )
    _notify(
        other_side,
        other_institution,
        "referrals.completed",
        gettext_lazy("A referral was completed"),
        referral,
    )
    return referral


def remind_overdue() -> int:
    """Notify the receivers of referrals past their answer time, once each."""
    now = timezone.now()
    count = 0
    for referral in Referral.objects.filter(
        status=ReferralStatus.SENT, due_at__lt=now, reminded_at__isnull=True
    ).select_related("case"):
        with transaction.atomic():
            updated = Referral.objects.filter(pk=referral.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not updated:
                continue
            _notify(
                _responders(referral.to_institution_id),
                referral.to_institution_id,
                "referrals.overdue",
                gettext_lazy("A referral to your institution is waiting past its time limit"),
                referral,
                urgent=True,
            )
            _notify(
                [referral.sent_by],
                referral.from_institution_id,
                "referrals.overdue",
                gettext_lazy("A referral you sent has not been answered in time"),
                referral,
            )
            audit.record(
                action="referrals.referral.reminded",
                target=referral,
                target_institution_id=referral.to_institution_id,
            )
            count += 1
    return count


# --- The mandatory referral of a child's case ----------------------------------------------


def child_protection_agency(case: Case) -> Institution | None:
    """The active child-protection institution that offers child protection, preferring one
    that serves the department of the case's report."""
    candidates = Institution.objects.filter(
        is_active=True,
        type=InstitutionType.CHILD_PROTECTION,
        offerings__service=ServiceType.CHILD_PROTECTION,
        offerings__is_active=True,
    ).exclude(pk=case.institution_id)
    department = case.report.department_id if case.report_id else None
    if department:
        local = candidates.filter(offerings__departments__code=department).first()
        if local:
            return local
    return candidates.order_by("name").first()


def on_child_case(sender, case: Case, actor: Actor, **kwargs) -> None:
    """A child's case is referred to the child-protection agency, by law: no consent is asked
    and only a supervisor may withdraw it."""
    if Referral.objects.filter(
        case=case, mandatory=True, status__in=(ReferralStatus.SENT, ReferralStatus.ACCEPTED)
    ).exists():
        return
    agency = child_protection_agency(case)
    if agency is None:
        return
    _create_referral(
        actor=actor,
        case=case,
        to_institution=agency,
        type=ReferralType.CHILD_PROTECTION,
        services=[ServiceType.CHILD_PROTECTION.value],
        urgent=True,
        message="",
        mandatory=True,
    )


# --- Transfers -----------------------------------------------------------------------------


@transaction.atomic
def transfer_propose(
    *,
    actor: Actor,
    case: Case,
    to_institution: Institution,
    message: str = "",
    consent_override_reason: str = "",
) -> Transfer:
    case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    require(policies.can_propose_transfer(actor, case))
    errors: dict[str, list[str]] = {}
    if to_institution.pk == case.institution_id or not to_institution.is_active:
        errors["to_institution"] = [_("Choose another active institution.")]
    message = _text(errors, "message", message, required=False)
    if errors:
        raise ValidationError(errors)
    if Transfer.objects.filter(case=case, status=TransferStatus.PROPOSED).exists():
        raise DomainError(_("A transfer of this case is already waiting for an answer."))
    override = _check_consent(actor, case, to_institution, consent_override_reason, errors)
    if errors:
        raise ValidationError(errors)
    transfer = Transfer.objects.create(
        case=case,
        from_institution_id=case.institution_id,
        to_institution=to_institution,
        message=message,
        proposed_at=timezone.now(),
        proposed_by=actor.user,
        consent_override_reason=override,
    )
    cases.timeline_add(case, ActivityKind.REFERRAL_SENT, actor, detail=f"transfer:{transfer.pk}")
    audit.record(
        action="referrals.transfer.proposed",
        actor=actor,
        target=transfer,
        target_institution_id=case.institution_id,
        data={"case": str(case.pk), "to": str(to_institution.pk)},
        reason=override,
    )
    _notify(
        _responders(to_institution.pk),
        to_institution.pk,
        "referrals.transfer",
        gettext_lazy("A case transfer was proposed to your institution"),
        transfer,
    )
    return transfer


def _locked_transfer(transfer: Transfer, version: int | None) -> Transfer:
    transfer = Transfer.objects.select_for_update().select_related("case").get(pk=transfer.pk)
    check_version(transfer, version)
    if transfer.status != TransferStatus.PROPOSED:
        raise ConflictError(
            _("This transfer is %(status)s: it can no longer change.")
            % {"status": transfer.get_status_display().lower()}
        )
    return transfer


@transaction.atomic
def transfer_accept(*, actor: Actor, transfer: Transfer, version: int | None) -> Transfer:
    """The receiver becomes the case's owner; the sender keeps only the transfer record."""
    transfer = _locked_transfer(transfer, version)
    require(policies.can_answer_transfer(actor, transfer))
    if transfer.case.institution_id != transfer.from_institution_id:
        raise ConflictError
    cases.case_change_owner(
        actor=actor,
        case=transfer.case,
        institution=transfer.to_institution,
        reason_id=transfer.pk,
    )
    transfer.status, transfer.answered_at, transfer.answered_by = (
        TransferStatus.ACCEPTED,
        timezone.now(),
        actor.user,
    )
    transfer.version += 1
    transfer.save()
    audit.record(
        action="referrals.transfer.accepted",
        actor=actor,
        target=transfer,
        target_institution_id=transfer.to_institution_id,
        data={"case": str(transfer.case_id), "from": str(transfer.from_institution_id)},
    )
    _notify(
        [transfer.proposed_by],
        transfer.from_institution_id,
        "referrals.transfer",
        gettext_lazy("Your case transfer was accepted"),
        transfer,
    )
    return transfer


@transaction.atomic
def transfer_decline(
    *, actor: Actor, transfer: Transfer, version: int | None, reason: str
) -> Transfer:
    transfer = _locked_transfer(transfer, version)
    require(policies.can_answer_transfer(actor, transfer))
    errors: dict[str, list[str]] = {}
    reason = _text(errors, "reason", reason, required=True)
    if errors:
        raise ValidationError(errors)
    transfer.status, transfer.answered_at, transfer.answered_by = (
        TransferStatus.DECLINED,
        timezone.now(),
        actor.user,
    )
    transfer.decline_reason = reason
    transfer.version += 1
    transfer.save()
    audit.record(
        action="referrals.transfer.declined",
        actor=actor,
        target=transfer,
        target_institution_id=transfer.from_institution_id,
        data={"case": str(transfer.case_id)},
    )
    _notify(
        [transfer.proposed_by],
        transfer.from_institution_id,
        "referrals.transfer",
        gettext_lazy("Your case transfer was declined"),
        transfer,
    )
    return transfer


@transaction.atomic
def transfer_withdraw(*, actor: Actor, transfer: Transfer, version: int | None) -> Transfer:
    transfer = _locked_transfer(transfer, version)
    require(policies.can_withdraw_transfer(actor, transfer))
    transfer.status = TransferStatus.WITHDRAWN
    transfer.version += 1
    transfer.save()
    audit.record(
        action="referrals.transfer.withdrawn",
        actor=actor,
        target=transfer,
        target_institution_id=transfer.from_institution_id,
        data={"case": str(transfer.case_id)},
    )
    return transfer
