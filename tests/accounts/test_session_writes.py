"""A signed-in page request does not write the session, except to extend it once a minute."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_user, sign_in

pytestmark = pytest.mark.django_db


def _session_writes(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return sum(
        1
        for q in ctx.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def test_the_session_is_extended_at_most_once_a_minute(client, home_institution):
    sign_in(client, make_user("case_worker", home_institution))
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert _session_writes(client) == 1  # the first request extends it
        assert _session_writes(client) == 0
        assert _session_writes(client) == 0
    key = client.cookies["sessionid"].value
    expiry = Session.objects.get(session_key=key).expire_date
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert _session_writes(client) == 1
    assert Session.objects.get(session_key=key).expire_date > expiry
