"""Table-driven tests of the people policies (actors and records: tests/policy_world.py).

Persons: the person of each world case (named after the case), p_terr (recorded by the
D1 territory coordinator, no case), p_sup2 (recorded by a member of unit U1, no case),
p_lonely (no case, no recorder)."""

from __future__ import annotations

import pytest

from ruta.people import policies as p
from tests import policy_world

pytestmark = pytest.mark.django_db

H_PERSONS = {"m1", "d1", "d2", "u1", "bare", "mine", "closed_u1", "pending_u1"} | {
    "p_terr",
    "p_sup2",
    "p_lonely",
}


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    yield from policy_world.module_world(django_db_blocker)


SEES = {
    "coord": H_PERSONS,
    "prosecutor": H_PERSONS,
    "worker": {"mine"},
    "worker2": set(),
    "sup_u1": {"p_sup2"},
    "sup_nounit": set(),  # not "every person whose recorder has no unit"
    "terr_d1": {"m1", "d1", "u1", "closed_u1", "pending_u1", "p_terr"},
    "terr_m1": {"m1"},
    "terr_inst": {"d2"},
    "terr_none": set(),
    "analyst": set(),
    "coord_agg": set(),
    "hotline": set(),  # no case work
    "other": {"o_case"},
}


@pytest.mark.parametrize("actor", sorted(SEES))
def test_scope_persons_and_its_in_memory_twin(w, actor):
    a = w.actors[actor]
    seen = {k for k, x in w.persons.items() if p.scope_persons(a).filter(pk=x.pk).exists()}
    assert seen == SEES[actor]
    assert {k for k, x in w.persons.items() if p.person_in_scope(a, x)} == SEES[actor]


@pytest.mark.parametrize(
    ("actor", "person", "expected"),
    [
        ("coord", "m1", True),
        ("worker", "mine", True),
        ("worker2", "mine", False),
        ("terr_d1", "p_terr", True),
        ("terr_d1", "d2", False),
        ("terr_inst", "d2", True),
        ("sup_u1", "p_sup2", True),
        ("sup_u1", "p_lonely", False),
        ("sup_nounit", "p_lonely", False),
        ("prosecutor", "m1", False),  # reads, does not edit
        ("other", "m1", False),
    ],
)
def test_can_edit_person(w, actor, person, expected):
    assert p.can_edit_person(w.actors[actor], w.persons[person]) is expected


@pytest.mark.parametrize(
    ("actor", "search", "create", "contact", "health"),
    [
        ("coord", True, True, True, True),
        ("worker", True, True, True, True),
        ("sup_u1", True, False, True, True),
        ("sup_nounit", False, False, True, True),
        ("prosecutor", True, True, True, False),  # records suspects and victims of a file
        ("hotline", False, False, True, False),
        ("analyst", False, False, False, False),
        ("coord_agg", False, False, False, False),
    ],
)
def test_actor_level_rules(w, actor, search, create, contact, health):
    a = w.actors[actor]
    assert p.can_search_persons(a) is search
    assert p.can_create_person(a) is create
    assert p.can_read_person_contact(a) is contact
    assert p.can_read_person_health(a) is health
