"""Table-driven tests of the care policies (actors and records: tests/policy_world.py).

H shared case m1 with O (sections identity and care), handed to o_worker. A service is
given by O ("o") or by N ("n")."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ruta.care import policies as p
from tests import policy_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    yield from policy_world.module_world(django_db_blocker)


def _service(w, by: str):
    return SimpleNamespace(pk=by, responsible_id={"o": w.o.pk, "n": w.n.pk}[by])


ROWS = [
    ("can_read_care", "coord", "m1", True),
    ("can_read_care", "worker", "mine", True),
    ("can_read_care", "worker2", "mine", False),
    ("can_read_care", "prosecutor", "m1", False),  # no health level
    ("can_read_care", "o_worker", "m1", True),  # grant holder: the grant names care
    ("can_read_care", "o_worker2", "m1", False),
    ("can_read_care", "n_coord", "m1", False),  # stranger
    ("can_read_care", "sup_nounit", "bare", False),
    ("can_write_care", "coord", "m1", True),
    ("can_write_care", "worker", "mine", True),
    ("can_write_care", "o_worker", "m1", False),  # the plan stays the owner's
    ("can_write_care", "sup_nounit", "bare", False),
    ("can_write_care", "terr_d1", "d2", False),
    ("can_add_service", "coord", "m1", True),
    ("can_add_service", "o_worker", "m1", True),
    ("can_add_service", "o_worker2", "m1", False),
    ("can_add_service", "n_coord", "m1", False),
]


@pytest.mark.parametrize(("fn", "actor", "case", "expected"), ROWS)
def test_care_rules(w, fn, actor, case, expected):
    assert getattr(p, fn)(w.actors[actor], w.cases[case]) is expected


@pytest.mark.parametrize(
    ("actor", "by", "expected"),
    [
        ("coord", "n", True),  # the owner works on every service
        ("o_worker", "o", True),  # the receiver on its own services
        ("o_worker", "n", False),
        ("o_worker2", "o", False),
        ("n_coord", "n", False),  # responsible, but the case was not shared with N
    ],
)
def test_can_work_on_service(w, actor, by, expected):
    assert p.can_work_on_service(w.actors[actor], w.cases["m1"], _service(w, by)) is expected


def _plan(w, status="active"):
    services = [_service(w, "o"), _service(w, "n")]
    return SimpleNamespace(status=status, services=SimpleNamespace(all=lambda: services))


@pytest.mark.parametrize(
    ("actor", "case", "plan", "expected"),
    [
        ("coord", "m1", "active", (True, True, True, {"o", "n"})),
        ("coord", "m1", None, (True, False, False, set())),
        ("coord", "m1", "completed", (True, False, False, set())),
        ("coord", "closed_u1", "active", (False, False, False, set())),  # closed: no change
        ("o_worker", "m1", "active", (False, False, True, {"o"})),
        ("n_coord", "m1", "active", (False, False, False, set())),
    ],
)
def test_care_actions(w, actor, case, plan, expected):
    actions = p.care_actions(w.actors[actor], w.cases[case], plan and _plan(w, plan))
    got = (actions["write"], actions["plan"], actions["add_service"], actions["workable"])
    assert got == expected
