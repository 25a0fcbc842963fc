"""Notifications API: the caller's own notifications, as the bell counts them (addressed to
the caller, for the institution the token acts for); anybody else's is 404 and unchanged."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts.models import Membership, Role
from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.notifications.models import Notification
from tests.factories import make_user

pytestmark = pytest.mark.django_db

READ = "notifications.notification.read"


def _api(user, institution=None) -> APIClient:
    membership = (
        user.memberships.get(institution=institution) if institution else user.memberships.get()
    )
    _token, key = auth.token_create(user=user, membership=membership, second_factor=True)
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")


def _notify(user, institution, title: str, *, read: bool = False) -> Notification:
    return Notification.objects.create(
        user=user,
        institution=institution,
        kind="test",
        title=title,
        read_at=timezone.now() if read else None,
    )


@pytest.fixture
def inbox(home_institution, other_institution):
    me = make_user("case_worker", home_institution)
    # I also work for another institution: its notifications wait for that membership.
    Membership.objects.create(
        user=me, institution=other_institution, role=Role.objects.get(code="trainer")
    )
    colleague = make_user("case_worker", home_institution)
    return {
        "me": me,
        "colleague": colleague,
        "unread": _notify(me, home_institution, "Nueva tarea"),
        "read": _notify(me, home_institution, "Tarea vista", read=True),
        "elsewhere": _notify(me, other_institution, "Aviso del albergue"),
        "theirs": _notify(colleague, home_institution, "Aviso ajeno"),
    }


def _ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {n["id"] for n in response.json()["results"]}


def test_the_list_is_mine_for_the_institution_i_act_for(inbox):
    api = _api(inbox["me"], inbox["unread"].institution)
    response = api.get("/api/v1/notifications/")
    assert _ids(response) == {str(inbox["unread"].pk), str(inbox["read"].pk)}
    body = response.json()
    assert body["count"] == 2  # paginated like the other lists
    first = next(n for n in body["results"] if n["id"] == str(inbox["unread"].pk))
    assert first["title"] == "Nueva tarea" and first["read_at"] is None


def test_the_unread_filter(inbox):
    api = _api(inbox["me"], inbox["unread"].institution)
    assert _ids(api.get("/api/v1/notifications/?unread=true")) == {str(inbox["unread"].pk)}
    assert _ids(api.get("/api/v1/notifications/?unread=false")) == {str(inbox["read"].pk)}
    bad = api.get("/api/v1/notifications/?unread=maybe")
    assert bad.status_code == 400
    assert "unread" in bad.json()["errors"]


def test_the_other_membership_sees_its_own(inbox, other_institution):
    api = _api(inbox["me"], other_institution)
    assert _ids(api.get("/api/v1/notifications/")) == {str(inbox["elsewhere"].pk)}


def test_read_marks_mine_once(inbox):
    api = _api(inbox["me"], inbox["unread"].institution)
    url = f"/api/v1/notifications/{inbox['unread'].pk}/read/"
    response = api.post(url, format="json")
    assert response.status_code == 200, response.content
    read_at = response.json()["read_at"]
    assert read_at is not None
    inbox["unread"].refresh_from_db()
    assert inbox["unread"].read_at is not None
    assert AuditEvent.objects.filter(action=READ).count() == 1
    # Read again: as it was, and nothing new in the audit trail.
    again = api.post(url, format="json")
    assert again.status_code == 200
    assert again.json()["read_at"] == read_at
    assert AuditEvent.objects.filter(action=READ).count() == 1
    # The others are untouched.
    for key in ("elsewhere", "theirs"):
        inbox[key].refresh_from_db()
        assert inbox[key].read_at is None, key


@pytest.mark.parametrize("key", ["theirs", "elsewhere"])
def test_reading_a_notification_that_is_not_mine_here_is_404_and_changes_nothing(inbox, key):
    api = _api(inbox["me"], inbox["unread"].institution)
    response = api.post(f"/api/v1/notifications/{inbox[key].pk}/read/", format="json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    inbox[key].refresh_from_db()
    assert inbox[key].read_at is None
    assert not AuditEvent.objects.filter(action=READ).exists()


def test_read_all_marks_mine_and_says_how_many(inbox):
    api = _api(inbox["me"], inbox["unread"].institution)
    _notify(inbox["me"], inbox["unread"].institution, "Otra tarea")
    response = api.post("/api/v1/notifications/read-all/", format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {"marked": 2}
    assert not Notification.objects.filter(
        user=inbox["me"], institution=inbox["unread"].institution, read_at__isnull=True
    ).exists()
    # Another person's, and mine for the other institution, stay unread.
    for key in ("elsewhere", "theirs"):
        inbox[key].refresh_from_db()
        assert inbox[key].read_at is None, key
    assert api.post("/api/v1/notifications/read-all/", format="json").json() == {"marked": 0}
    assert AuditEvent.objects.filter(action=READ).count() == 1


def test_without_a_token_nothing_is_read(inbox):
    anonymous = APIClient()
    assert anonymous.get("/api/v1/notifications/").status_code == 401
    url = f"/api/v1/notifications/{inbox['unread'].pk}/read/"
    assert anonymous.post(url, format="json").status_code == 401
    assert anonymous.post("/api/v1/notifications/read-all/", format="json").status_code == 401
    assert Notification.objects.filter(read_at__isnull=True).count() == 3


def test_options_on_an_action_without_a_body_describes_it(inbox):
    """DRF's OPTIONS answer describes the POST body: an action that takes none has none to
    describe, and answers all the same (it was a 500), changing nothing."""
    api = _api(inbox["me"], inbox["unread"].institution)
    for url in (
        "/api/v1/notifications/read-all/",
        f"/api/v1/notifications/{inbox['unread'].pk}/read/",
    ):
        response = api.options(url)
        assert response.status_code == 200, (url, response.content)
        assert response.json()["actions"]["POST"] == {}
    inbox["unread"].refresh_from_db()
    assert inbox["unread"].read_at is None
