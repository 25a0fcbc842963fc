"""Table-driven tests of the cases policies: (actor, record) -> expected answer.

Actors come from the shipped role templates (tests/policy_world.py): coord = ERI coordinator
(institution), worker = case worker (own), sup_u1 = supervisor (unit U1), sup_nounit =
supervisor without a unit, terr_* = coordinator as territory (d1: membership serves D1; m1:
membership serves municipality M1 of D1; inst: the institution's territory, D2; none: neither
names anything), analyst / coord_agg = aggregate, other = another institution. Records: cases
placed by their report (m1: D1/M1, d1: D1 only, d2: D2), by their unit (u1: unit U1 in D1),
nowhere (bare), assigned to worker (mine), closed, with a closure pending, of N, of O.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from ruta.cases import policies as p
from ruta.cases.models import Task
from tests import policy_world

pytestmark = pytest.mark.django_db

H_CASES = ("m1", "d1", "d2", "u1", "bare", "mine", "closed_u1", "pending_u1")


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    yield from policy_world.module_world(django_db_blocker)


# Which of the world's cases each actor's scope_cases holds (everything else: not held).
SEES = {
    "coord": set(H_CASES),
    "worker": {"mine"},
    "worker2": set(),
    "sup_u1": {"u1", "closed_u1", "pending_u1"},
    "sup_u2": set(),
    "sup_nounit": set(),  # not every case without a unit
    "terr_d1": {"m1", "d1", "u1", "closed_u1", "pending_u1"},  # report in D1, or unit in D1
    "terr_m1": {"m1"},  # only what is placed in M1: not a report that knows only D1
    "terr_inst": {"d2"},  # the institution's territory (D2)
    "terr_none": set(),  # serves nothing: sees nothing, not even N's case placed in D1
    "n_coord": {"n_d1"},
    "analyst": set(),
    "coord_agg": set(),
    "hotline": set(),
    "prosecutor": set(H_CASES),
    "other": {"o_case"},
    "platform": set(),
}


@pytest.mark.parametrize("actor", sorted(SEES))
def test_scope_cases_and_its_in_memory_twin(w, actor):
    """scope_cases, scope_tasks, owns and case_in_scope give the same answer for every case."""
    a = w.actors[actor]
    seen = {k for k, c in w.cases.items() if p.scope_cases(a).filter(pk=c.pk).exists()}
    assert seen == SEES[actor]
    tasks = {k for k, t in w.tasks.items() if p.scope_tasks(a).filter(pk=t.pk).exists()}
    assert tasks == SEES[actor]
    assert {k for k, c in w.cases.items() if p.owns(a, c)} == SEES[actor]
    assert {k for k, c in w.cases.items() if p.case_in_scope(a, c)} >= SEES[actor]


# scope_grants: H shares m1 (placed in D1, handed to o_worker), d2 (handed to O's unit in
# D2), bare (no place, nobody) and u1 (ended) with O.
GRANTS = {
    "other": {"to_worker", "to_unit", "unplaced"},
    "o_worker": {"to_worker"},
    "o_worker2": set(),
    "o_sup": {"to_unit"},
    "o_sup_nounit": set(),
    "o_terr_d2": {"to_unit"},  # the case is in D2, and so is the receiving unit
    "o_terr_d1": {"to_worker"},  # the case's report is in D1
    "coord": set(),  # grants to another institution
    "analyst": set(),
}


@pytest.mark.parametrize("actor", sorted(GRANTS))
def test_scope_grants(w, actor):
    a = w.actors[actor]
    seen = {k for k, g in w.grants.items() if p.scope_grants(a).filter(pk=g.pk).exists()}
    assert seen == GRANTS[actor]
    shared = {k for k, c in w.cases.items() if p.scope_cases_shared(a).filter(pk=c.pk).exists()}
    by_case = {"to_worker": "m1", "to_unit": "d2", "unplaced": "bare"}
    assert shared == {by_case[g] for g in GRANTS[actor]}
    visible = {k for k, c in w.cases.items() if p.scope_cases_visible(a).filter(pk=c.pk).exists()}
    assert visible == shared | SEES.get(actor, set())
    assert {k for k, c in w.cases.items() if p.active_grant(a, c)} == shared


# (function, actor, case) -> expected. Owner = the case's institution in scope; stranger =
# another institution or out of scope; state = open / closed / closure pending.
CASE_ROWS = [
    ("can_edit_case", "coord", "bare", True),
    ("can_edit_case", "worker", "mine", True),
    ("can_edit_case", "worker2", "mine", False),  # own scope, not assigned
    ("can_edit_case", "sup_u1", "u1", True),
    ("can_edit_case", "sup_nounit", "bare", False),  # unit scope without a unit
    ("can_edit_case", "terr_d1", "d1", True),
    ("can_edit_case", "terr_d1", "d2", False),
    ("can_edit_case", "other", "bare", False),  # stranger
    ("can_edit_case", "o_worker", "m1", False),  # grant holder: contributes, never edits
    ("can_edit_case", "prosecutor", "bare", False),  # no cases.edit
    ("can_write_facts", "coord", "bare", True),
    ("can_write_facts", "terr_m1", "m1", True),
    ("can_write_facts", "terr_m1", "d1", False),
    ("can_write_facts", "other", "bare", False),
    ("can_assign_case", "coord", "bare", True),
    ("can_assign_case", "sup_u1", "u1", True),
    ("can_assign_case", "sup_u1", "bare", False),
    ("can_assign_case", "worker", "mine", False),  # no cases.assign
    ("can_decide_identification", "coord", "d2", True),
    ("can_decide_identification", "terr_inst", "d2", True),
    ("can_decide_identification", "terr_inst", "d1", False),
    ("can_decide_identification", "worker", "mine", False),
    ("can_request_closure", "worker", "mine", True),
    ("can_request_closure", "sup_u1", "u1", True),
    ("can_request_closure", "sup_u1", "closed_u1", False),  # closed
    ("can_request_closure", "sup_u1", "pending_u1", False),  # already requested
    ("can_request_closure", "worker2", "mine", False),
    ("can_decide_closure", "sup_u1", "pending_u1", True),
    ("can_decide_closure", "sup2_u1", "pending_u1", False),  # their own request
    ("can_decide_closure", "sup_u2", "pending_u1", False),  # another unit
    ("can_decide_closure", "sup_u1", "u1", False),  # nothing pending
    ("can_reopen_case", "sup_u1", "closed_u1", True),
    ("can_reopen_case", "coord", "closed_u1", True),
    ("can_reopen_case", "coord", "u1", False),  # open
    ("can_reopen_case", "sup_nounit", "closed_u1", False),
    ("can_screen", "coord", "m1", True),
    ("can_screen", "worker", "mine", True),
    ("can_screen", "worker", "bare", False),
    ("can_screen", "sup_u1", "u1", False),  # no screening.perform
    ("can_record_consent", "coord", "m1", True),
    ("can_record_consent", "worker2", "mine", False),
    ("can_record_consent", "prosecutor", "m1", False),
    ("owns", "coord", "m1", True),
    ("owns", "other", "m1", False),
    ("case_in_territory", "terr_d1", "u1", True),  # no report: the unit's department
    ("case_in_territory", "terr_m1", "u1", False),  # a municipality never matches a unit
    ("case_in_territory", "terr_d1", "bare", False),
    ("case_in_territory", "terr_none", "n_d1", False),
]


@pytest.mark.parametrize(("fn", "actor", "case", "expected"), CASE_ROWS)
def test_case_rules(w, fn, actor, case, expected):
    assert getattr(p, fn)(w.actors[actor], w.cases[case]) is expected


@pytest.mark.parametrize(
    ("actor", "case", "expected"),
    [
        ("coord", "m1", True),
        ("worker", "mine", True),
        ("worker2", "mine", False),
        ("coord", "closed_u1", False),  # a closed case's tasks wait for a reopening
        ("other", "m1", False),
    ],
)
def test_can_complete_task(w, actor, case, expected):
    task = w.tasks[case]
    if case == "closed_u1":  # a done task cannot be completed again
        task = Task(case=task.case, kind=task.kind, due_at=task.due_at, done_at=timezone.now())
    assert p.can_complete_task(w.actors[actor], task) is expected


@pytest.mark.parametrize(
    ("actor", "sections", "writes"),
    [
        (
            "coord",
            {"identity", "contact", "facts", "health", "legal", "care"},
            {"general", "care", "health", "legal"},
        ),
        ("prosecutor", {"identity", "contact", "facts", "legal"}, set()),  # no cases.edit
        ("n_coord", set(), set()),  # stranger: nothing
        ("o_worker", {"identity", "care"}, {"care"}),  # grant holder: the grant's sections
        ("other", {"identity", "care"}, {"care"}),  # the receiving institution's coordinator
        ("o_worker2", set(), set()),  # own scope: the grant was handed to someone else
        ("worker2", set(), set()),  # own scope, not assigned
    ],
)
def test_sections_notes_and_contributions(w, actor, sections, writes):
    a, case = w.actors[actor], w.cases["m1"]
    assert set(p.sections_for(a, case)) == sections
    readable = {level for level, section in p.NOTE_SECTION.items() if section in sections}
    assert set(p.readable_note_levels(a, case)) == readable
    assert {lv for lv in p.NOTE_SECTION if p.can_read_note(a, case, lv)} == readable
    assert not p.can_read_note(a, case, "unknown")
    assert set(p.writable_note_levels(a, case)) == writes
    assert {lv for lv in p.NOTE_SECTION if p.can_write_note(a, case, lv)} == writes
    assert not p.can_write_note(a, case, "unknown")
    assert p.can_contribute(a, case, "care") is ("care" in writes)


@pytest.mark.parametrize(
    ("actor", "list_cases", "open_case", "names", "closures"),
    [
        ("coord", True, True, True, False),
        ("worker", True, True, True, False),
        ("sup_u1", True, False, True, True),
        ("sup_nounit", False, False, True, False),  # unit scope without a unit
        ("terr_d1", True, True, True, False),
        ("terr_none", True, True, True, False),  # lists (an empty list): its scope is valid
        ("analyst", False, False, False, False),
        ("coord_agg", False, False, False, False),
        ("hotline", False, False, True, False),
        ("prosecutor", True, False, True, False),
    ],
)
def test_actor_level_rules(w, actor, list_cases, open_case, names, closures):
    a = w.actors[actor]
    assert p.can_list_cases(a) is list_cases
    assert p.can_open_case(a) is open_case
    assert p.can_list_names(a) is names
    assert p.can_see_closures_to_decide(a) is closures


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("sup_u1", {"pending_u1"}), ("sup2_u1", set()), ("sup_u2", set()), ("coord", set())],
)
def test_scope_closures_to_decide(w, actor, expected):
    qs = p.scope_closures_to_decide(w.actors[actor])
    assert {k for k, c in w.cases.items() if qs.filter(pk=c.pk).exists()} == expected


@pytest.mark.parametrize(
    ("actor", "case", "offered"),
    [
        (
            "coord",
            "u1",
            {
                "add_notes",
                "edit",
                "write_facts",
                "assign",
                "identify",
                "screen",
                "record_consent",
                "request_closure",
            }
            - {"request_closure"},
        ),
        ("coord", "closed_u1", {"reopen"}),  # a closed case offers reopening only
        (
            "sup_u1",
            "pending_u1",
            {
                "add_notes",
                "edit",
                "write_facts",
                "assign",
                "identify",
                "record_consent",
                "decide_closure",
            },
        ),
        (
            "worker",
            "mine",
            {"add_notes", "edit", "write_facts", "screen", "record_consent", "request_closure"},
        ),
        ("other", "u1", set()),
    ],
)
def test_case_actions(w, actor, case, offered):
    actions = p.case_actions(w.actors[actor], w.cases[case])
    assert {k for k, v in actions.items() if v} == offered


# Access grants: (function, actor, case, institution the access is for) -> expected. The
# receiving institution's responders open access for their own institution only.
OPEN_GRANT_ROWS = [
    ("other", "m1", "o", True),  # O's coordinator answers referrals: access for O
    ("o_sup", "m1", "o", True),  # a supervisor answers referrals too
    ("prosecutor", "o_case", "h", True),  # answers referrals, for H, on O's case
    ("o_worker", "m1", "o", False),  # a case worker does not answer referrals
    ("o_sup_nounit", "m1", "o", False),  # unit scope without a unit reaches nothing
    ("other", "m1", "n", False),  # never for a third institution
    ("coord", "m1", "o", False),  # the owner does not accept on the receiver's behalf
    ("coord", "m1", "h", False),  # nor opens access to its own case
    ("coord_agg", "o_case", "h", False),  # aggregate scope
    ("analyst", "o_case", "h", False),  # no referrals.respond
]


@pytest.mark.parametrize(("actor", "case", "institution", "expected"), OPEN_GRANT_ROWS)
def test_can_open_grant(w, actor, case, institution, expected):
    target = {"h": w.h, "n": w.n, "o": w.o}[institution]
    assert p.can_open_grant(w.actors[actor], w.cases[case], target) is expected


# (function, actor, grant) -> expected. Grants of the world: H's cases shared with O.
GRANT_ROWS = [
    ("can_reassign_grant", "other", "to_worker", True),  # the receiver's responders hand over
    ("can_reassign_grant", "o_sup", "to_unit", True),
    ("can_reassign_grant", "o_worker", "to_worker", False),  # holds it, does not answer
    ("can_reassign_grant", "coord", "to_worker", False),  # the owner: not the receiver's work
    ("can_reassign_grant", "other", "ended", False),  # an ended grant stays as it was
    ("can_reassign_grant", "o_sup_nounit", "to_unit", False),
    ("can_close_grant", "coord", "to_worker", True),  # the owner takes it back
    ("can_close_grant", "worker", "to_unit", True),  # the owner's case worker (a sender)
    ("can_close_grant", "o_worker", "to_worker", True),  # the receiver gives it up
    ("can_close_grant", "other", "unplaced", True),
    ("can_close_grant", "n_coord", "to_worker", False),  # a third institution
    ("can_close_grant", "coord", "ended", False),  # already ended
    ("can_close_grant", "coord_agg", "to_worker", False),  # aggregate scope
    ("can_close_grant", "inst_admin", "to_worker", False),  # no cases.view
]


@pytest.mark.parametrize(("fn", "actor", "grant", "expected"), GRANT_ROWS)
def test_grant_rules(w, fn, actor, grant, expected):
    assert getattr(p, fn)(w.actors[actor], w.grants[grant]) is expected
