"""The sign-in pages and account pages, through the Django test client."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from ruta.accounts import services
from ruta.accounts.models import User
from ruta.audit.models import AuditEvent
from tests.factories import PASSWORD, actor_of, make_user, sign_in, totp_now

pytestmark = pytest.mark.django_db


def _post_sign_in(client, user, password=PASSWORD, **extra):
    return client.post(
        "/accounts/sign-in/", {"username": user.username, "password": password, **extra}
    )


def test_full_two_factor_sign_in(home_institution):
    user = make_user("case_worker", home_institution, with_2fa=True)
    client = Client()
    response = _post_sign_in(client, user)
    assert response.status_code == 302 and response.url.startswith("/accounts/sign-in/verify/")
    # Not signed in yet: the home page still redirects to sign-in.
    assert client.get("/").status_code == 302
    response = client.post("/accounts/sign-in/verify/", {"code": "123456"})
    assert response.status_code == 400
    response = client.post("/accounts/sign-in/verify/", {"code": totp_now(user)})
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(
        action="accounts.user.signed_in", actor_user_id=user.pk
    ).exists()


def test_next_parameter_is_kept_but_never_leaves_the_site(home_institution):
    user = make_user("trainer", home_institution)
    response = _post_sign_in(Client(), user, next="/institutions/")
    assert response.url == "/institutions/"
    response = _post_sign_in(Client(), user, next="https://evil.example.org/")
    assert response.url == "/"


def test_pending_second_factor_expires(home_institution):
    user = make_user("case_worker", home_institution, with_2fa=True)
    client = Client()
    _post_sign_in(client, user)
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        response = client.post("/accounts/sign-in/verify/", {"code": totp_now(user)})
    assert response.status_code == 302 and response.url == "/accounts/sign-in/"
    assert client.get("/").status_code == 302


def test_unenrolled_user_reaches_only_the_enrolment_page(home_institution):
    user = make_user("case_worker", home_institution)
    client = Client()
    response = _post_sign_in(client, user)
    assert response.url == "/accounts/two-factor/"
    for path in ("/", "/institutions/", "/accounts/account/"):
        response = client.get(path)
        assert response.status_code == 302 and response.url == "/accounts/two-factor/", path
    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200 and b"<svg" in page.content
    assert client.get("/api/v1/me/").status_code == 401


def test_locked_account_message_on_the_page(settings, home_institution):
    settings.RUTA_LOCKOUT_THRESHOLD = 2
    user = make_user("trainer", home_institution)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    _post_sign_in(client, user, password="bad")
    response = _post_sign_in(client, user, password="bad")
    assert response.status_code == 400 and b"locked" in response.content


def test_sign_out_everywhere_ends_other_sessions(home_institution):
    user = make_user("trainer", home_institution)
    laptop, phone = sign_in(Client(), user), sign_in(Client(), user)
    assert phone.get("/").status_code == 200
    laptop.post("/accounts/sign-out/everywhere/")
    assert phone.get("/").status_code == 302


def test_role_change_ends_the_holders_sessions(home_institution):
    admin = actor_of(make_user("institution_admin", home_institution))
    user = make_user("case_worker", home_institution)
    client = sign_in(Client(), user)
    assert client.get("/").status_code == 200
    membership = user.memberships.get()
    from ruta.accounts.models import Role

    services.membership_update(
        actor=admin, membership=membership, version=1, role=Role.objects.get(code="trainer")
    )
    assert client.get("/").status_code == 302


def test_expired_session_is_explained(settings, home_institution):
    user = make_user("trainer", home_institution)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    _post_sign_in(client, user)
    client.cookies.pop(settings.SESSION_COOKIE_NAME)
    response = client.get("/", follow=True)
    # The language cookie set at sign-in (the user's preference, Spanish) wins.
    assert "Su sesión expiró" in response.content.decode()


def test_invitation_link_sets_the_password(home_institution, django_capture_on_commit_callbacks):
    admin = actor_of(make_user("institution_admin", home_institution))
    from ruta.accounts.models import Role

    with django_capture_on_commit_callbacks(execute=True):
        user = services.user_create(
            actor=admin,
            username="invitada",
            first_name="Invitada",
            last_name="Nueva",
            email="invitada@example.org",
            institution=home_institution,
            role=Role.objects.get(code="trainer"),
            base_url="http://testserver/",
        )
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    path = link.replace("http://testserver", "")
    client = Client()
    assert client.get(path).status_code == 200
    weak = client.post(path, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 400
    strong = "una frase de paso larga 2026"
    response = client.post(path, {"new_password1": strong, "new_password2": strong})
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).check_password(strong)
    # The link works once.
    assert client.get(path).status_code == 400


def test_missing_csrf_token_is_refused_clearly(home_institution):
    user = make_user("trainer", home_institution)
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, user)
    response = client.post("/accounts/sign-out/everywhere/")
    assert response.status_code == 403 and b"expired" in response.content
    user.refresh_from_db()
    assert user.session_epoch == 0


def test_htmx_user_search_returns_rows_only(home_institution):
    admin = make_user("institution_admin", home_institution)
    make_user("case_worker", home_institution, first_name="Xiomara")
    make_user("case_worker", home_institution, first_name="Wendy")
    client = sign_in(Client(), admin)
    response = client.get("/accounts/users/?q=Xiomara", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"<html" not in response.content and b"Xiomara" in response.content
    assert b"Wendy" not in response.content


def test_membership_switch_only_to_own_memberships(home_institution, other_institution):
    user = make_user("trainer", home_institution)
    stranger = make_user("trainer", other_institution)
    client = sign_in(Client(), user)
    client.post("/accounts/switch/", {"membership": str(stranger.memberships.get().pk)})
    response = client.get("/")
    assert home_institution.name.encode() in response.content
    assert other_institution.name.encode() not in response.content
