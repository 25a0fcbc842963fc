"""Form helpers in a real Chromium, under the Content-Security-Policy: municipalities follow
the department, and the person form's long lists are searchable."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

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


def test_nationalities_are_searchable_and_labelled(page, live_server):
    from tests.factories import PASSWORD, make_user, totp_now

    eri = make_institution("Equipo de Respuesta Inmediata")
    user = make_user("eri_coordinator", eri, with_2fa=True)
    violations = _watch_csp(page)
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button.btn:not(.btn-small)").first.click()
    page.fill("input[name=code]", totp_now(user))
    with page.expect_navigation():
        page.locator("main form button.btn:not(.btn-small)").first.click()
    page.goto(f"{live_server.url}/people/new/")
    page.wait_for_load_state("networkidle")
    # The widget's input carries the field's label; typing narrows the 250 countries.
    search = page.get_by_role("combobox", name="Nacionalidades")
    assert search.evaluate("e => e.tagName") == "INPUT"
    search.fill("Guatem")
    options = page.locator(".ts-dropdown .option")
    expect(options).to_have_count(1)
    expect(options.first).to_have_text("Guatemala")
    options.first.click()
    search.fill("Hond")
    page.locator(".ts-dropdown .option", has_text="Honduras").click()
    search.fill("Nicarag")
    page.locator(".ts-dropdown .option", has_text="Nicaragua").click()
    page.locator(".ts-control .item", has_text="Nicaragua").locator(".remove").click()
    # The plain select underneath carries the choices, in the order chosen.
    chosen = page.eval_on_selector(
        "#id_nationalities", "s => Array.from(s.selectedOptions).map(o => o.value)"
    )
    assert chosen == ["GTM", "HND"]
    search.fill("zzzz")
    # The page is in Spanish.
    expect(page.locator(".ts-dropdown .no-results")).to_have_text("No hay coincidencias")
    page.keyboard.press("Escape")
    page.fill("#id_given_names", "Ana")
    with page.expect_navigation():
        page.locator("main form button.btn:not(.btn-small)").click()
    from ruta.people.models import Person

    assert Person.objects.get().nationalities == ["GTM", "HND"]
    assert violations == []
