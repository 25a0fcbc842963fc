"""The results dashboard in a real Chromium, under the Content-Security-Policy: a chart of
actual against target is drawn beside each indicator's table."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from ruta.core.choices import InstitutionType as T
from ruta.results.models import Indicator, Measurement, ResultNode, ResultsFramework, Target
from tests.factories import PASSWORD, make_institution, make_user, totp_now

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _framework(home, year: int) -> ResultsFramework:
    framework = ResultsFramework.objects.create(
        kind="logic_model",
        code="proyecto",
        title="Proyecto de fortalecimiento",
        institution=home,
        starts_on=date(year, 1, 1),
        ends_on=date(year + 1, 12, 31),
    )
    outcome = ResultNode.objects.create(
        framework=framework, level="ultimate", code="1000", title="Menos trata de personas"
    )
    rows = (
        ("1000.1", "Víctimas identificadas", "monthly", "increase", [4, 6, 7, 9, 12, 11]),
        ("1000.2", "Días hasta la primera atención", "quarterly", "decrease", [9, 6]),
        ("1000.3", "Cursos impartidos", "quarterly", "increase", [2, 3]),
    )
    for code, name, frequency, direction, values in rows:
        indicator = Indicator.objects.create(
            framework=framework,
            result=outcome,
            code=code,
            name=name,
            unit="number",
            direction=direction,
            frequency=frequency,
            baseline_value=Decimal(values[0]),
        )
        periods = (
            [f"{year}{m:02d}" for m in range(1, 13)]
            if frequency == "monthly"
            else [f"{year}Q{q}" for q in range(1, 5)]
        )
        for i, period in enumerate(periods):
            goal = 8 + i if direction == "increase" else 7 - i
            Target.objects.create(indicator=indicator, period=period, value=Decimal(goal))
            if i < len(values):
                Measurement.objects.create(
                    indicator=indicator,
                    period=period,
                    value=Decimal(values[i]),
                    source="manual",
                    evidence="Informe",
                )
    return framework


def test_dashboard_draws_charts_without_csp_violations(page, live_server):
    year = timezone.localdate().year - 1
    home = make_institution("Secretaría técnica", T.RESPONSE_TEAM)
    user = make_user("me_analyst", home, with_2fa=True)
    framework = _framework(home, year)
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button.btn:not(.btn-small)").first.click()
    page.fill("input[name=code]", totp_now(user))
    with page.expect_navigation():
        page.locator("main form button.btn:not(.btn-small)").first.click()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/results/frameworks/{framework.pk}/dashboard/?year={year}")
    page.wait_for_load_state("networkidle")
    assert page.locator("figure.rf-chart canvas").count() == 3
    assert page.locator("table[id^=series-]").count() == 3
    if os.environ.get("RUTA_SCREENSHOT"):
        page.screenshot(path=os.environ["RUTA_SCREENSHOT"], full_page=True)
    assert violations == []
