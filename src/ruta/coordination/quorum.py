"""Quorum: how many voting member institutions a committee's meeting needs, and whether a
meeting reached it. Observers neither count in the committee's size nor in who came."""

from __future__ import annotations

import math

from ruta.coordination.choices import MemberRole, Presence, QuorumRule
from ruta.coordination.models import Committee, Meeting


def voting_members(committee: Committee) -> int:
    """The committee's member institutions that vote (observers excluded)."""
    return committee.members.filter(role=MemberRole.MEMBER).count()


def needed_for(rule: str, members: int, fixed: int | None) -> int:
    """Members needed under ``rule`` for a committee of ``members`` voting institutions:
    a majority is floor(n/2)+1, two thirds is ceil(2n/3), a fixed quorum its number."""
    if rule == QuorumRule.FIXED:
        return int(fixed or 0)
    if rule == QuorumRule.TWO_THIRDS:
        return math.ceil(2 * members / 3)
    return members // 2 + 1


def members_needed(committee: Committee) -> int:
    """The voting members that must be present for ``committee`` to decide."""
    return needed_for(committee.quorum_rule, voting_members(committee), committee.quorum_fixed)


def quorum_status(meeting: Meeting) -> tuple[int, int, bool]:
    """(voting members present, members needed, reached) of ``meeting``: only institutions
    that are members with a vote (not observers) and marked present count."""
    committee = meeting.committee
    # .all() so that a list's prefetch of the members serves every meeting.
    voting = {m.institution_id for m in committee.members.all() if m.role == MemberRole.MEMBER}
    present_ids = {
        line.institution_id
        for line in meeting.attendance.all()
        if line.presence == Presence.PRESENT
    }
    present = len(voting & present_ids)
    needed = needed_for(committee.quorum_rule, len(voting), committee.quorum_fixed)
    return present, needed, present >= needed and needed > 0
