"""How many voting members (role ``member``; observers do not count) a committee's meeting
needs to decide, from the committee's quorum rule."""

from __future__ import annotations

from ruta.coordination.choices import MemberRole, QuorumRule
from ruta.coordination.models import Committee


def needed(rule: str, voting: int, fixed: int | None = None) -> int:
    """Majority: half plus one (floor(n/2)+1); two thirds: ceil(2n/3); fixed: the number set."""
    if rule == QuorumRule.MAJORITY:
        return voting // 2 + 1
    if rule == QuorumRule.TWO_THIRDS:
        return (2 * voting + 2) // 3
    if rule == QuorumRule.FIXED:
        return fixed or 0
    raise ValueError(f"unknown quorum rule: {rule}")


def members_needed(committee: Committee, voting: int | None = None) -> int:
    """The members needed for ``committee``; ``voting`` when the caller already counted them
    (else one query)."""
    if voting is None:
        voting = committee.members.filter(role=MemberRole.MEMBER).count()
    return needed(committee.quorum_rule, voting, committee.quorum_fixed)
