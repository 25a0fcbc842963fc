"""List pages and list endpoints run a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from ruta.accounts import authentication as auth
from ruta.audit import services as audit
from ruta.core.testing.factories import make_institution, make_unit, make_user, sign_in

pytestmark = pytest.mark.django_db

# The locked counts: raise one only with a reason in the commit message. (An API call may
# make one more query the first time a token is used in a minute: it records last use.)
LOCKED = {
    "/accounts/users/": 11,
    "/institutions/": 12,
    "/audit/": 11,
    "/api/v1/users/": 5,
    "/api/v1/memberships/": 4,
    "/api/v1/institutions/": 5,
    "/api/v1/audit-events/": 4,
}


def _populate(home, n: int) -> None:
    for _ in range(n):
        other = make_institution()
        make_unit(other)
        make_user("case_worker", home)
        audit.record(action="tests.rows.added", target=other)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", [u for u in LOCKED if not u.startswith("/api/")])
def test_page_queries_are_locked(url, home_institution):
    role = "auditor" if url == "/audit/" else "institution_admin"
    client = sign_in(Client(), make_user(role, home_institution))
    _populate(home_institution, 3)
    few = _count(client, url)
    _populate(home_institution, 12)
    many = _count(client, url)
    assert many <= few, f"{url}: {few} queries with few rows, {many} with more (N+1)"
    assert many <= LOCKED[url], f"{url}: {many} queries, locked at {LOCKED[url]}"


@pytest.mark.parametrize("url", [u for u in LOCKED if u.startswith("/api/")])
def test_endpoint_queries_are_locked(url, home_institution):
    role = "auditor" if "audit" in url else "institution_admin"
    user = make_user(role, home_institution)
    _token, key = auth.token_create(user=user, membership=user.memberships.get())
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")
    _populate(home_institution, 3)
    few = _count(client, url)
    _populate(home_institution, 12)
    many = _count(client, url)
    assert many <= few, f"{url}: {few} queries with few rows, {many} with more (N+1)"
    assert many <= LOCKED[url], f"{url}: {many} queries, locked at {LOCKED[url]}"
