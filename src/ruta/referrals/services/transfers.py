"""Transfers: the case's ownership moves to another institution once it accepts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruta.audit import services as audit
from ruta.cases.choices import ActivityKind
from ruta.cases.models import Case
from ruta.cases.services.lifecycle import case_change_owner
from ruta.cases.services.timeline import timeline_add
from ruta.core.actor import Actor
from ruta.core.errors import ConflictError, DomainError, check_version, require
from ruta.institutions.models import Institution
from ruta.referrals import policies
from ruta.referrals.choices import TransferStatus
from ruta.referrals.models import Transfer
from ruta.referrals.services._common import check_consent, notify, responders, text


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
    message = text(errors, "message", message, required=False)
    if errors:
        raise ValidationError(errors)
    if Transfer.objects.filter(case=case, status=TransferStatus.PROPOSED).exists():
        raise DomainError(_("A transfer of this case is already waiting for an answer."))
    override = check_consent(actor, case, to_institution, consent_override_reason, errors)
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
    timeline_add(case, ActivityKind.REFERRAL_SENT, actor, detail=f"transfer:{transfer.pk}")
    audit.record(
        action="referrals.transfer.proposed",
        actor=actor,
        target=transfer,
        target_institution_id=case.institution_id,
        data={"case": str(case.pk), "to": str(to_institution.pk)},
        reason=override,
    )
    notify(
        responders(to_institution.pk),
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
    case_change_owner(
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
    transfer.save(update_fields=["status", "answered_at", "answered_by", "version", "updated_at"])
    audit.record(
        action="referrals.transfer.accepted",
        actor=actor,
        target=transfer,
        target_institution_id=transfer.to_institution_id,
        data={"case": str(transfer.case_id), "from": str(transfer.from_institution_id)},
    )
    notify(
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
    reason = text(errors, "reason", reason, required=True)
    if errors:
        raise ValidationError(errors)
    transfer.status, transfer.answered_at, transfer.answered_by = (
        TransferStatus.DECLINED,
        timezone.now(),
        actor.user,
    )
    transfer.decline_reason = reason
    transfer.version += 1
    transfer.save(
        update_fields=[
            "status",
            "answered_at",
            "answered_by",
            "decline_reason",
            "version",
            "updated_at",
        ]
    )
    audit.record(
        action="referrals.transfer.declined",
        actor=actor,
        target=transfer,
        target_institution_id=transfer.from_institution_id,
        data={"case": str(transfer.case_id)},
    )
    notify(
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
    transfer.save(update_fields=["status", "version", "updated_at"])
    audit.record(
        action="referrals.transfer.withdrawn",
        actor=actor,
        target=transfer,
        target_institution_id=transfer.from_institution_id,
        data={"case": str(transfer.case_id)},
    )
    return transfer
