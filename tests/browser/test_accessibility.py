"""axe-core (the copy the axe-playwright-python package ships: no network) over the main
pages in a real Chromium, with data on them: 0 violations. And the live character count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ruta.care import services as care
from ruta.cases import services as cases
from ruta.core.choices import InstitutionType
from ruta.intake import services as intake
from ruta.people import services as people
from ruta.referrals import services as referrals
from tests.browser.test_journeys import _as
from tests.factories import actor_of, make_institution, make_unit, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for v in results.response["violations"]:
        nodes = "; ".join(f"{n['target']} {n.get('failureSummary', '')!r}" for n in v["nodes"][:5])
        found.append(f"{v['id']} ({v['impact']}): {v['help']} -> {nodes}")
    return found


@pytest.fixture
def world(settings):
    settings.DEMO_MODE = True  # these roles would otherwise enrol in 2FA first
    eri = make_institution(
        "Equipo de Respuesta Inmediata", InstitutionType.RESPONSE_TEAM, acronym="ERI"
    )
    eri.receives_public_reports = True
    eri.save(update_fields=["receives_public_reports"])
    shelter = make_institution("Albergue Refugio Esperanza", InstitutionType.SHELTER)
    unit = make_unit(eri)
    coordinator = make_user("eri_coordinator", eri, unit=unit)
    referrals.offering_save(
        actor=actor_of(make_user("platform_admin", eri)),
        institution=shelter,
        service="Shelter",
        departments=[],
    )
    actor = actor_of(coordinator)
    report = intake.report_create(
        actor=actor,
        channel="hotline",
        narrative="Una niña retenida en un bar.",
        imminent_danger=True,
        child_involved=True,
        people=[intake.PersonInput(role="possible_victim", name="Carmen", approximate_age=14)],
    )
    person = people.person_create(
        actor=actor, given_names="Carmen", first_surname="López", estimated_age=14
    )
    case = cases.case_open(actor=actor, person=person)
    today = timezone.localdate()
    for purpose, recipient in (("assistance", None), ("sharing", shelter)):
        cases.consent_record(
            actor=actor,
            case=case,
            purpose=purpose,
            recipient=recipient,
            given_by="child_protection",
            given_on=today,
            child_assent=True,
            guardian_consent=True,
        )
    cases.note_add(actor=actor, case=case, sensitivity="general", body="Primera llamada.")
    plan = care.plan_create(actor=actor, case=case, objectives="Protección y estabilización.")
    for area in ("Shelter", "Medical"):
        goal = care.goal_add(actor=actor, plan=plan, area=area, description=f"Meta {area}")
        care.service_add(
            actor=actor,
            plan=plan,
            type=area,
            responsible=eri,
            due_on=today + timedelta(days=3),
            goal=goal,
        )
    referrals.referral_send(
        actor=actor,
        case=case,
        to_institution=shelter,
        type="care",
        services=["Shelter"],
        message="Necesita alojamiento protegido.",
    )
    supervisor = make_user("supervisor", eri, unit=unit)
    return {
        "coordinator": coordinator,
        "supervisor": supervisor,
        "case": case,
        "report": report,
        "person": person,
    }


def test_the_main_pages_have_no_axe_violations(page, live_server, world):
    url = live_server.url
    case, report, person = world["case"], world["report"], world["person"]
    found: dict[str, list[str]] = {}

    for path in ("/accounts/sign-in/", "/intake/public/"):
        page.goto(url + path)
        found[path] = _violations(page)
    with page.expect_navigation():  # the public form refused: its errors beside its fields
        page.locator("main form button[type=submit]").first.click()
    assert page.locator("#id_narrative_error").count() == 1
    found["/intake/public/ (refused)"] = _violations(page)

    _as(page, live_server, world["coordinator"])
    pages = [
        "/",
        "/cases/",
        f"/cases/{case.pk}/",
        f"/care/cases/{case.pk}/",
        "/referrals/",
        "/intake/reports/",
        f"/intake/reports/{report.pk}/",
        f"/people/{person.pk}/",
    ]
    for path in pages:
        response = page.goto(url + path)
        assert response is not None and response.status == 200, path
        found[path] = _violations(page)
        if page.locator("details").count():
            # The forms folded in <details> (axe skips what is not shown); the long ones load
            # when opened.
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            page.wait_for_load_state("networkidle")
            found[f"{path} (every section open)"] = _violations(page)
            if path == f"/cases/{case.pk}/":
                assert page.locator("#facts-relationship_to_recruiter").count() == 1

    # A refused form on the case page: its errors, its summary, its open section.
    page.goto(f"{url}/cases/{case.pk}/")
    note_form = "form[action$='/notes/']"
    page.locator("details", has=page.locator(note_form)).locator("summary").click()
    with page.expect_navigation():
        page.locator(f"{note_form} button[type=submit]").click()
    assert page.locator(".error-summary a[href='#note-body']").count() == 1
    found["case page, refused note"] = _violations(page)

    # The closure request: its open items, then refused (nothing carried).
    _as(page, live_server, world["supervisor"])
    page.goto(f"{url}/cases/{case.pk}/close-request/")
    assert page.locator(".closure-item").count() >= 3
    found["closure request"] = _violations(page)
    page.select_option("select[name=reason]", "moved")
    with page.expect_navigation():
        page.locator("form.closure-form button[type=submit]").click()
    assert page.locator("#closure-errors").count() == 1
    found["closure request, refused"] = _violations(page)

    bad = {path: v for path, v in found.items() if v}
    assert bad == {}, "\n".join(f"{p}:\n  " + "\n  ".join(v) for p, v in bad.items())


def test_a_field_with_a_limit_counts_its_characters(page, live_server, world):
    page.goto(f"{live_server.url}/intake/public/")
    narrative = page.locator("textarea[name=narrative]")
    counter = page.locator("#id_narrative_count")
    assert counter.inner_text().startswith("0")
    assert "5000" in counter.inner_text()
    narrative.fill("Hola\nmundo")
    # A line break is sent as two characters: the count is the server's.
    assert counter.inner_text().startswith("11")
    described = narrative.get_attribute("aria-describedby") or ""
    assert "id_narrative_count" in described.split()
    live = page.locator("#id_narrative_count + [aria-live=polite]")
    page.wait_for_function(
        "el => el.textContent.startsWith('11')", arg=live.element_handle(), timeout=3000
    )


def test_a_body_over_the_limit_says_so_and_back_keeps_the_text(page, live_server, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4000
    case = world["case"]
    _as(page, live_server, world["coordinator"])
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    note_form = "form[action$='/notes/']"
    page.locator("details", has=page.locator(note_form)).locator("summary").click()
    text = "Relato largo. " * 400  # 5,600 characters: under the note's limit, over the body's
    page.locator(f"{note_form} textarea[name=body]").fill(text)
    with page.expect_navigation() as navigation:
        page.locator(f"{note_form} button[type=submit]").click()
    assert navigation.value is not None and navigation.value.status == 413
    assert page.locator(".auth-card h1").count() == 1  # a page that says so, not a bare 400
    assert _violations(page) == []
    # The page says the browser's Back button brings the form back with the text: it does.
    page.go_back()
    page.wait_for_load_state()
    kept = page.locator(f"{note_form} textarea[name=body]").input_value()
    assert kept == text
