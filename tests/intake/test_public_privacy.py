"""The public reporter's address is kept nowhere permanent: not in the audit trail, not in the
report, not in the logs; the flood limit still works on a keyed hash held in the cache."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from django.forms.models import model_to_dict
from django.test import Client

from ruta.audit.models import AuditEvent
from ruta.core.middleware import address_key
from ruta.intake.models import Report

pytestmark = pytest.mark.django_db

REPORTER = "198.51.100.77"
PROXY = "10.0.0.9"


@pytest.fixture
def receiving(home_institution):
    home_institution.receives_public_reports = True
    home_institution.save(update_fields=["receives_public_reports"])
    return home_institution


def _public(client, **data):
    return client.post(
        "/intake/public/",
        {"narrative": "Hay menores trabajando de noche.", "imminent_danger": "on", **data},
    )


def _traces(value: str) -> list[str]:
    """Every stored place where ``value`` (or its keyed hash) appears."""
    needles = (value, address_key(value))
    found = []
    for event in AuditEvent.objects.all():
        row = {f.attname: getattr(event, f.attname) for f in AuditEvent._meta.concrete_fields}
        if any(needle in str(row) for needle in needles):
            found.append(f"audit {event.action}")
    found.extend(
        "report"
        for report in Report.objects.all()
        if any(needle in str(model_to_dict(report)) for needle in needles)
    )
    return found


@pytest.mark.parametrize("behind_proxy", [False, True], ids=["direct", "behind-proxy"])
def test_public_report_keeps_no_address(settings, receiving, caplog, behind_proxy):
    if behind_proxy:
        settings.RUTA_TRUSTED_PROXIES = [PROXY]
        client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"203.0.113.1, {REPORTER}")
    else:
        client = Client(REMOTE_ADDR=REPORTER)
    caplog.set_level(logging.DEBUG)
    assert _public(client).status_code == 302
    report = Report.objects.get()
    event = AuditEvent.objects.get(action="intake.report.received_public")
    assert event.target_id == str(report.pk)
    assert event.ip == ""
    assert _traces(REPORTER) == []
    assert REPORTER not in caplog.text and address_key(REPORTER) not in caplog.text
    # The cache holds neither the address nor its keyed hash in clear in a key.
    assert not any(REPORTER in key or address_key(REPORTER) in key for key in cache._cache)


def test_flood_limit_still_counts_per_address_without_keeping_it(settings, receiving):
    settings.RUTA_PUBLIC_REPORTS_PER_IP_HOUR = 2
    settings.RUTA_TRUSTED_PROXIES = [PROXY]

    def from_(address):
        return _public(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)).status_code

    assert [from_(REPORTER) for _ in range(3)] == [302, 302, 429]
    assert from_("203.0.113.5") == 302  # another reporter behind the same proxy
    # A reporter cannot escape the limit by writing a fake hop.
    assert from_(f"203.0.113.99, {REPORTER}") == 429
    assert Report.objects.count() == 3
    assert _traces(REPORTER) == []


def test_the_form_says_what_is_kept(receiving):
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get("/intake/public/").content.decode()
    assert "What we keep, and what we do not" in page
    assert "We do not keep your IP address" in page
