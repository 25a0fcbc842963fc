"""Referrals: one institution asks another to provide services on a case. Accepting opens
the receiver's access to the sections the referral's type allows (a grant of the cases app);
withdrawing or completing ends it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruta.accounts.models import User
from ruta.accounts.selectors import members_with_capability
from ruta.audit import services as audit
from ruta.care.choices import ServiceType
from ruta.cases.choices import ActivityKind, TaskKind
from ruta.cases.models import Case
from ruta.cases.services.grants import grant_close, grant_open, grant_reassign
from ruta.cases.services.tasks import task_end_by_record
from ruta.cases.services.timeline import timeline_add
from ruta.core.actor import Actor
from ruta.core.errors import ConflictError, DomainError, check_version, require
from ruta.core.references import next_reference
from ruta.institutions.models import Institution
from ruta.referrals import policies
from ruta.referrals.choices import (
    COMPLETION_OUTCOMES,
    TYPE_SECTIONS,
    Outcome,
    OutcomeReason,
    ReferralStatus,
    ReferralType,
)
from ruta.referrals.models import Referral, ServiceOffering
from ruta.referrals.services._common import (
    SOURCE,
    check_consent,
    clean_text,
    notify_about,
    responders,
    sender_side,
)
from ruta.referrals.services.reminders import answer_due


def create_referral(
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
    """Write a referral the caller has checked (policy, input, consent), with its timeline,
    audit event and the receivers' notification; the mandatory child-protection referral
    comes here directly."""
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
    timeline_add(case, ActivityKind.REFERRAL_SENT, actor, detail=f"{type}:{referral.pk}")
    if mandatory:
        # The mandatory referral is the child-protection notification the same-day task asks.
        task_end_by_record(actor=actor, case=case, kind=TaskKind.CHILD_PROTECTION_NOTIFICATION)
    if override_reason:
        timeline_add(case, ActivityKind.CONSENT_OVERRIDDEN, actor, detail=str(referral.pk))
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
    notify_about(
        responders(to_institution.pk),
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
    message = clean_text(errors, "message", message, required=False)
    if errors:
        raise ValidationError(errors)
    if Referral.objects.filter(
        case=case,
        to_institution=to_institution,
        type=type,
        status__in=(ReferralStatus.SENT, ReferralStatus.ACCEPTED),
    ).exists():
        raise DomainError(_("This case already has an open referral of this type to them."))
    override = check_consent(actor, case, to_institution, consent_override_reason, errors)
    if errors:
        raise ValidationError(errors)
    return create_referral(
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
    handler: User | None = assigned_to or actor.user
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
    grant_open(
        actor=actor,
        case=referral.case,
        institution=referral.to_institution,
        sections=TYPE_SECTIONS[referral.type],
        source=SOURCE,
        source_id=referral.pk,
        assigned_to=handler,
        unit=actor.membership.unit if handler == actor.user else None,
    )
    timeline_add(referral.case, ActivityKind.REFERRAL_ANSWERED, actor, detail="accepted")
    audit.record(
        action="referrals.referral.accepted",
        actor=actor,
        target=referral,
        target_institution_id=referral.case.institution_id,
        data={"case": str(referral.case_id), "sections": TYPE_SECTIONS[referral.type]},
    )
    notify_about(
        sender_side(referral),
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
    grant_reassign(
        actor=actor,
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
    notify_about(
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
    reason = clean_text(errors, "reason", reason, required=True)
    if errors:
        raise ValidationError(errors)
    referral.status, referral.answered_at, referral.answered_by = (
        ReferralStatus.DECLINED,
        timezone.now(),
        actor.user,
    )
    referral.decline_reason = reason
    _save(referral, ["status", "answered_at", "answered_by", "decline_reason"])
    timeline_add(referral.case, ActivityKind.REFERRAL_ANSWERED, actor, detail="declined")
    audit.record(
        action="referrals.referral.declined",
        actor=actor,
        target=referral,
        target_institution_id=referral.case.institution_id,
        data={"case": str(referral.case_id)},
    )
    notify_about(
        sender_side(referral),
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
    reason = clean_text(errors, "reason", reason, required=True)
    if errors:
        raise ValidationError(errors)
    referral.status, referral.withdrawn_at, referral.withdraw_reason = (
        ReferralStatus.WITHDRAWN,
        timezone.now(),
        reason,
    )
    _save(referral, ["status", "withdrawn_at", "withdraw_reason"])
    grant_close(actor=actor, source=SOURCE, source_id=referral.pk)
    timeline_add(referral.case, ActivityKind.REFERRAL_CLOSED, actor, detail="withdrawn")
    audit.record(
        action="referrals.referral.withdrawn",
        actor=actor,
        target=referral,
        target_institution_id=referral.case.institution_id,
        data={"case": str(referral.case_id), "mandatory": referral.mandatory},
        reason=reason,
    )
    notify_about(
        [*responders(referral.to_institution_id), referral.assigned_to],
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
    if outcome not in dict(COMPLETION_OUTCOMES):
        errors["outcome"] = [_("Unknown code: %(code)s") % {"code": outcome}]
    if outcome == Outcome.NOT_SUCCESSFUL and reason not in OutcomeReason.values:
        errors["reason"] = [_("Say why the referral was not successful.")]
    if outcome == Outcome.SUCCESSFUL:
        reason = ""
    note = clean_text(errors, "note", note, required=reason == OutcomeReason.OTHER)
    if errors:
        raise ValidationError(errors)
    referral.status, referral.completed_at = ReferralStatus.COMPLETED, timezone.now()
    referral.outcome, referral.outcome_reason, referral.outcome_note = outcome, reason, note
    _save(referral, ["status", "completed_at", "outcome", "outcome_reason", "outcome_note"])
    grant_close(actor=actor, source=SOURCE, source_id=referral.pk)
    timeline_add(referral.case, ActivityKind.REFERRAL_CLOSED, actor, detail=outcome)
    audit.record(
        action="referrals.referral.completed",
        actor=actor,
        target=referral,
        target_institution_id=referral.case.institution_id,
        data={"case": str(referral.case_id), "outcome": outcome, "reason": reason},
    )
    other_side = (
        sender_side(referral)
        if actor.institution_id == referral.to_institution_id
        else [referral.assigned_to, *responders(referral.to_institution_id)]
    )
    other_institution = (
        referral.from_institution_id
        if actor.institution_id == referral.to_institution_id
        else referral.to_institution_id
    )
    notify_about(
        other_side,
        other_institution,
        "referrals.completed",
        gettext_lazy("A referral was completed"),
        referral,
    )
    return referral
