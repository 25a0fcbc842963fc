"""A membership's territory: set by an administrator (page and API, audited), read once when
the actor is built (one query, territory scopes only), falling back to the institution's."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from ruta.accounts.models import Membership
from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.core.actor import actor_for_membership
from ruta.core.choices import RecordScope
from ruta.core.models import Department, Municipality
from tests.factories import actor_of, make_institution, make_user, sign_in
from tests.policy_world import template_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    Municipality.objects.get_or_create(
        code="HN0501", defaults={"department_id": "HN-CR", "name": "San Pedro Sula"}
    )


def _territory_member(institution):
    user = make_user("eri_coordinator", institution)
    membership = Membership.objects.get(user=user)
    membership.role = template_as("eri_coordinator", RecordScope.TERRITORY)
    membership.save(update_fields=["role"])
    return membership


def _fresh(membership):
    return Membership.objects.select_related("role", "institution", "unit", "user").get(
        pk=membership.pk
    )


def test_the_membership_names_its_places_else_the_institution_serves(place):
    home = make_institution()
    home.territories.set([Department.objects.get(pk="HN-FM")])
    membership = _territory_member(home)
    with CaptureQueriesContext(connection) as ctx:
        actor = actor_for_membership(_fresh(membership))
    assert len(ctx.captured_queries) == 2  # the membership itself, then one union query
    assert (actor.department_ids, actor.municipality_ids) == ({"HN-FM"}, frozenset())
    membership.municipalities.set(["HN0501"])
    actor = actor_for_membership(_fresh(membership))
    assert (actor.department_ids, actor.municipality_ids) == (frozenset(), {"HN0501"})
    # Prefetched links are used as they are, with the same answer.
    prefetched = Membership.objects.prefetch_related(
        "departments", "municipalities", "institution__territories"
    ).get(pk=membership.pk)
    assert prefetched.served_places() == (frozenset(), {"HN0501"})
    home.territories.clear()
    membership.municipalities.clear()
    assert actor_for_membership(_fresh(membership)).department_ids == frozenset()


def test_other_scopes_load_no_territory():
    membership = Membership.objects.get(user=make_user("eri_coordinator", make_institution()))
    membership = _fresh(membership)
    with CaptureQueriesContext(connection) as ctx:
        actor = actor_for_membership(membership)
    assert ctx.captured_queries == []
    assert actor.department_ids == frozenset()


def test_an_administrator_sets_the_territory_through_the_api(place):
    home = make_institution()
    admin = actor_of(make_user("institution_admin", home))
    membership = _territory_member(home)
    _t, key = auth.token_create(user=admin.user, membership=admin.membership, second_factor=True)
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")
    url = f"/api/v1/memberships/{membership.pk}/"
    bad = api.patch(url, {"version": 1, "departments": ["HN-XX"]}, format="json")
    assert bad.status_code in (400, 422)
    assert not membership.departments.exists()
    ok = api.patch(
        url, {"version": 1, "departments": ["HN-CR"], "municipalities": ["HN0501"]}, format="json"
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["departments"] == ["HN-CR"]
    assert ok.json()["municipalities"] == ["HN0501"]
    assert actor_of(membership.user).department_ids == {"HN-CR"}
    event = AuditEvent.objects.get(action="accounts.membership.territory_changed")
    assert event.data == {"departments": ["HN-CR"], "municipalities": ["HN0501"]}
    assert api.get(url).json()["departments"] == ["HN-CR"]


def test_an_administrator_of_another_institution_cannot(place):
    membership = _territory_member(make_institution())
    stranger = actor_of(make_user("institution_admin", make_institution()))
    _t, key = auth.token_create(
        user=stranger.user, membership=stranger.membership, second_factor=True
    )
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = api.patch(
        f"/api/v1/memberships/{membership.pk}/",
        {"version": 1, "departments": ["HN-CR"]},
        format="json",
    )
    assert response.status_code == 404
    assert not membership.departments.exists()


def test_an_administrator_sets_the_territory_on_the_page(place):
    home = make_institution()
    admin = make_user("institution_admin", home)
    membership = _territory_member(home)
    client = sign_in(Client(), admin)
    prefix = f"m{membership.pk.hex[:8]}"
    page = client.get(reverse("accounts:user-detail", kwargs={"user_id": membership.user_id}))
    assert f'name="{prefix}-municipalities"' in page.content.decode()
    client.post(
        reverse("accounts:membership-update", kwargs={"membership_id": membership.pk}),
        {
            f"{prefix}-version": 1,
            f"{prefix}-role": membership.role_id,
            f"{prefix}-is_active": "on",
            f"{prefix}-municipalities": ["HN0501"],
        },
    )
    assert list(membership.municipalities.values_list("pk", flat=True)) == ["HN0501"]
    assert actor_of(membership.user).municipality_ids == {"HN0501"}
