"""Who sees and works on committees, meetings, agreements, action items and cooperation
agreements. Rules live here only.

- A committee's **secretariat** (its institution, with ``coordination.manage``) manages the
  committee: members and representatives, meetings (agenda, attendance, minutes,
  attachments), agreements and their action items, which it may also cancel.
- Its **member institutions** (any role with ``coordination.view``) see the committee, its
  meetings, minutes, agreements and every action item; an owner institution reports progress
  on its own action items (``coordination.update_actions``) and marks them done with evidence.
- A **cooperation agreement** is seen by the institution that recorded it and by its parties
  (``coordination.view``), and managed by the institution that recorded it.
- Nobody else reaches any of it: every scope denies what it does not name; out of scope
  answers 404. Names here are officials', never survivors': the record scope of the role
  (own, unit...) does not narrow what an institution's members see of its committees.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from ruta.coordination.choices import ActionStatus
from ruta.coordination.models import (
    ActionItem,
    Agreement,
    Committee,
    CommitteeMember,
    CooperationAgreement,
    Meeting,
)
from ruta.core.actor import Actor


def _views(actor: Actor) -> bool:
    return actor.can("coordination.view") or actor.can("coordination.manage")


def _manages(actor: Actor) -> bool:
    return actor.can("coordination.manage")


def _committee_q(actor: Actor, prefix: str = "") -> Q:
    """The committees whose secretariat or member is the actor's institution."""
    pk = f"{prefix}pk" if prefix else "pk"
    return Q(**{f"{prefix}secretariat_id": actor.institution_id}) | Q(
        Exists(
            CommitteeMember.objects.filter(
                committee_id=OuterRef(pk), institution_id=actor.institution_id
            )
        )
    )


def can_use_coordination(actor: Actor) -> bool:
    """The navigation's entry to committees (each page answers with its own rule)."""
    if _views(actor):
        return True
    return False


# --- committees ------------------------------------------------------------------------------
def scope_committees(actor: Actor, qs: QuerySet[Committee] | None = None) -> QuerySet[Committee]:
    qs = Committee.objects.all() if qs is None else qs
    if _views(actor):
        return qs.filter(_committee_q(actor))
    return qs.none()


def can_create_committee(actor: Actor) -> bool:
    """The acting institution becomes the new committee's secretariat."""
    if _manages(actor):
        return True
    return False


def can_manage_committee(actor: Actor, committee: Committee) -> bool:
    if _manages(actor) and committee.secretariat_id == actor.institution_id:
        return True
    return False


# --- meetings and agreements -------------------------------------------------------------------
def scope_meetings(actor: Actor, qs: QuerySet[Meeting] | None = None) -> QuerySet[Meeting]:
    qs = Meeting.objects.all() if qs is None else qs
    if _views(actor):
        return qs.filter(_committee_q(actor, "committee__"))
    return qs.none()


def can_manage_meeting(actor: Actor, meeting: Meeting) -> bool:
    """Agenda, attendance, minutes, attachments and agreements: the secretariat, while the
    minutes are open (closing them freezes the record)."""
    if can_manage_committee(actor, meeting.committee) and meeting.minutes_closed_at is None:
        return True
    return False


def scope_agreements(actor: Actor, qs: QuerySet[Agreement] | None = None) -> QuerySet[Agreement]:
    qs = Agreement.objects.all() if qs is None else qs
    if _views(actor):
        return qs.filter(_committee_q(actor, "committee__"))
    return qs.none()


# --- action items ----------------------------------------------------------------------------
def scope_action_items(
    actor: Actor, qs: QuerySet[ActionItem] | None = None
) -> QuerySet[ActionItem]:
    """Every item of the actor's committees (the committee's page shows them all)."""
    qs = ActionItem.objects.all() if qs is None else qs
    if _views(actor):
        return qs.filter(_committee_q(actor, "committee__"))
    return qs.none()


def can_manage_action_item(actor: Actor, item: ActionItem) -> bool:
    """Edit what is asked, of whom and by when, or cancel it: the committee's secretariat."""
    if can_manage_committee(actor, item.committee):
        return True
    return False


def can_update_action_item(actor: Actor, item: ActionItem) -> bool:
    """Report progress or mark done with evidence: the owner institution, or the secretariat,
    while the item is open."""
    if item.status not in (ActionStatus.PENDING, ActionStatus.IN_PROGRESS):
        return False
    if actor.can("coordination.update_actions") and item.owner_institution_id == (
        actor.institution_id
    ):
        return True
    if can_manage_committee(actor, item.committee):
        return True
    return False


# --- cooperation agreements ---------------------------------------------------------------------
def scope_cooperation_agreements(
    actor: Actor, qs: QuerySet[CooperationAgreement] | None = None
) -> QuerySet[CooperationAgreement]:
    qs = CooperationAgreement.objects.all() if qs is None else qs
    if _views(actor):
        party = CooperationAgreement.parties.through.objects.filter(
            cooperationagreement_id=OuterRef("pk"), institution_id=actor.institution_id
        )
        return qs.filter(Q(institution_id=actor.institution_id) | Q(Exists(party)))
    return qs.none()


def can_create_cooperation_agreement(actor: Actor) -> bool:
    if _manages(actor):
        return True
    return False


def can_manage_cooperation_agreement(actor: Actor, agreement: CooperationAgreement) -> bool:
    if _manages(actor) and agreement.institution_id == actor.institution_id:
        return True
    return False


# --- slice actions ---
def can_add_action_item(actor: Actor, agreement: Agreement) -> bool:
    """Assign an action under an agreement: the committee's secretariat."""
    if can_manage_committee(actor, agreement.committee):
        return True
    return False


def can_edit_action_item(actor: Actor, item: ActionItem) -> bool:
    """Change what is asked, of whom and by when, or cancel it: the secretariat, while the
    item is open (done and cancelled items are closed)."""
    if item.status in (ActionStatus.PENDING, ActionStatus.IN_PROGRESS) and (
        can_manage_action_item(actor, item)
    ):
        return True
    return False


def can_edit_agreement(actor: Actor, agreement: Agreement) -> bool:
    """Amend an agreement's text: the secretariat while its meeting's minutes are open."""
    if can_manage_meeting(actor, agreement.meeting):
        return True
    return False
