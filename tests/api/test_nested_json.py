"""Deeply nested JSON is a malformed body (400 problem+json) on every endpoint, never a 500."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from ruta.audit.models import AuditEvent
from ruta.core.api.parsers import MAX_JSON_DEPTH
from tests.factories import PASSWORD, make_user, totp_now

pytestmark = pytest.mark.django_db

DEEP = "[" * 1000 + "]" * 1000  # 2 KB: the decoder's recursion limit, not the size limit
NESTED_OBJECT = '{"a":' * 200 + "1" + "}" * 200


def _assert_malformed(response):
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("/parse")


@pytest.mark.parametrize("body", [DEEP, NESTED_OBJECT], ids=["arrays", "objects"])
def test_nested_json_to_the_token_endpoint_is_400(home_institution, body):
    before = AuditEvent.objects.count()
    response = APIClient().post("/api/v1/auth/token/", data=body, content_type="application/json")
    _assert_malformed(response)
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("role", "method", "path"),
    [
        ("institution_admin", "post", "/api/v1/users/"),
        ("institution_admin", "patch", "/api/v1/me/"),
        ("case_worker", "post", "/api/v1/reports/"),
        ("case_worker", "post", "/api/v1/cases/"),
        ("case_worker", "post", "/api/v1/persons/"),
        ("case_worker", "post", "/api/v1/referrals/"),
    ],
)
def test_nested_json_is_400_on_authenticated_endpoints(home_institution, role, method, path):
    admin = make_user(role, home_institution, with_2fa=True)
    token = APIClient().post(
        "/api/v1/auth/token/",
        {"username": admin.username, "password": PASSWORD, "otp_code": totp_now(admin)},
        format="json",
    )
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {token.json()['token']}")
    response = getattr(client, method)(path, data=DEEP, content_type="application/json")
    _assert_malformed(response)


def test_reasonable_nesting_is_accepted_and_one_level_more_is_not(home_institution):
    ok = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    too_deep = "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)
    # A list is not a valid token request, but it parses: a validation error, not a parse one.
    response = APIClient().post("/api/v1/auth/token/", data=ok, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["type"].endswith("/validation")
    too = APIClient().post("/api/v1/auth/token/", data=too_deep, content_type="application/json")
    _assert_malformed(too)
    assert json.loads(ok)  # the shallow body is valid JSON
