"""In-app notifications: own only, per institution, marked read."""

from __future__ import annotations

import pytest
from django.test import Client

from ruta.intake import services as intake
from ruta.notifications.models import Notification
from tests.factories import actor_of, make_user, sign_in

pytestmark = pytest.mark.django_db


def test_bell_counts_unread_and_mark_all_read(home_institution, django_capture_on_commit_callbacks):
    coordinator = make_user("eri_coordinator", home_institution, preferred_language="en")
    operator = actor_of(make_user("hotline_operator", home_institution))
    with django_capture_on_commit_callbacks(execute=True):
        intake.report_create(actor=operator, channel="hotline", narrative="x", imminent_danger=True)
        assert not Notification.objects.filter(user=coordinator).exists()  # not before commit
    client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), coordinator)
    page = client.get("/").content.decode()
    assert '<span class="count">1' in page
    listing = client.get("/notifications/").content.decode()
    assert "Urgent report: imminent danger" in listing
    assert 'action="/notifications/read-all/"' in listing
    assert client.post("/notifications/").status_code == 405  # one route per action
    client.post("/notifications/read-all/")
    assert Notification.objects.get(user=coordinator).read_at is not None
    assert '<span class="count">' not in client.get("/").content.decode()


def test_notifications_of_others_are_not_listed(home_institution):
    mine = make_user("eri_coordinator", home_institution)
    other = make_user("eri_coordinator", home_institution)
    Notification.objects.create(
        user=other, institution=home_institution, kind="x", title="Para otra persona"
    )
    page = sign_in(Client(), mine).get("/notifications/").content.decode()
    assert "Para otra persona" not in page
