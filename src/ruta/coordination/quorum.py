"""Quorum: how many voting member institutions (role ``member``; observers count neither in
the committee's size nor in who came) a committee's meeting needs, and whether a meeting
reached it."""

from __future__ import annotations

from ruta.coordination.choices import MemberRole, Presence, QuorumRule
from ruta.coordination.models import Committee, Meeting


def needed(rule: str, voting: int, fixed: int | None = None) -> int:
    """Majority: half plus one (floor(n/2)+1); two thirds: ceil(2n/3); fixed: the number set."""
    if rule == QuorumRule.MAJORITY:
        return voting // 2 + 1
    if rule == QuorumRule.TWO_THIRDS:
        return (2 * voting + 2) // 3
    if rule == QuorumRule.FIXED:
        return int(fixed or 0)
    raise ValueError(f"unknown quorum rule: {rule}")


def voting_members(committee: Committee) -> int:
    """The committee's member institutions that vote (observers excluded)."""
    return committee.members.filter(role=MemberRole.MEMBER).count()


def members_needed(committee: Committee, voting: int | None = None) -> int:
    """The members needed for ``committee``; ``voting`` when the caller already counted them
    (else one query)."""
    if voting is None:
        voting = voting_members(committee)
    return needed(committee.quorum_rule, voting, committee.quorum_fixed)


def quorum_status(meeting: Meeting) -> tuple[int, int, bool]:
    """(voting members present, members needed, reached) of ``meeting``."""
    committee = meeting.committee
    # .all() so that a list's prefetch of the members serves every meeting.
    voting = {m.institution_id for m in committee.members.all() if m.role == MemberRole.MEMBER}
    present_ids = {
        line.institution_id
        for line in meeting.attendance.all()
        if line.presence == Presence.PRESENT
    }
    present = len(voting & present_ids)
    need = needed(committee.quorum_rule, len(voting), committee.quorum_fixed)
    return present, need, present >= need and need > 0
