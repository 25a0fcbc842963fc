"""Who sees and acts on referrals, transfers and the service directory."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ruta.cases import policies as case_policies
from ruta.cases.models import Case
from ruta.core.actor import Actor
from ruta.core.choices import RecordScope
from ruta.referrals.choices import ReferralStatus, TransferStatus
from ruta.referrals.models import Referral, ServiceOffering, Transfer


def _works_on_referrals(actor: Actor) -> bool:
    return actor.scope != RecordScope.AGGREGATE and (
        actor.can("referrals.send") or actor.can("referrals.respond") or actor.can("cases.view")
    )


def scope_referrals(actor: Actor, qs: QuerySet[Referral] | None = None) -> QuerySet[Referral]:
    """Referrals the actor's institution sent or received, within the role's scope: those who
    answer referrals see the whole inbox; others see the ones handed to them, and the ones
    sent for the cases they may see."""
    qs = Referral.objects.all() if qs is None else qs
    if not _works_on_referrals(actor):
        return qs.none()
    mine = actor.institution_id
    if actor.can("referrals.respond") or actor.scope == RecordScope.INSTITUTION:
        received = Q(to_institution_id=mine)
    else:
        received = Q(to_institution_id=mine, assigned_to_id=actor.user_id)
    sent = Q(from_institution_id=mine)
    if actor.scope != RecordScope.INSTITUTION:
        sent &= Q(case__in=case_policies.scope_cases(actor)) | Q(sent_by_id=actor.user_id)
    return qs.filter(received | sent)


def scope_transfers(actor: Actor, qs: QuerySet[Transfer] | None = None) -> QuerySet[Transfer]:
    qs = Transfer.objects.all() if qs is None else qs
    if not (actor.can("referrals.respond") or actor.can("cases.assign")):
        return qs.none()
    mine = actor.institution_id
    return qs.filter(Q(to_institution_id=mine) | Q(from_institution_id=mine))


def can_list_referrals(actor: Actor) -> bool:
    return _works_on_referrals(actor)


def can_see_referral_dashboard(actor: Actor) -> bool:
    """The home page's referrals card: for those who send or answer referrals."""
    return _works_on_referrals(actor) and (
        actor.can("referrals.send") or actor.can("referrals.respond")
    )


def can_send_referral(actor: Actor, case: Case) -> bool:
    return (
        actor.can("referrals.send", case.institution_id)
        and case_policies.owns(actor, case)
        and not case.is_closed
    )


def can_override_consent(actor: Actor) -> bool:
    return actor.can("consent.override")


def can_answer(actor: Actor, referral: Referral) -> bool:
    return (
        actor.can("referrals.respond", referral.to_institution_id)
        and referral.status == ReferralStatus.SENT
    )


def can_withdraw(actor: Actor, referral: Referral) -> bool:
    """The sender withdraws; a referral the law requires only a supervisor, with a reason."""
    if referral.status not in (ReferralStatus.SENT, ReferralStatus.ACCEPTED):
        return False
    if referral.mandatory:
        return actor.can("referrals.withdraw_mandatory", referral.from_institution_id)
    return actor.can("referrals.send", referral.from_institution_id)


def can_hand_over(actor: Actor, referral: Referral) -> bool:
    """Those who answer referrals hand an accepted one to a colleague."""
    return (
        actor.can("referrals.respond", referral.to_institution_id)
        and referral.status == ReferralStatus.ACCEPTED
    )


def can_complete(actor: Actor, referral: Referral) -> bool:
    """Either side records the outcome of an accepted referral."""
    return referral.status == ReferralStatus.ACCEPTED and (
        actor.can("referrals.respond", referral.to_institution_id)
        or actor.can("referrals.send", referral.from_institution_id)
        or (
            referral.to_institution_id == actor.institution_id
            and referral.assigned_to_id == actor.user_id
        )
    )


def can_propose_transfer(actor: Actor, case: Case) -> bool:
    return (
        actor.can("cases.assign", case.institution_id)
        and actor.can("referrals.send", case.institution_id)
        and not case.is_closed
    )


def can_answer_transfer(actor: Actor, transfer: Transfer) -> bool:
    return (
        actor.can("referrals.respond", transfer.to_institution_id)
        and transfer.status == TransferStatus.PROPOSED
    )


def can_withdraw_transfer(actor: Actor, transfer: Transfer) -> bool:
    return (
        actor.can("referrals.send", transfer.from_institution_id)
        and transfer.status == TransferStatus.PROPOSED
    )


def can_manage_offering(actor: Actor, institution_id) -> bool:
    return actor.can("institutions.edit_own", institution_id) or actor.can("institutions.manage")


def scope_offerings(actor: Actor) -> QuerySet[ServiceOffering]:
    """The directory is shared by every institution of the pathway."""
    return ServiceOffering.objects.filter(institution__is_active=True)
