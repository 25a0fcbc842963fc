"""The channel (web, api, system) and the request id come from the request being served."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from ruta.audit import services as audit
from ruta.audit.models import AuditEvent
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_api_token_creation_is_recorded_as_api_with_the_request_id(home_institution):
    user = make_user("trainer", home_institution)
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 201
    request_id = response["X-Request-ID"]
    created = AuditEvent.objects.get(action="accounts.api_token.created", actor_user_id=user.pk)
    assert (created.via, created.request_id) == ("api", request_id)
    assert created.institution_id == home_institution.pk  # the institution the token acts for
    signed_in = AuditEvent.objects.get(action="accounts.user.signed_in", actor_user_id=user.pk)
    assert (signed_in.via, signed_in.request_id) == ("api", request_id)


def test_page_sign_in_is_recorded_as_web(client, home_institution):
    user = make_user("trainer", home_institution)
    response = client.post(
        "/accounts/sign-in/", {"username": user.username, "password": PASSWORD}, follow=False
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="accounts.user.signed_in", actor_user_id=user.pk)
    assert (event.via, event.request_id) == ("web", response["X-Request-ID"])


def test_outside_a_request_the_channel_is_system_and_there_is_no_request_id():
    event = audit.record(action="tests.x.done")
    assert (event.via, event.request_id, event.ip) == ("system", "", "")


def test_explicit_values_win_over_the_context():
    event = audit.record(action="tests.x.done", via="api", request_id="abc")
    assert (event.via, event.request_id) == ("api", "abc")
