"""Table-driven tests of the institutions policies. The directory and the administration
of institutions hold no personal data: capabilities decide, whatever the record scope."""

from __future__ import annotations

import pytest

from ruta.institutions import policies as p
from tests import policy_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    yield from policy_world.module_world(django_db_blocker)


@pytest.mark.parametrize(
    ("actor", "sees_inactive"), [("coord", False), ("analyst", False), ("platform", True)]
)
def test_scope_institutions(w, actor, sees_inactive):
    inactive = policy_world.make_institution(is_active=False)
    qs = p.scope_institutions(w.actors[actor])
    assert qs.filter(pk=w.h.pk).exists()
    assert qs.filter(pk=inactive.pk).exists() is sees_inactive


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("inst_admin", {"u1", "u2"}),  # the own institution's units
        ("platform", {"u1", "u2", "ou"}),  # every unit (administers every account)
        ("coord", set()),  # administers nothing
        ("sup_u1", set()),
    ],
)
def test_scope_units(w, actor, expected):
    qs = p.scope_units(w.actors[actor])
    assert {k for k in ("u1", "u2", "ou") if qs.filter(pk=getattr(w, k).pk).exists()} == expected


@pytest.mark.parametrize(
    ("actor", "institution", "create", "edit", "details"),
    [
        ("platform", "o", True, True, True),
        ("inst_admin", "h", False, False, True),
        ("inst_admin", "o", False, False, False),
        ("coord", "h", False, False, False),
    ],
)
def test_institution_rules(w, actor, institution, create, edit, details):
    a, inst = w.actors[actor], getattr(w, institution)
    assert p.can_create_institution(a) is create
    assert p.can_view_institution_summary(a) is create
    assert p.can_edit_institution(a, inst) is edit
    assert p.can_edit_institution_details(a, inst) is details
