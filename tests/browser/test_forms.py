"""Form helpers in a real Chromium, under the Content-Security-Policy: municipalities follow
the department, and the person form's long lists are searchable."""

from __future__ import annotations

import pytest

from ruta.core.models import Department, Municipality
from tests.factories import make_institution

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _watch_csp(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return violations


def _options(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(f"{selector} option", "els => els.map(e => e.value)")


def test_municipalities_follow_the_department(page, live_server):
    make_institution("Línea 145", receives_public_reports=True)
    cortes, fm = Department.objects.get(pk="HN-CR"), Department.objects.get(pk="HN-FM")
    Municipality.objects.create(code="0501", department=cortes, name="San Pedro Sula")
    Municipality.objects.create(code="0502", department=cortes, name="Choloma")
    Municipality.objects.create(code="0801", department=fm, name="Distrito Central")
    violations = _watch_csp(page)
    page.goto(f"{live_server.url}/intake/public/")
    # No department chosen: no municipality to choose yet.
    assert _options(page, "#id_municipality") == [""]
    page.select_option("#id_department", "HN-CR")
    assert _options(page, "#id_municipality") == ["", "0502", "0501"]
    page.select_option("#id_municipality", "0501")
    page.select_option("#id_department", "HN-FM")
    assert _options(page, "#id_municipality") == ["", "0801"]
    assert page.input_value("#id_municipality") == ""  # the other department's is dropped
    page.select_option("#id_municipality", "0801")
    page.fill("#id_narrative", "Hay menores trabajando de noche.")
    with page.expect_navigation():
        page.locator("main form button.btn:not(.btn-small)").click()
    assert page.url.endswith("/intake/public/thanks/")
    assert violations == []
