"""Journeys in a real Chromium: sign-in with two-factor authentication, a failed sign-in,
switching institution and language, and navigation that matches the role."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import timezone

from ruta.core.choices import InstitutionType
from tests.factories import (
    PASSWORD,
    make_institution,
    make_unit,
    make_user,
    totp_now,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(os.environ.get("RUTA_SCREENSHOTS", "test-artifacts"))


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _sign_in(page, live_server, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def _nav_hrefs(page) -> set[str]:
    return set(page.eval_on_selector_all("nav a", "els => els.map(e => e.getAttribute('href'))"))


def test_failed_sign_in_shows_a_clear_error(page, live_server):
    user = make_user("case_worker", make_institution("ERI", InstitutionType.RESPONSE_TEAM))
    _sign_in(page, live_server, user.username, "wrong password")
    assert "/accounts/sign-in/" in page.url
    alert = page.locator("[role=alert]").filter(has_text="contraseña")
    assert alert.count() >= 1
    _shot(page, "sign-in-failed")


def test_two_factor_sign_in_switch_institution_and_language(page, live_server):
    eri = make_institution(
        "Equipo de Respuesta Inmediata", InstitutionType.RESPONSE_TEAM, acronym="ERI"
    )
    shelter = make_institution("Albergue Refugio", InstitutionType.SHELTER, acronym="ARE")
    user = make_user("case_worker", eri, with_2fa=True, first_name="María José")
    from ruta.accounts.models import Membership, Role

    Membership.objects.create(
        user=user, institution=shelter, role=Role.objects.get(code="case_worker")
    )

    _sign_in(page, live_server, user.username)
    page.wait_for_url("**/accounts/sign-in/verify/**")
    page.fill("input[name=code]", "000000")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert page.locator("[role=alert]").count() >= 1  # wrong code: stays, explains
    page.fill("input[name=code]", totp_now(user))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "es"
    hrefs = _nav_hrefs(page)
    assert "/accounts/users/" not in hrefs
    assert "/audit/" not in hrefs
    _shot(page, "home-case-worker")

    switcher = page.locator("select[name=membership]")
    with page.expect_navigation():  # the select submits itself (ruta.js)
        switcher.select_option(label=switcher.locator("option", has_text="ARE").inner_text())
    page.wait_for_load_state()
    assert "ARE" in page.locator("select[name=membership] option:checked").inner_text()

    with page.expect_navigation():
        page.locator("select[name=language]").first.select_option("en")
    assert page.locator("html").get_attribute("lang") == "en"
    _shot(page, "home-english")


def test_navigation_matches_the_role(page, live_server):
    commission = make_institution("Comisión", InstitutionType.COMMISSION)
    admin = make_user("institution_admin", commission)
    auditor = make_user("auditor", commission)
    for user, present, absent in (
        (admin, {"/accounts/users/", "/institutions/"}, {"/audit/", "/accounts/roles/"}),
        (auditor, {"/audit/"}, {"/accounts/users/", "/accounts/roles/"}),
    ):
        page.context.clear_cookies()
        _sign_in(page, live_server, user.username)
        if "/accounts/two-factor/" in page.url:
            # Required enrolment: only the enrolment page and sign-out are reachable.
            page.goto(f"{live_server.url}/")
            assert "/accounts/two-factor/" in page.url
            from ruta.accounts.services import credentials as auth

            secret = auth.totp_pending_device(user=user).secret
            import pyotp

            page.fill("input[name=code]", pyotp.TOTP(secret).now())
            with page.expect_navigation():
                page.locator("main form button[type=submit]").first.click()
            page.wait_for_url(f"{live_server.url}/")
        hrefs = _nav_hrefs(page)
        assert present <= hrefs, hrefs
        assert not (absent & hrefs), hrefs
        _shot(page, f"home-{user.memberships.get().role.code}")


def _as(page, live_server, user) -> None:
    page.context.clear_cookies()
    _sign_in(page, live_server, user.username)
    assert "/accounts/sign-in/" not in page.url, page.url


def _submit(page, form_selector: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type=submit]").first.click()


def test_urgent_report_to_closed_case(page, live_server, settings):
    """A hotline report about a child in imminent danger -> the ERI takes it -> case ->
    screening -> presumed victim -> consent -> needs assessment -> care plan -> a service
    planned and delivered -> closure requested -> another supervisor approves."""
    settings.DEMO_MODE = True  # these roles would otherwise enrol in 2FA first
    eri = make_institution(
        "Equipo de Respuesta Inmediata", InstitutionType.RESPONSE_TEAM, acronym="ERI"
    )
    # One unit: the case is opened in the coordinator's unit, which the supervisors reach.
    unit = make_unit(eri)
    operator = make_user("hotline_operator", eri, unit=unit)
    coordinator = make_user("eri_coordinator", eri, unit=unit)
    supervisor = make_user("supervisor", eri, unit=unit)
    approver = make_user("supervisor", eri, unit=unit)
    # The child-protection agency, to which every child's case is referred by law.
    from ruta.referrals import services as referrals
    from tests.factories import actor_of

    agency = make_institution(
        "Dirección de Niñez", InstitutionType.CHILD_PROTECTION, acronym="DINAF"
    )
    agency_lead = make_user("supervisor", agency, unit=make_unit(agency))
    referrals.offering_save(
        actor=actor_of(make_user("platform_admin", eri)),
        institution=agency,
        service="ChildProtection",
        departments=[],
    )

    _as(page, live_server, operator)
    page.goto(f"{live_server.url}/intake/reports/new/")
    page.select_option("select[name=channel]", "hotline")
    page.check("input[name=imminent_danger]")
    page.check("input[name=child_involved]")
    page.fill(
        "textarea[name=narrative]", "Una niña retenida en un bar; el dueño guarda sus papeles."
    )
    page.select_option("select[name=people-0-role]", "possible_victim")
    page.fill("input[name=people-0-name]", "Carmen")
    page.fill("input[name=people-0-approximate_age]", "14")
    _submit(page, "main form")
    assert "/intake/reports/" in page.url

    _as(page, live_server, coordinator)
    assert page.locator(".bell .count").inner_text().startswith("1")
    page.goto(f"{live_server.url}/intake/reports/")
    assert page.locator("tr.row-urgent").count() == 1
    page.locator("tr.row-urgent a").first.click()
    page.wait_for_load_state()
    _submit(page, "form[action$='/take/']")
    _submit(page, "form[action$='/accept/']")
    page.locator("a[href*='/cases/new/?report=']").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/people/new/")
    page.fill("#id_given_names", "Carmen")
    page.fill("#id_first_surname", "López")
    page.fill("#id_estimated_age", "14")
    _submit(page, "main form.narrow")
    page.goto(f"{live_server.url}/intake/reports/")
    page.select_option("select[name=status]", "accepted")
    page.wait_for_timeout(500)
    page.goto(page.url)  # full page after the HTMX filter
    page.locator("#report-rows a").first.click()
    page.wait_for_load_state()
    page.locator("a[href*='/cases/new/?report=']").click()
    page.wait_for_load_state()
    page.locator("#person-q").press_sequentially("carmen lopez")
    page.locator("input[name=person]").first.wait_for()
    page.locator("input[name=person]").first.check()
    _submit(page, "#person-choices form")
    assert "/cases/" in page.url
    assert page.locator(".badge-danger").count() >= 1  # a child's case
    tasks = page.locator(".task-list").inner_text()
    assert len(page.locator(".task-list li").all()) == 2, tasks  # first contact + child protection
    case_url = page.url
    page.locator("a[href$='/screening/']").click()
    page.wait_for_load_state()
    page.check("input[name=q-cr_abduction][value=yes]")
    page.check("input[name=q-ec_sexual][value=yes]")
    _submit(page, "form.screening")
    assert page.url == case_url
    assert page.locator("#screening-h ~ ul li").count() == 1
    page.locator("details", has=page.locator("form[action$='/identification/']")).locator(
        "summary"
    ).click()
    page.select_option("form[action$='/identification/'] select[name=status]", "presumed")
    page.fill(
        "form[action$='/identification/'] input[name=decided_on]", timezone.localdate().isoformat()
    )
    page.fill("form[action$='/identification/'] textarea[name=basis]", "Indicadores fuertes.")
    _submit(page, "form[action$='/identification/']")
    _shot(page, "case-page")

    # Consent to assistance (a child: the child's assent and the guardian's consent), then
    # a needs assessment, the care plan, a service planned and delivered.
    consent_form = "form[action$='/consents/']"
    page.locator("details", has=page.locator(consent_form)).locator("summary").click()
    page.select_option(f"{consent_form} select[name=purpose]", "assistance")
    page.select_option(f"{consent_form} select[name=given_by]", "child_protection")
    page.check(f"{consent_form} input[name=child_assent]")
    page.check(f"{consent_form} input[name=guardian_consent]")
    _submit(page, consent_form)
    page.locator("#care-h ~ a").click()
    page.wait_for_load_state()
    assert "/care/cases/" in page.url
    care_url = page.url
    page.locator("a[href*='/assessments/?template=']").first.click()
    page.wait_for_load_state()
    page.check("input[name=a-accommodation][value=high]")
    page.check("input[name=a-psychosocial][value=high]")
    _submit(page, "form.screening")
    assert page.url == care_url
    assert page.locator("#needs-h").count() == 1  # pressing needs, no service planned yet
    page.fill("form[action$='/plan/'] textarea[name=objectives]", "Protección y estabilización.")
    _submit(page, "form[action$='/plan/']")
    service_form = "form[action$='/services/']"
    page.locator("details", has=page.locator(service_form)).locator("summary").click()
    page.select_option(f"{service_form} select[name=type]", "Shelter")
    page.fill(f"{service_form} input[name=due_on]", timezone.localdate().isoformat())
    _submit(page, service_form)
    delivery_form = "form[action$='/deliveries/']"
    page.locator("details", has=page.locator(delivery_form)).locator("summary").click()
    page.check(f"{delivery_form} input[name=completes]")
    _submit(page, delivery_form)
    assert page.locator("#services-h ~ .table-wrap .badge-ok").count() == 1  # delivered
    _shot(page, "care-page")
    page.goto(case_url)
    assert "plan_review" not in page.locator(".task-list").inner_text()
    assert page.locator(".task-list li").count() == 3  # + the plan's first review

    # Closure safeguards: the agency has not answered the child's referral yet.
    _as(page, live_server, supervisor)
    page.goto(case_url)
    page.locator("a[href$='/close-request/']").click()
    page.wait_for_load_state()
    close_url = page.url
    blocking = page.locator(".closure-item-blocking")
    assert blocking.count() == 1 and "DINAF" in blocking.inner_text()
    page.select_option("select[name=reason]", "moved")
    for field in page.locator(".closure-item input[type=text]").all():
        field.fill("Seguimiento por la institución que la recibe")
    _submit(page, "form.closure-form")
    assert page.url == close_url  # refused, the page comes back with what was typed
    assert "DINAF" in page.locator("#closure-errors").inner_text()
    _shot(page, "closure-refused")

    # The agency accepts the referral; the case can now close, carrying it with a reason.
    _as(page, live_server, agency_lead)
    page.goto(f"{live_server.url}/referrals/")
    page.locator("a[href^='/referrals/'][href$='/']").filter(has_text="RF-").first.click()
    page.wait_for_load_state()
    _submit(page, "form.accept-form")
    assert page.goto(case_url).status == 200  # the agency reads the child's case

    _as(page, live_server, supervisor)
    page.goto(close_url)
    assert page.locator(".closure-item-blocking").count() == 0
    page.select_option("select[name=reason]", "moved")
    for field in page.locator(".closure-item input[type=text]").all():
        field.fill("La familia se trasladó; DINAF continúa la protección.")
    _submit(page, "form.closure-form")
    assert page.url == case_url
    assert page.locator("form[action$='/close-decision/']").count() == 0  # not their own

    _as(page, live_server, approver)
    page.goto(case_url)
    page.check("form[action$='/close-decision/'] input[value=approve]")
    _submit(page, "form[action$='/close-decision/']")
    assert page.locator("form[action$='/reopen/']").count() == 1
    _shot(page, "case-closed")
    # Closing ended the agency's referral: it is told, and its access to the case ended.
    _as(page, live_server, agency_lead)
    assert page.locator(".bell .count").count() == 1
    assert page.goto(case_url).status == 404
