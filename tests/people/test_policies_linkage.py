"""The duplicate review's rules, table-driven: who reviews, which pairs each reviewer sees,
who may merge and undo. A reviewer who may read persons but not edit them (a custom role)
sees the queue and may neither merge nor undo; a pair one of whose records was merged away
is merged by nobody."""

from __future__ import annotations

from datetime import date

import pytest

from ruta.accounts.models import Membership, Role
from ruta.people import policies as p
from ruta.people import services
from ruta.people.models import DuplicatePair, LinkageRun, PersonMerge
from tests.factories import actor_of, make_institution, make_unit, make_user

pytestmark = pytest.mark.django_db

ALL = ["identity", "contact", "facts", "health", "legal"]


@pytest.fixture
def w(home_institution):
    unit, other_unit = make_unit(home_institution), make_unit(home_institution)
    coord = actor_of(make_user("eri_coordinator", home_institution, unit=unit))
    worker_elsewhere = actor_of(make_user("case_worker", home_institution, unit=other_unit))
    viewer_role = Role.objects.create(
        code="duplicate_viewer",
        capabilities=["people.merge", "cases.view"],
        scope="institution",
        read_sensitivities=ALL,
        write_sensitivities=[],
    )
    viewer = make_user()
    Membership.objects.create(user=viewer, institution=home_institution, role=viewer_role)

    def person(actor, given):
        return services.person_create(
            actor=actor, given_names=given, first_surname="Zúniga", date_of_birth=date(2010, 1, 1)
        )

    a, b, c = person(coord, "Ana"), person(coord, "Anita"), person(coord, "Ana María")
    far = person(worker_elsewhere, "Ana")
    run = LinkageRun.objects.create(status="done")

    def pair(x, y):
        return DuplicatePair.objects.create(
            run=run, person_a=x, person_b=y, probability=0.9, weight=3, explanation=[]
        )

    pairs = {"ab": pair(a, b), "ac": pair(a, c), "a_far": pair(a, far)}
    c.merged_into = b
    c.save(update_fields=["merged_into"])
    merge = PersonMerge.objects.create(
        survivor=b, merged=c, pair=None, moved={}, merged_by=coord.user
    )
    actors = {
        "coord": coord,
        "sup": actor_of(make_user("supervisor", home_institution, unit=unit)),
        "sup_elsewhere": actor_of(make_user("supervisor", home_institution, unit=other_unit)),
        "viewer": actor_of(viewer),
        "worker": actor_of(make_user("case_worker", home_institution, unit=unit)),
        "prosecutor": actor_of(make_user("prosecutor", home_institution)),
        "stranger": actor_of(make_user("eri_coordinator", make_institution())),
    }
    return {"actors": actors, "pairs": pairs, "merge": merge, "persons": (a, b, c, far)}


REVIEWS = {"coord", "sup", "sup_elsewhere", "viewer", "stranger"}
SEES = {
    "coord": {"ab", "ac", "a_far"},
    "sup": {"ab", "ac"},  # far was recorded outside the unit
    "sup_elsewhere": set(),
    "viewer": {"ab", "ac", "a_far"},
    "worker": set(),
    "prosecutor": set(),
    "stranger": set(),
}
MERGES = {"coord": {"ab", "a_far"}, "sup": {"ab"}}  # "ac": c was merged away
UNDOES = {"coord", "sup"}
SEES_MERGE = {"coord", "sup", "viewer"}  # both records (b, c) in their scope


@pytest.mark.parametrize("name", sorted(SEES))
def test_who_reviews_and_which_pairs_each_sees(w, name):
    actor = w["actors"][name]
    assert p.can_review_duplicates(actor) == (name in REVIEWS)
    assert p.can_start_linkage(actor) == (name in REVIEWS)
    seen = {k for k, x in w["pairs"].items() if p.scope_pairs(actor).filter(pk=x.pk).exists()}
    assert seen == SEES[name]


@pytest.mark.parametrize("name", sorted(SEES))
def test_who_merges_which_pair_and_who_undoes(w, name):
    actor = w["actors"][name]
    merges = {k for k, x in w["pairs"].items() if p.can_merge_pair(actor, x.person_a, x.person_b)}
    assert merges == MERGES.get(name, set())
    merge = w["merge"]
    assert p.can_undo_merge(actor, merge.survivor, merge.merged) == (name in UNDOES)
    seen = p.scope_merges(actor).filter(pk=merge.pk).exists()
    assert seen == (name in SEES_MERGE)
