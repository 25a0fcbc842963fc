"""Table-driven tests of the intake policies (actors and records: tests/policy_world.py).

Reports: m1 (D1/M1, new, untaken), d1 (D1, in triage, taken by a member of unit U1), d2 (D2,
accepted), hot (recorded by the hotline operator, new, no place), n (institution N, D1)."""

from __future__ import annotations

import pytest

from ruta.intake import policies as p
from tests import policy_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    yield from policy_world.module_world(django_db_blocker)


SEES = {
    "coord": {"m1", "d1", "d2", "hot"},
    "hotline": {"hot"},  # own scope: what it recorded
    "worker": set(),  # own scope, recorded nothing
    "sup_u1": {"m1", "d1", "hot"},  # the unit's (d1) and, as a triager, the untaken ones
    "sup_u2": {"m1", "hot"},  # only the untaken ones
    "sup_nounit": set(),  # unit scope without a unit
    "terr_d1": {"m1", "d1"},
    "terr_m1": {"m1"},  # not d1, which knows only its department
    "terr_inst": {"d2"},
    "terr_none": set(),  # not N's report in D1
    "n_coord": {"n"},
    "analyst": set(),
    "coord_agg": set(),
    "prosecutor": set(),  # no intake capability
    "other": set(),
}


@pytest.mark.parametrize("actor", sorted(SEES))
def test_scope_reports_and_its_in_memory_twin(w, actor):
    a = w.actors[actor]
    seen = {k for k, r in w.reports.items() if p.scope_reports(a).filter(pk=r.pk).exists()}
    assert seen == SEES[actor]
    assert {k for k, r in w.reports.items() if p.report_in_scope(a, r)} == SEES[actor]


ROWS = [
    ("can_take_report", "coord", "m1", True),
    ("can_take_report", "coord", "d1", False),  # already in triage
    ("can_take_report", "sup_u2", "m1", True),
    ("can_take_report", "sup_nounit", "m1", False),
    ("can_take_report", "terr_m1", "m1", True),
    ("can_take_report", "terr_inst", "m1", False),  # outside the territory
    ("can_take_report", "hotline", "hot", False),  # no triage
    ("can_take_report", "other", "m1", False),
    ("can_triage_report", "coord", "d1", True),
    ("can_triage_report", "sup_u1", "d1", True),
    ("can_triage_report", "sup_u2", "d1", False),  # out of the unit's scope
    ("can_triage_report", "terr_d1", "d1", True),
    ("can_triage_report", "terr_m1", "d1", False),
    ("can_triage_report", "coord", "d2", False),  # accepted: no longer open
    ("can_triage_report", "hotline", "hot", False),
    ("can_triage_report", "sup_nounit", "m1", False),
    ("can_triage_report", "other", "m1", False),
]


@pytest.mark.parametrize(("fn", "actor", "report", "expected"), ROWS)
def test_report_rules(w, fn, actor, report, expected):
    assert getattr(p, fn)(w.actors[actor], w.reports[report]) is expected


@pytest.mark.parametrize(
    ("actor", "lists", "creates", "reporter", "facts"),
    [
        ("coord", True, True, True, True),
        ("hotline", True, True, True, True),
        ("sup_u1", True, False, True, True),  # triages, does not receive
        ("sup_nounit", False, False, True, True),
        ("terr_none", True, True, True, True),
        ("coord_agg", False, False, False, False),
        ("analyst", False, False, False, False),
        ("prosecutor", False, False, True, True),
        ("inst_admin", False, False, False, False),
    ],
)
def test_actor_level_rules(w, actor, lists, creates, reporter, facts):
    a = w.actors[actor]
    assert p.can_list_reports(a) is lists
    assert p.can_create_report(a) is creates
    assert p.can_read_reporter(a) is reporter
    assert p.can_read_report_facts(a) is facts
