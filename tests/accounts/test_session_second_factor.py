"""A browser session that began without a second factor ends once one is required, as tokens
do (issue 8, section 2): the demo's relaxed mode switched off, or a session begun before."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, make_user, totp_now

pytestmark = pytest.mark.django_db

HOME = "/"


def _sign_in_with_password(user) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def test_a_relaxed_demo_session_ends_when_the_demo_mode_is_switched_off(settings, home_institution):
    settings.DEMO_MODE = True
    user = make_user("case_worker", home_institution)
    client = _sign_in_with_password(user)
    assert client.get(HOME).status_code == 200
    settings.DEMO_MODE = False
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    followed = client.get(response["Location"])  # in the user's language (Spanish)
    assert "Su rol requiere la autenticación de dos factores" in followed.content.decode()


def test_a_session_begun_with_a_code_survives_the_switch(settings, home_institution):
    settings.DEMO_MODE = True
    user = make_user("case_worker", home_institution, with_2fa=True)
    client = Client()
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    response = client.post(reverse("accounts:login-verify"), {"code": totp_now(user)})
    assert response.status_code == 302
    settings.DEMO_MODE = False
    assert client.get(HOME).status_code == 200


def test_a_role_without_compulsory_second_factor_keeps_its_session(settings, home_institution):
    settings.DEMO_MODE = True
    user = make_user("trainer", home_institution)  # reads no personal data
    client = _sign_in_with_password(user)
    settings.DEMO_MODE = False
    assert client.get(HOME).status_code == 200
    assert client.session["ruta_roles_need_2fa"] is False  # worked out once per session
    assert client.get(HOME).status_code == 200


def test_with_two_factor_not_required_nothing_changes(settings, home_institution):
    settings.DEMO_MODE = True
    user = make_user("case_worker", home_institution)
    client = _sign_in_with_password(user)
    settings.DEMO_MODE = False
    settings.REQUIRE_2FA = False
    assert client.get(HOME).status_code == 200
