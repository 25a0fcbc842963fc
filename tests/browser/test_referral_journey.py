"""A referral in a real Chromium: the ERI refers a case to a shelter; the shelter accepts,
sees the care sections only, records a service it gives, completes the referral, and its
access to the case ends."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ruta.care import services as care
from ruta.cases import services as cases
from ruta.core.choices import InstitutionType
from ruta.people import services as people
from ruta.referrals import services as referrals
from tests.browser.test_journeys import _as, _shot, _submit
from tests.factories import actor_of, make_institution, make_unit, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_shelter_referral_from_sending_to_access_ending(page, live_server, settings):
    settings.DEMO_MODE = True  # these roles would otherwise enrol in 2FA first
    eri = make_institution("Equipo de Respuesta Inmediata", InstitutionType.RESPONSE_TEAM)
    shelter = make_institution("Albergue Refugio Esperanza", InstitutionType.SHELTER)
    coordinator = make_user("eri_coordinator", eri)
    shelter_lead = make_user("supervisor", shelter, unit=make_unit(shelter))
    referrals.offering_save(
        actor=actor_of(make_user("platform_admin", eri)),
        institution=shelter,
        service="Shelter",
        departments=[],
    )
    actor = actor_of(coordinator)
    person = people.person_create(actor=actor, given_names="Rosa", first_surname="Díaz")
    case = cases.case_open(actor=actor, person=person)
    today = timezone.localdate()
    for purpose, recipient in (("assistance", None), ("sharing", shelter)):
        cases.consent_record(
            actor=actor,
            case=case,
            purpose=purpose,
            recipient=recipient,
            given_by="person",
            given_on=today,
        )
    cases.note_add(actor=actor, case=case, sensitivity="health", body="Nota psicológica reservada")
    care.plan_create(actor=actor, case=case, objectives="Alojamiento seguro y apoyo.")
    case_url = f"{live_server.url}/cases/{case.pk}/"

    _as(page, live_server, coordinator)
    page.goto(case_url)
    page.locator(f"a[href$='/referrals/cases/{case.pk}/new/']").click()
    page.wait_for_load_state()
    page.select_option("select[name=type]", "care")
    page.check("input[name=services][value=Shelter]")
    page.select_option("select[name=to_institution]", str(shelter.pk))
    page.fill("textarea[name=message]", "Necesita alojamiento protegido esta semana.")
    _submit(page, "main form.narrow")
    assert "/referrals/" in page.url
    referral_url = page.url

    _as(page, live_server, shelter_lead)
    assert page.goto(case_url).status == 404  # nothing is shared before acceptance
    page.goto(f"{live_server.url}/referrals/")
    page.locator(f"a[href='{referral_url.removeprefix(live_server.url)}']").click()
    page.wait_for_load_state()
    _submit(page, "form.accept-form")
    page.goto(case_url)
    assert page.locator("#care-h").count() == 1  # the care sections
    assert page.locator("#facts-h").count() == 0  # not the facts of exploitation
    assert "Nota psicológica reservada" not in page.content()  # nor health notes
    page.locator("#care-h ~ a").click()
    page.wait_for_load_state()
    service_form = "form[action$='/services/']"
    page.locator("details", has=page.locator(service_form)).locator("summary").click()
    page.select_option(f"{service_form} select[name=type]", "Shelter")
    page.fill(f"{service_form} input[name=due_on]", today.isoformat())
    _submit(page, service_form)
    delivery_form = "form[action$='/deliveries/']"
    page.locator("details", has=page.locator(delivery_form)).locator("summary").click()
    page.fill(f"{delivery_form} textarea[name=note]", "Ingresó al albergue.")
    page.check(f"{delivery_form} input[name=completes]")
    _submit(page, delivery_form)
    assert page.locator("#services-h ~ .table-wrap .badge-ok").count() == 1
    _shot(page, "shelter-care-page")

    page.goto(referral_url)
    page.select_option("form[action$='/complete/'] select[name=outcome]", "successful")
    _submit(page, "form[action$='/complete/']")
    assert "Ingresó al albergue." in page.content()  # its own contribution stays
    _shot(page, "referral-completed")
    assert page.goto(case_url).status == 404  # and its access has ended
