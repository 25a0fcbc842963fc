"""The training report in a real Chromium: every chart is drawn (Chart.js, served by the
application) from the table beside it, under the Content-Security-Policy, and the tables
stay."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import sign_in
from tests.prevention.reports_world import build

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_charts_are_drawn_from_the_tables_without_a_csp_violation(page, live_server):
    w = build()
    client = sign_in(Client(), w["users"]["analyst"])
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(f"{live_server.url}{reverse('prevention:report')}")
    charted = page.locator("table[data-chart-column]").count()
    assert charted >= 8
    page.wait_for_function(
        f"document.querySelectorAll('figure.report-chart canvas').length === {charted}"
    )
    assert page.locator("table#table-by_sex tbody tr").count() == 2  # the table stays
    if path := os.environ.get("RUTA_SCREENSHOT"):  # a picture for a reviewer
        page.screenshot(path=path, full_page=True)
    assert violations == []
