"""Whether notifications also reach a user by e-mail: their own choice, on the account page and
through the API; in-app notifications always happen."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.utils.translation import gettext_lazy
from rest_framework.test import APIClient

from ruta.accounts import services
from ruta.accounts.models import User
from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.intake import services as intake
from ruta.notifications.models import Notification
from ruta.notifications.services import notify
from tests.factories import actor_of, make_user, sign_in

pytestmark = pytest.mark.django_db

ACTION = "accounts.user.preferences_changed"


def _notify(user, **kw):
    return notify(
        users=[user],
        institution_id=user.memberships.get().institution_id,
        kind="tests.preferences",
        title=gettext_lazy("Notifications"),
        url="/notifications/",
        base_url="http://testserver/",
        **kw,
    )


def _api(user) -> APIClient:
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def _events(user):
    return AuditEvent.objects.filter(action=ACTION, target_id=str(user.pk))


@pytest.mark.parametrize("urgent", [False, True])
def test_preference_off_keeps_the_in_app_notification_but_sends_no_mail(
    home_institution, django_capture_on_commit_callbacks, urgent
):
    user = make_user("case_worker", home_institution, email_notifications=False)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user, urgent=urgent)
    assert Notification.objects.filter(user=user, urgent=urgent).count() == 1
    assert mail.outbox == []


def test_preference_on_sends_one_mail(home_institution, django_capture_on_commit_callbacks):
    user = make_user("case_worker", home_institution)
    assert user.email_notifications is True  # the default
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)
    assert Notification.objects.filter(user=user).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "http://testserver/notifications/" in mail.outbox[0].body


def test_links_in_mails_start_with_the_configured_address(
    settings, home_institution, django_capture_on_commit_callbacks
):
    """RUTA_BASE_URL, never the Host of whichever request caused the mail (a forged Host must
    not put its own address in a mail); without it, the request's address."""
    user = make_user("case_worker", home_institution)
    settings.RUTA_BASE_URL = "https://ruta.example.org/"
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)  # the request's address is http://testserver/
        notify(
            users=[user],
            institution_id=user.memberships.get().institution_id,
            kind="tests.preferences",
            title=gettext_lazy("Notifications"),
            url="/cases/",
        )  # no request at all: a command or a task
    bodies = [m.body for m in mail.outbox]
    assert "https://ruta.example.org/notifications/" in bodies[0]
    assert "testserver" not in bodies[0]
    assert "https://ruta.example.org/cases/" in bodies[1]


def test_urgent_report_mails_only_those_who_want_mail(
    home_institution, django_capture_on_commit_callbacks
):
    wants_mail = make_user("eri_coordinator", home_institution)
    app_only = make_user("eri_coordinator", home_institution, email_notifications=False)
    operator = actor_of(make_user("hotline_operator", home_institution))
    with django_capture_on_commit_callbacks(execute=True):
        intake.report_create(actor=operator, channel="hotline", narrative="x", imminent_danger=True)
    notified = set(Notification.objects.filter(urgent=True).values_list("user_id", flat=True))
    assert notified == {wants_mail.pk, app_only.pk}
    assert [m.to for m in mail.outbox] == [[wants_mail.email]]


def test_service_audits_only_a_change(home_institution):
    actor = actor_of(make_user("case_worker", home_institution))
    services.notification_preferences_set(actor=actor, email_notifications=True)
    assert not _events(actor.user).exists()
    user = services.notification_preferences_set(actor=actor, email_notifications=False)
    assert user.email_notifications is False
    assert User.objects.get(pk=actor.user_id).email_notifications is False
    event = _events(actor.user).get()
    assert event.actor_user_id == actor.user_id
    assert event.changed_fields == ["email_notifications"]


def test_account_page_form_changes_the_preference(home_institution):
    user = make_user("case_worker", home_institution)
    client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), user)
    page = client.get("/accounts/account/").content.decode()
    assert 'action="/accounts/account/notifications/"' in page
    assert 'id="id_email_notifications" checked' in page

    # An unticked checkbox is absent from the POST: the preference goes off.
    response = client.post("/accounts/account/notifications/", {})
    assert response.status_code == 302 and response.url == "/accounts/account/"
    assert User.objects.get(pk=user.pk).email_notifications is False
    assert _events(user).get().changed_fields == ["email_notifications"]
    page = client.get("/accounts/account/").content.decode()
    assert "Your notification preferences were saved." in page
    assert 'id="id_email_notifications" checked' not in page

    client.post("/accounts/account/notifications/", {"email_notifications": "on"})
    assert User.objects.get(pk=user.pk).email_notifications is True
    assert _events(user).count() == 2
    # Saving the same value again writes no audit row.
    client.post("/accounts/account/notifications/", {"email_notifications": "on"})
    assert _events(user).count() == 2


def test_preferences_page_is_post_only(home_institution):
    client = sign_in(Client(), make_user("case_worker", home_institution))
    assert client.get("/accounts/account/notifications/").status_code == 405


def test_api_shows_and_patches_the_preference(home_institution):
    user = make_user("case_worker", home_institution)
    client = _api(user)
    assert client.get("/api/v1/me/").json()["email_notifications"] is True
    response = client.patch("/api/v1/me/", {"email_notifications": False}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["email_notifications"] is False
    assert response.json()["username"] == user.username
    assert User.objects.get(pk=user.pk).email_notifications is False
    assert _events(user).get().via == "api"
    assert client.get("/api/v1/me/").json()["email_notifications"] is False


def test_api_patch_leaves_out_fields_alone(home_institution):
    user = make_user("case_worker", home_institution, email_notifications=False)
    response = _api(user).patch("/api/v1/me/", {}, format="json")
    assert response.status_code == 200
    assert response.json()["email_notifications"] is False
    assert not _events(user).exists()


@pytest.mark.parametrize(
    "body",
    [
        {"email_notifications": False, "is_superuser": True},
        {"preferred_language": "en"},
        {"email_notifications": "perhaps"},
    ],
)
def test_api_patch_refuses_unknown_fields_and_bad_values(home_institution, body):
    user = make_user("case_worker", home_institution)
    response = _api(user).patch("/api/v1/me/", body, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    user.refresh_from_db()
    assert user.email_notifications is True
    assert user.is_superuser is False
    assert user.preferred_language == "es"
    assert not _events(user).exists()


def test_anonymous_cannot_change_preferences(db):
    response = Client().post("/accounts/account/notifications/", {})
    assert response.status_code == 302 and response.url.startswith("/accounts/sign-in/")
    response = APIClient().patch("/api/v1/me/", {"email_notifications": False}, format="json")
    assert response.status_code == 401
