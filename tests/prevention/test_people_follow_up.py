"""The follow-up questionnaire: sent once three months after a session, by a one-time link
(only its hash is kept), answered once on a public page that names nobody."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ruta.audit.models import AuditEvent
from ruta.prevention.models import FollowUp
from ruta.prevention.services import follow_ups
from tests.prevention import people_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = people_setup.build()
    session = w["session"]
    today = timezone.localdate()
    session.starts_on, session.ends_on = today - timedelta(days=91), today - timedelta(days=90)
    session.save(update_fields=["starts_on", "ends_on"])
    return w


def _link(message) -> str:
    return re.search(r"https?://\S+/follow-up/(\S+)/", message.body).group(0)


def test_sent_once_per_enrolment_after_the_commit(w, django_capture_on_commit_callbacks):
    # ``enrolment`` already has one (the world's); ``other_enrolment`` is due.
    with django_capture_on_commit_callbacks() as callbacks:
        sent = follow_ups.follow_ups_send()
        assert mail.outbox == []  # nothing leaves before the commit
    assert sent == 1
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ramon@example.org"]
    token = _link(message).rstrip("/").rsplit("/", 1)[1]
    follow_up = FollowUp.objects.get(enrolment=w["other_enrolment"])
    assert follow_up.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in follow_up.token_hash
    assert follow_up.expires_at - follow_up.sent_at == timedelta(days=30)
    event = AuditEvent.objects.get(action="prevention.follow_up.sent")
    assert "ramon" not in str(event.data) and "Aguilar" not in str(event.data)
    assert follow_ups.follow_ups_send() == 0  # never twice


def test_not_before_ninety_days_nor_without_email(w):
    session = w["session"]
    session.ends_on = timezone.localdate() - timedelta(days=89)
    session.save(update_fields=["ends_on"])
    assert follow_ups.follow_ups_send() == 0
    session.ends_on = timezone.localdate() - timedelta(days=90)
    session.save(update_fields=["ends_on"])
    w["other_participant"].email = ""
    w["other_participant"].save(update_fields=["email"])
    assert follow_ups.follow_ups_send() == 0


def test_the_command_sends(w, capsys):
    call_command("send_follow_ups")
    assert "1 follow-up(s) sent." in capsys.readouterr().out


@pytest.fixture
def page(w):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")  # no sign-in
    url = reverse("prevention_public:follow-up", kwargs={"token": w["follow_up_token"]})
    return client, url


def test_the_page_shows_the_course_only(w, page):
    client, url = page
    body = client.get(url).content.decode()
    assert w["course"].title in body
    for name in ("Marta", "Zelaya", "marta@example.org", w["session"].reference):
        assert name not in body


def test_answered_once(w, page):
    client, url = page
    response = client.post(
        url, {"applied": "yes", "uses": ["referred_person", "trained_colleagues"], "comment": "x"}
    )
    assert response.status_code == 200
    assert "your answer was saved" in response.content.decode()
    follow_up = FollowUp.objects.get(pk=w["follow_up"].pk)
    assert follow_up.applied is True
    assert follow_up.uses == ["referred_person", "trained_colleagues"]
    event = AuditEvent.objects.get(action="prevention.follow_up.answered")
    assert "x" not in event.data.get("uses", [])
    again = client.post(url, {"applied": "no"})
    assert again.status_code == 409
    assert "already answered" in again.content.decode()
    assert FollowUp.objects.get(pk=follow_up.pk).applied is True
    assert "already answered" in client.get(url).content.decode()


def test_unknown_codes_are_refused(w, page):
    client, url = page
    response = client.post(url, {"applied": "yes", "uses": ["bribed_someone"]})
    assert response.status_code == 400
    assert FollowUp.objects.get(pk=w["follow_up"].pk).answered_at is None


def test_expired_and_unknown_links(w, page):
    client, url = page
    FollowUp.objects.filter(pk=w["follow_up"].pk).update(expires_at=timezone.now())
    assert "has expired" in client.get(url).content.decode()
    response = client.post(url, {"applied": "yes"})
    assert response.status_code == 409
    assert FollowUp.objects.get(pk=w["follow_up"].pk).answered_at is None
    unknown = reverse("prevention_public:follow-up", kwargs={"token": "nope"})
    assert client.get(unknown).status_code == 404
