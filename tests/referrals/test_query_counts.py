"""Referral pages and endpoints run a fixed number of queries, whatever the number of
referrals, institutions and directory entries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.referrals import services
from tests.factories import actor_of, make_institution, make_user, sign_in
from tests.referrals.conftest import open_case

pytestmark = pytest.mark.django_db

# Raise one only with a reason in the commit message.
LOCKED = {
    "/": 20,  # + the overdue committee actions (1)
    "/referrals/": 10,
    "/referrals/?box=sent": 11,
    "/referrals/directory/": 12,
    "/api/v1/referrals/": 4,
    "/api/v1/referrals/?box=sent": 5,
    "/api/v1/service-offerings/": 6,
    "/api/v1/transfers/": 4,
}


def _grow(pathway, n: int) -> None:
    platform = actor_of(make_user("platform_admin", pathway.eri))
    shelter = pathway.receivers["care"]
    for _ in range(n):
        other = make_institution()
        services.offering_save(actor=platform, institution=other, service="Shelter", departments=[])
        case = open_case(pathway, sharing_with=[shelter])
        referral = services.referral_send(
            actor=pathway.coordinator,
            case=case,
            to_institution=shelter,
            type="care",
            services=["Shelter"],
        )
        services.referral_accept(actor=pathway.responders["care"], referral=referral, version=1)
        # And one received by the ERI, so both boxes grow.
        services.offering_save(
            actor=platform, institution=pathway.eri, service="Psychological", departments=[]
        )


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _check(client, pathway, url):
    _grow(pathway, 2)
    few = _count(client, url)
    _grow(pathway, 6)
    many = _count(client, url)
    assert many <= few, f"{url}: {few} queries with few rows, {many} with more (N+1)"
    assert many <= LOCKED[url], f"{url}: {many} queries, locked at {LOCKED[url]}"


@pytest.mark.parametrize("url", [u for u in LOCKED if not u.startswith("/api/")])
def test_referral_pages_are_locked(url, pathway):
    _check(sign_in(Client(), pathway.coordinator.user), pathway, url)


@pytest.mark.parametrize("url", [u for u in LOCKED if u.startswith("/api/")])
def test_referral_endpoints_are_locked(url, pathway):
    user = pathway.coordinator.user
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    _check(APIClient(HTTP_AUTHORIZATION=f"Bearer {key}"), pathway, url)
