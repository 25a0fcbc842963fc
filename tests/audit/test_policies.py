"""Who sees which audit events: national, territorial and institutional oversight.

Rows of (capability, scope, territories) -> which of a fixed set of events the auditor sees.
"""

from __future__ import annotations

import pytest

from ruta.accounts.models import Membership, Role
from ruta.audit import services as audit
from ruta.audit.policies import Coverage, audit_coverage, can_view_audit, scope_audit_events
from ruta.core.choices import RecordScope
from ruta.core.models import Department
from tests.factories import actor_of, make_institution, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home_institution, other_institution):
    """Home serves CR, a neighbour serves CR too, a far institution serves AT only, and
    ``other`` serves nothing. One event in each, plus an event about a person in home and far."""
    cr, at = Department.objects.get(code="HN-CR"), Department.objects.get(code="HN-AT")
    home_institution.territories.set([cr])
    neighbour = make_institution("Vecina")
    neighbour.territories.set([cr])
    far = make_institution("Lejana")
    far.territories.set([at])
    far_admin = actor_of(make_user("institution_admin", far))
    both = make_user("case_worker", far)
    Membership.objects.create(
        user=both, institution=home_institution, role=Role.objects.get(code="case_worker")
    )
    events = {
        "home": audit.record(action="tests.x.done", target=home_institution),
        "neighbour": audit.record(action="tests.x.done", target=neighbour),
        "far": audit.record(action="tests.x.done", target=far),
        "other": audit.record(action="tests.x.done", target=other_institution),
        # The far institution's administrator acts on a person who is also home's member.
        "takeover": audit.record(action="accounts.totp.reset", actor=far_admin, target=both),
    }
    return {"home": home_institution, "events": events}


def _auditor(institution, capabilities, scope) -> object:
    role = Role.objects.create(code=f"r-{scope}-{len(capabilities)}", capabilities=capabilities)
    role.scope = scope
    role.save()
    user = make_user()
    Membership.objects.create(user=user, institution=institution, role=role)
    return actor_of(user)


ALL = {"home", "neighbour", "far", "other", "takeover"}
ROWS = [
    # (capabilities, scope, events seen)
    (["audit.view_all"], RecordScope.INSTITUTION, ALL),
    (["audit.view_all"], RecordScope.AGGREGATE, ALL),
    (["audit.view"], RecordScope.INSTITUTION, {"home", "takeover"}),
    (["audit.view"], RecordScope.TERRITORY, {"home", "neighbour", "takeover"}),
    (["audit.view"], RecordScope.UNIT, set()),
    (["audit.view"], RecordScope.OWN, set()),
    (["audit.view"], RecordScope.AGGREGATE, set()),
    (["cases.view"], RecordScope.INSTITUTION, set()),
]


@pytest.mark.parametrize(("capabilities", "scope", "seen"), ROWS)
def test_auditor_sees_exactly_the_events_of_the_institutions_overseen(
    world, capabilities, scope, seen
):
    actor = _auditor(world["home"], capabilities, scope)
    visible = set(scope_audit_events(actor).values_list("pk", flat=True))
    expected = {world["events"][name].pk for name in seen}
    assert visible & {e.pk for e in world["events"].values()} == expected
    assert can_view_audit(actor) == bool({"audit.view", "audit.view_all"} & set(capabilities))


def test_territorial_auditor_of_an_institution_serving_nothing_sees_nothing(world):
    world["home"].territories.clear()
    actor = _auditor(world["home"], ["audit.view"], RecordScope.TERRITORY)
    assert audit_coverage(actor).kind == Coverage.NONE
    assert not scope_audit_events(actor).exists()


def test_the_shipped_oversight_auditor_is_a_platform_role_seeing_everything(world):
    role = Role.objects.get(code="oversight_auditor")
    assert role.is_platform_role  # only platform administrators assign it
    assert role.requires_2fa
    user = make_user("oversight_auditor", world["home"])
    assert audit_coverage(actor_of(user)).kind == Coverage.ALL
    assert scope_audit_events(actor_of(user)).count() >= len(world["events"])


def test_an_institution_administrator_cannot_grant_national_oversight(home_institution):
    from ruta.accounts import policies

    admin = actor_of(make_user("institution_admin", home_institution))
    role = Role.objects.get(code="oversight_auditor")
    assert not policies.can_grant_membership(admin, institution_id=home_institution.pk, role=role)
