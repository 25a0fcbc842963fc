"""Who sees and acts on referrals, transfers and the service directory."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ruta.cases import policies as case_policies
from ruta.cases.models import Case
from ruta.core.actor import Actor
from ruta.core.choices import RecordScope
from ruta.core.scoping import NOTHING, reaches_records
from ruta.referrals.choices import ReferralStatus, TransferStatus
from ruta.referrals.models import Referral, ServiceOffering, Transfer


def _works_on_referrals(actor: Actor) -> bool:
    if (
        actor.can("referrals.send") or actor.can("referrals.respond") or actor.can("cases.view")
    ) and reaches_records(actor):
        return True
    return False


def _received_q(actor: Actor) -> Q:
    """Received items (referrals, transfers) in the role's scope. Those who answer see the
    whole inbox, except a territory scope, which sees the items about cases placed where it
    serves; the others see what was handed to them (referrals only)."""
    mine = Q(to_institution_id=actor.institution_id)
    responds = actor.can("referrals.respond")
    match actor.scope:
        case RecordScope.INSTITUTION:
            return mine
        case RecordScope.TERRITORY if responds:
            return mine & case_policies.case_territory_q(actor, "case__")
        case RecordScope.UNIT | RecordScope.OWN | RecordScope.TERRITORY if responds:
            return mine
        case RecordScope.UNIT | RecordScope.OWN | RecordScope.TERRITORY:
            return mine & Q(assigned_to_id=actor.user_id)
    return NOTHING


def scope_referrals(actor: Actor, qs: QuerySet[Referral] | None = None) -> QuerySet[Referral]:
    """Referrals the actor's institution sent or received, within the role's scope: the
    received ones as ``_received_q`` says; the sent ones for the cases the actor may see,
    and the ones the actor sent ('institution': all)."""
    qs = Referral.objects.all() if qs is None else qs
    if not _works_on_referrals(actor):
        return qs.none()
    sent = Q(from_institution_id=actor.institution_id)
    match actor.scope:
        case RecordScope.INSTITUTION:
            return qs.filter(_received_q(actor) | sent)
        case RecordScope.TERRITORY | RecordScope.OWN:
            sent &= Q(case__in=case_policies.scope_cases(actor)) | Q(sent_by_id=actor.user_id)
            return qs.filter(_received_q(actor) | sent)
        case RecordScope.UNIT if actor.unit_id:
            sent &= Q(case__in=case_policies.scope_cases(actor)) | Q(sent_by_id=actor.user_id)
            return qs.filter(_received_q(actor) | sent)
    return qs.none()  # aggregate, unknown, or unit without a unit


def referral_in_scope(actor: Actor, referral: Referral) -> bool:
    """The in-memory twin of ``scope_referrals`` for one referral."""
    if not _works_on_referrals(actor):
        return False
    if referral.to_institution_id == actor.institution_id:
        match actor.scope:
            case RecordScope.INSTITUTION:
                return True
            case RecordScope.TERRITORY if actor.can("referrals.respond"):
                return case_policies.case_in_territory(actor, referral.case)
            case RecordScope.UNIT | RecordScope.OWN | RecordScope.TERRITORY if actor.can(
                "referrals.respond"
            ):
                return True
            case RecordScope.UNIT | RecordScope.OWN | RecordScope.TERRITORY:
                if referral.assigned_to_id == actor.user_id:
                    return True
    if referral.from_institution_id == actor.institution_id:
        match actor.scope:
            case RecordScope.INSTITUTION:
                return True
            case RecordScope.UNIT | RecordScope.OWN | RecordScope.TERRITORY:
                if referral.sent_by_id == actor.user_id:
                    return True
                return case_policies.owns(actor, referral.case)
    return False


def scope_transfers(actor: Actor, qs: QuerySet[Transfer] | None = None) -> QuerySet[Transfer]:
    """Transfers to or from the actor's institution, for those who answer referrals or
    assign cases: received ones as ``_received_q`` says for those who answer; sent ones for
    the cases the actor may see or that the actor proposed ('institution': all)."""
    qs = Transfer.objects.all() if qs is None else qs
    if not (actor.can("referrals.respond") or actor.can("cases.assign")):
        return qs.none()
    if not reaches_records(actor):
        return qs.none()
    sent = Q(from_institution_id=actor.institution_id)
    received = Q(to_institution_id=actor.institution_id)
    match actor.scope:
        case RecordScope.INSTITUTION:
            return qs.filter(received | sent)
        case RecordScope.TERRITORY | RecordScope.UNIT | RecordScope.OWN:
            received = _received_q(actor) if actor.can("referrals.respond") else NOTHING
            sent &= Q(case__in=case_policies.scope_cases(actor)) | Q(proposed_by_id=actor.user_id)
            return qs.filter(received | sent)
    return qs.none()  # aggregate, unknown


def can_list_referrals(actor: Actor) -> bool:
    if _works_on_referrals(actor):
        return True
    return False


def can_see_referral_dashboard(actor: Actor) -> bool:
    """The home page's referrals card: for those who send or answer referrals."""
    if _works_on_referrals(actor) and (
        actor.can("referrals.send") or actor.can("referrals.respond")
    ):
        return True
    return False


def can_send_referral(actor: Actor, case: Case) -> bool:
    if (
        actor.can("referrals.send", case.institution_id)
        and case_policies.owns(actor, case)
        and not case.is_closed
    ):
        return True
    return False


def can_open_referral_case(actor: Actor, referral: Referral) -> bool:
    """Whether a referral list links to its case: the sender's case is its own (in scope),
    the receiver reaches it once the referral is accepted (through the grant). Anything
    else would lead to a 404."""
    if referral.from_institution_id == actor.institution_id:
        return True
    if referral.to_institution_id == actor.institution_id and (
        referral.status == ReferralStatus.ACCEPTED
    ):
        return True
    return False


def transfer_in_scope(actor: Actor, transfer: Transfer) -> bool:
    """The in-memory twin of ``scope_transfers`` for one transfer."""
    if not (actor.can("referrals.respond") or actor.can("cases.assign")):
        return False
    if not reaches_records(actor):
        return False
    if actor.scope == RecordScope.INSTITUTION:
        return actor.institution_id in (transfer.to_institution_id, transfer.from_institution_id)
    if transfer.to_institution_id == actor.institution_id and actor.can("referrals.respond"):
        match actor.scope:
            case RecordScope.TERRITORY:
                return case_policies.case_in_territory(actor, transfer.case)
            case RecordScope.UNIT | RecordScope.OWN:
                return True
    if transfer.from_institution_id == actor.institution_id:
        match actor.scope:
            case RecordScope.TERRITORY | RecordScope.UNIT | RecordScope.OWN:
                if transfer.proposed_by_id == actor.user_id:
                    return True
                return case_policies.owns(actor, transfer.case)
    return False


def can_override_consent(actor: Actor) -> bool:
    if actor.can("consent.override") and reaches_records(actor):
        return True
    return False


def can_answer(actor: Actor, referral: Referral) -> bool:
    if (
        actor.can("referrals.respond", referral.to_institution_id)
        and referral.status == ReferralStatus.SENT
        and referral_in_scope(actor, referral)
    ):
        return True
    return False


def can_withdraw(actor: Actor, referral: Referral) -> bool:
    """The sender withdraws; a referral the law requires only a supervisor, with a reason."""
    if referral.status not in (ReferralStatus.SENT, ReferralStatus.ACCEPTED):
        return False
    if not referral_in_scope(actor, referral):
        return False
    if referral.mandatory:
        return actor.can("referrals.withdraw_mandatory", referral.from_institution_id)
    if actor.can("referrals.send", referral.from_institution_id):
        return True
    return False


def can_hand_over(actor: Actor, referral: Referral) -> bool:
    """Those who answer referrals hand an accepted one to a colleague."""
    if (
        actor.can("referrals.respond", referral.to_institution_id)
        and referral.status == ReferralStatus.ACCEPTED
        and referral_in_scope(actor, referral)
    ):
        return True
    return False


def can_complete(actor: Actor, referral: Referral) -> bool:
    """Either side records the outcome of an accepted referral."""
    if referral.status != ReferralStatus.ACCEPTED or not referral_in_scope(actor, referral):
        return False
    if actor.can("referrals.respond", referral.to_institution_id):
        return True
    if actor.can("referrals.send", referral.from_institution_id):
        return True
    if (
        referral.to_institution_id == actor.institution_id
        and referral.assigned_to_id == actor.user_id
    ):
        return True
    return False


def can_propose_transfer(actor: Actor, case: Case) -> bool:
    if (
        actor.can("cases.assign", case.institution_id)
        and actor.can("referrals.send", case.institution_id)
        and case_policies.owns(actor, case)
        and not case.is_closed
    ):
        return True
    return False


def can_answer_transfer(actor: Actor, transfer: Transfer) -> bool:
    if (
        actor.can("referrals.respond", transfer.to_institution_id)
        and transfer.status == TransferStatus.PROPOSED
        and transfer_in_scope(actor, transfer)
    ):
        return True
    return False


def can_withdraw_transfer(actor: Actor, transfer: Transfer) -> bool:
    if (
        actor.can("referrals.send", transfer.from_institution_id)
        and transfer.status == TransferStatus.PROPOSED
        and transfer_in_scope(actor, transfer)
    ):
        return True
    return False


def can_manage_offering(actor: Actor, institution_id) -> bool:
    """An institution's directory entries: its administrator, or a platform administrator.
    Administration, not records: the record scope does not narrow it."""
    if actor.can("institutions.edit_own", institution_id) or actor.can("institutions.manage"):
        return True
    return False


def scope_offerings(actor: Actor, qs: QuerySet[ServiceOffering] | None = None):
    """The directory is shared by every institution of the pathway and holds no personal
    data: every scope sees the active institutions' entries."""
    qs = ServiceOffering.objects.all() if qs is None else qs
    match actor.scope:
        case (
            RecordScope.INSTITUTION
            | RecordScope.TERRITORY
            | RecordScope.UNIT
            | RecordScope.OWN
            | RecordScope.AGGREGATE
        ):
            return qs.filter(institution__is_active=True)
    return qs.none()
