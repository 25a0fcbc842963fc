"""The Content-Security-Policy in a real Chromium: the pages work under it and the browser
reports no violation on the sign-in page, the home page, a case, the two-factor set-up (its QR
code) and the API documentation (Swagger UI)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ruta.core.choices import InstitutionType
from tests.factories import PASSWORD, actor_of, make_institution, make_user, totp_now

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _watch(page) -> list[str]:
    """Every CSP violation the page reports, from the console and from the DOM event."""
    violations: list[str] = []

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            violations.append(text)

    page.on("console", on_console)
    page.expose_function("rutaCspViolation", lambda text: violations.append(text))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.rutaCspViolation(e.violatedDirective + ' ' + e.blockedURI));"
    )
    return violations


def _submit(page):
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def test_pages_raise_no_csp_violation(page, live_server):
    eri = make_institution("Equipo de Respuesta Inmediata", InstitutionType.RESPONSE_TEAM)
    user = make_user("eri_coordinator", eri, with_2fa=True)
    newcomer = make_user("case_worker", eri)  # not enrolled: sees the QR code
    from ruta.cases import services as cases
    from ruta.people import services as people

    actor = actor_of(user)
    case = cases.case_open(actor=actor, person=people.person_create(actor=actor, given_names="A"))
    violations = _watch(page)

    response = page.goto(f"{live_server.url}/accounts/sign-in/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    _submit(page)
    page.fill("input[name=code]", totp_now(user))
    _submit(page)
    page.wait_for_url(f"{live_server.url}/")
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}{reverse('cases:case-detail', args=[case.pk])}")
    page.wait_for_load_state("networkidle")
    assert page.locator("main h1").count() == 1
    # HTMX works under the policy: the case list's search swaps in results.
    page.goto(f"{live_server.url}{reverse('cases:case-list')}")
    page.wait_for_load_state("networkidle")

    response = page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30000)
    assert "'unsafe-inline'" in response.headers["content-security-policy"]  # styles only
    assert "script-src" not in response.headers["content-security-policy"]

    context = page.context
    context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.fill("input[name=username]", newcomer.username)
    page.fill("input[name=password]", PASSWORD)
    _submit(page)
    page.wait_for_url("**/accounts/two-factor/")
    assert page.locator("svg").count() >= 1
    page.wait_for_load_state("networkidle")

    assert violations == []
