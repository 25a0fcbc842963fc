"""The whole-account actions, one route each on the user page and in the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts.models import User
from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from tests.factories import make_user, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(home_institution) -> User:
    return make_user("institution_admin", home_institution, preferred_language="en")


def _api(user: User) -> APIClient:
    _t, key = auth.token_create(user=user, membership=user.memberships.get(), second_factor=True)
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")


def _post(client, url: str, data: dict | None = None) -> tuple[str, list[str]]:
    response = client.post(url, data or {}, follow=True)
    assert response.status_code == 200
    return response.redirect_chain[-1][0], [str(m) for m in response.context["messages"]]


def test_page_buttons_post_to_one_route_each(home_institution, admin):
    locked = make_user(
        "case_worker", home_institution, locked_until=timezone.now() + timedelta(hours=1)
    )
    client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), admin)
    page = client.get(f"/accounts/users/{locked.pk}/").content.decode()
    for action in ("unlock", "reset-password", "reset-2fa", "deactivate"):
        assert f'action="/accounts/users/{locked.pk}/{action}/"' in page, action
    back = f"/accounts/users/{locked.pk}/"
    assert _post(client, f"{back}unlock/") == (back, ["The account is unlocked."])
    locked.refresh_from_db()
    assert locked.locked_until is None


def test_page_deactivate_needs_the_version_and_activate_undoes_it(home_institution, admin):
    subject = make_user("case_worker", home_institution)
    client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), admin)
    back = f"/accounts/users/{subject.pk}/"
    where, shown = _post(client, f"{back}deactivate/")
    assert where == back and shown == ["This field is required."]
    assert User.objects.get(pk=subject.pk).is_active
    stale = _post(client, f"{back}deactivate/", {"version": subject.version + 1})
    assert stale[1][0].startswith("Someone else changed this record")
    assert User.objects.get(pk=subject.pk).is_active
    done = _post(client, f"{back}deactivate/", {"version": subject.version})
    assert done[1] == ["The account is deactivated and its sessions ended."]
    subject.refresh_from_db()
    assert not subject.is_active
    page = client.get(back).content.decode()
    assert f'action="{back}activate/"' in page
    again = _post(client, f"{back}activate/", {"version": subject.version})
    assert again[1] == ["The account is active again."]
    assert User.objects.get(pk=subject.pk).is_active


def test_api_deactivate_documents_and_needs_its_version(home_institution, admin):
    subject = make_user("case_worker", home_institution)
    api = _api(admin)
    missing = api.post(f"/api/v1/users/{subject.pk}/deactivate/", {}, format="json")
    assert missing.status_code == 400
    assert list(missing.json()["errors"]) == ["version"]
    assert User.objects.get(pk=subject.pk).is_active
    done = api.post(
        f"/api/v1/users/{subject.pk}/deactivate/", {"version": subject.version}, format="json"
    )
    assert done.status_code == 200, done.content
    assert done.json()["is_active"] is False
    assert done.json()["memberships"]  # the user as the administrator sees them


def test_api_unlock_takes_no_body(home_institution, admin):
    locked = make_user(
        "case_worker", home_institution, locked_until=timezone.now() + timedelta(hours=1)
    )
    response = _api(admin).post(f"/api/v1/users/{locked.pk}/unlock/")
    assert response.status_code == 200, response.content
    assert response.json()["locked"] is False
    assert AuditEvent.objects.filter(
        action="accounts.user.unlocked", target_id=str(locked.pk)
    ).exists()


def test_options_on_unlock_answers_without_acting(home_institution, admin):
    locked = make_user(
        "case_worker", home_institution, locked_until=timezone.now() + timedelta(hours=1)
    )
    response = _api(admin).options(f"/api/v1/users/{locked.pk}/unlock/")
    assert response.status_code == 200, response.content
    deactivate = _api(admin).options(f"/api/v1/users/{locked.pk}/deactivate/")
    assert set(deactivate.json()["actions"]["POST"]) == {"version"}
    locked.refresh_from_db()
    assert locked.locked_until is not None
