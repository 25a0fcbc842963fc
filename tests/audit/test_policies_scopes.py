"""Table-driven tests of the audit policies: an institution's auditor sees what its members
did and what was done to its records; nobody else without an audit capability."""

from __future__ import annotations

import pytest

from ruta.audit import policies as p
from ruta.audit import services as audit
from tests import policy_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    yield from policy_world.module_world(django_db_blocker)


@pytest.mark.parametrize(
    ("actor", "views", "by_h", "to_h", "elsewhere"),
    [
        ("auditor", True, True, True, False),
        ("coord", False, False, False, False),
        ("platform", False, False, False, False),
        ("analyst", False, False, False, False),
    ],
)
def test_audit_rules(w, actor, views, by_h, to_h, elsewhere):
    events = {
        "by_h": audit.record(action="tests.thing.done", actor=w.actors["coord"]),
        "to_h": audit.record(
            action="tests.thing.done", actor=w.actors["other"], target_institution_id=w.h.pk
        ),
        "elsewhere": audit.record(action="tests.thing.done", actor=w.actors["other"]),
    }
    a = w.actors[actor]
    assert p.can_view_audit(a) is views
    qs = p.scope_audit_events(a)
    seen = {k: qs.filter(pk=e.pk).exists() for k, e in events.items()}
    assert seen == {"by_h": by_h, "to_h": to_h, "elsewhere": elsewhere}
