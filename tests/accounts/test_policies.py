"""Table-driven tests of the accounts policies (actors: tests/policy_world.py). Account
administration is decided by capabilities (institution administrator: their institution;
platform administrator: everyone), not by the record scope."""

from __future__ import annotations

import pytest

from ruta.accounts import policies as p
from ruta.accounts.models import Role
from tests import policy_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    yield from policy_world.module_world(django_db_blocker)


@pytest.mark.parametrize(
    ("actor", "target", "user_seen", "membership_seen", "manages", "changes_membership"),
    [
        ("inst_admin", "coord", True, True, True, True),
        ("inst_admin", "other", False, False, False, False),  # another institution's member
        ("inst_admin", "inst_admin", True, True, False, False),  # never oneself
        ("platform", "other", True, True, True, True),
        ("coord", "worker", False, False, False, False),
        ("analyst", "worker", False, False, False, False),
    ],
)
def test_user_and_membership_rules(
    w, actor, target, user_seen, membership_seen, manages, changes_membership
):
    a, t = w.actors[actor], w.actors[target]
    assert p.scope_users(a).filter(pk=t.user_id).exists() is user_seen
    assert p.scope_memberships(a).filter(pk=t.membership.pk).exists() is membership_seen
    assert p.can_manage_account(a, t.user) is manages
    assert p.can_change_membership(a, t.membership) is changes_membership


@pytest.mark.parametrize(
    ("actor", "institution", "role", "expected"),
    [
        ("inst_admin", "h", "case_worker", True),
        ("inst_admin", "h", "platform_admin", False),  # platform roles: platform admins only
        ("inst_admin", "o", "case_worker", False),
        ("platform", "o", "platform_admin", True),
        ("coord", "h", "case_worker", False),
    ],
)
def test_can_grant_membership(w, actor, institution, role, expected):
    institution_id = getattr(w, institution).pk
    role = Role.objects.get(code=role)
    assert p.can_grant_membership(w.actors[actor], institution_id=institution_id, role=role) is (
        expected
    )


@pytest.mark.parametrize(
    ("actor", "lists", "manages_roles", "views_roles", "grantable"),
    [
        ("inst_admin", True, False, True, {"case_worker"}),
        ("platform", True, True, True, {"case_worker", "platform_admin"}),
        ("coord", False, False, False, set()),
        ("auditor", False, False, False, set()),
    ],
)
def test_actor_level_rules(w, actor, lists, manages_roles, views_roles, grantable):
    a = w.actors[actor]
    assert p.can_list_users(a) is lists
    assert p.can_create_user(a) is lists
    assert p.can_manage_roles(a) is manages_roles
    assert p.can_view_roles(a) is views_roles
    assert p.scope_roles(a).filter(code="case_worker").exists() is views_roles
    codes = set(
        p.grantable_roles(a)
        .filter(code__in=["case_worker", "platform_admin"])
        .values_list("code", flat=True)
    )
    assert codes == grantable
