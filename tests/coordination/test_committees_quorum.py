"""The quorum of a committee's meetings, counted by hand: observers never count."""

from __future__ import annotations

import pytest

from ruta.coordination.choices import CommitteeKind, MemberRole, QuorumRule
from ruta.coordination.models import Committee, CommitteeMember
from ruta.coordination.quorum import members_needed, needed
from tests.factories import make_institution


@pytest.mark.parametrize(
    ("voting", "expected"),
    [(0, 1), (1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (10, 6), (11, 6), (20, 11)],
)
def test_majority_is_half_plus_one(voting, expected):
    assert needed(QuorumRule.MAJORITY, voting) == expected


@pytest.mark.parametrize(
    ("voting", "expected"),
    [(0, 0), (1, 1), (2, 2), (3, 2), (4, 3), (5, 4), (6, 4), (7, 5), (9, 6), (10, 7), (12, 8)],
)
def test_two_thirds_rounds_up(voting, expected):
    assert needed(QuorumRule.TWO_THIRDS, voting) == expected


def test_a_fixed_quorum_is_its_number_whatever_the_members():
    assert needed(QuorumRule.FIXED, 3, 7) == 7
    assert needed(QuorumRule.FIXED, 30, 7) == 7


def test_an_unknown_rule_is_an_error():
    with pytest.raises(ValueError, match="unknown quorum rule"):
        needed("half", 4)


@pytest.mark.django_db
def test_members_needed_counts_voting_members_only():
    secretariat = make_institution("Secretaría")
    committee = Committee.objects.create(
        kind=CommitteeKind.PLENARY,
        name="Pleno",
        acronym="PL",
        secretariat=secretariat,
        language="es",
        quorum_rule=QuorumRule.TWO_THIRDS,
    )
    for i in range(4):
        CommitteeMember.objects.create(committee=committee, institution=make_institution(f"M{i}"))
    for i in range(3):
        CommitteeMember.objects.create(
            committee=committee, institution=make_institution(f"O{i}"), role=MemberRole.OBSERVER
        )
    # 4 voting members: ceil(8/3) = 3; the 3 observers change nothing.
    assert members_needed(committee) == 3
    committee.quorum_rule = QuorumRule.MAJORITY
    assert members_needed(committee) == 3  # 4 // 2 + 1
    committee.quorum_rule, committee.quorum_fixed = QuorumRule.FIXED, 2
    assert members_needed(committee) == 2
    assert members_needed(committee, voting=100) == 2
