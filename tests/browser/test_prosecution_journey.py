"""A criminal file in a real Chromium, from the complaint to the appeal: the prosecutor opens
the file, moves it through investigation and indictment, holds a hearing, records two
suspects with their charges, the trial's verdicts (one convicted, one acquitted) and the
appeal that convicts the second; the survivor joins through the legal referral the ERI sent.
The ERI's coordinator then sees, on the case page, that the survivor takes part in a criminal
proceeding and its stage, and nothing of the file."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ruta.cases import services as cases
from ruta.core.choices import InstitutionType
from ruta.core.models import Department
from ruta.people import services as people
from ruta.prosecution.models import Charge, CriminalFile, Offence
from ruta.referrals import services as referrals
from tests.browser.test_journeys import _as, _shot, _submit
from tests.factories import actor_of, make_institution, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _open(page, form: str) -> None:
    """Open the <details> that holds ``form`` (closed forms are not filled by a person)."""
    details = page.locator("details", has=page.locator(form)).first
    if details.get_attribute("open") is None:
        details.locator("summary").first.click()


def _action(page, form: str, fields: dict, selects: dict | None = None) -> None:
    _open(page, form)
    for name, value in (selects or {}).items():
        page.select_option(f"{form} [name='{name}']", value)
    for name, value in fields.items():
        page.fill(f"{form} [name='{name}']", value)
    _submit(page, form)
    errors = page.locator(".errorlist, .error-summary").all_inner_texts()
    assert not any(e.strip() for e in errors), errors


def test_complaint_to_appeal_and_the_case_owner_sees_only_the_stage(page, live_server, settings):
    settings.DEMO_MODE = True  # these roles would otherwise enrol in 2FA first
    eri = make_institution("Equipo de Respuesta Inmediata", InstitutionType.RESPONSE_TEAM)
    fiscalia = make_institution("Fiscalía Especial contra la Trata", InstitutionType.PROSECUTION)
    coordinator = make_user("eri_coordinator", eri)
    prosecutor = make_user("prosecutor", fiscalia)
    referrals.offering_save(
        actor=actor_of(make_user("platform_admin", eri)),
        institution=fiscalia,
        service="CriminalJustice",
        departments=[],
    )
    actor = actor_of(coordinator)
    person = people.person_create(actor=actor, given_names="Lucía", first_surname="Reyes")
    case = cases.case_open(actor=actor, person=person)
    today = timezone.localdate()
    cases.consent_record(
        actor=actor,
        case=case,
        purpose="sharing",
        recipient=fiscalia,
        given_by="person",
        given_on=today,
    )
    cases.note_add(actor=actor, case=case, sensitivity="health", body="Nota psicológica reservada")
    legal = referrals.referral_send(
        actor=actor, case=case, to_institution=fiscalia, type="legal", services=["CriminalJustice"]
    )
    referrals.referral_accept(actor=actor_of(prosecutor), referral=legal, version=legal.version)
    offence = Offence.objects.filter(classification="trafficking").order_by("code").first()
    department = Department.objects.order_by("code").first()

    def day(n: int) -> str:
        return (today - timedelta(days=n)).isoformat()

    # The complaint.
    _as(page, live_server, prosecutor)
    page.goto(f"{live_server.url}/prosecution/files/new/")
    page.fill("[name=complaint_on]", day(90))
    page.select_option("[name=offence]", str(offence.pk))
    page.select_option("[name=department]", department.pk)
    page.fill("[name=prosecutor_number]", "MP-2026-0420")
    _submit(page, "main form.card")
    file = CriminalFile.objects.get(prosecutor_number="MP-2026-0420")
    file_url = f"{live_server.url}/prosecution/files/{file.pk}/"
    assert page.url == file_url

    advance = "form[action$='/advance-stage/']"
    _action(page, advance, {"on": day(80)}, {"stage": "investigation"})
    _action(page, advance, {"on": day(60)}, {"stage": "indictment"})

    # A hearing that took place, and its result.
    schedule = "form[action$='/hearings/']"
    _action(page, schedule, {"starts_at": f"{day(50)}T09:00"}, {"type": "initial"})
    _action(page, "form[action$='/result/']", {}, {"result": "held"})
    _action(page, advance, {"on": day(50)}, {"stage": "initial_hearing"})

    # Two suspects, each charged.
    add = "form[action$='/defendants/add/']"
    for given, surname in (("Wilmer", "Banegas"), ("Yadira", "Espinal")):
        _action(page, add, {"given_names": given, "first_surname": surname})
    for charge_form in page.locator("form[action$='/charges/add/']").all():
        action = charge_form.get_attribute("action")
        form = f"form[action='{action}']"
        _action(page, form, {"charged_on": day(60)}, {"offence": offence.code})

    # Trial and verdicts: the first convicted, the second acquitted.
    _action(page, advance, {"on": day(30)}, {"stage": "trial"})
    _action(page, advance, {"on": day(20)}, {"stage": "verdict"})
    charges = list(Charge.objects.filter(defendant__file=file).order_by("defendant__code"))
    first, second = (f"form[action='/prosecution/charges/{c.pk}/verdict/']" for c in charges)
    _action(
        page,
        first,
        {"decided_on": day(20), "sentence_years": "15"},
        {"outcome": "convicted"},
    )
    _action(page, second, {"decided_on": day(20)}, {"outcome": "acquitted"})

    # The prosecution appeals the acquittal; the court convicts on appeal.
    _action(
        page,
        "form[action$='/appeals/add/']",
        {"filed_on": day(10), "court": "Corte de Apelaciones de San Pedro Sula"},
        {"kind": "appeal", "appealed_by": "prosecution"},
    )
    _action(page, advance, {"on": day(10)}, {"stage": "appeal"})
    decide = "form[action$='/decide/']"
    _open(page, decide)
    # One group of verdict fields per charge with a verdict, each labelled with the suspect.
    outcome_of = page.eval_on_selector_all(
        f"{decide} select[name$='-outcome']",
        "els => els.map(e => [e.name, document.querySelector(`label[for='${e.id}']`).textContent])",
    )
    n = next(name for name, label in outcome_of if "I-2" in label).split("-")[0][1:]
    _action(
        page,
        decide,
        {"decided_on": day(1), f"c{n}-sentence_years": "10"},
        {"result": "modified", f"c{n}-outcome": "convicted"},
    )

    # The survivor joins the file through the legal referral.
    _action(page, "form[action$='/victims/link-case/']", {}, {"case": str(case.pk)})
    charges = {c.defendant.code: c for c in Charge.objects.filter(defendant__file=file)}
    assert {code: c.outcome for code, c in charges.items()} == {
        "I-1": "convicted",
        "I-2": "convicted",
    }
    assert charges["I-2"].verdicts.count() == 2
    content = page.content()
    assert "Lucía Reyes" in content  # the prosecutor reads the identity the grant gives
    assert "Nota psicológica reservada" not in content  # never the health notes
    _shot(page, "prosecution-file")

    # The case's owner: the stage of the proceeding, nothing of the file.
    _as(page, live_server, coordinator)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    panel = page.locator("#prosecution")
    assert panel.count() == 1
    text = panel.inner_text()
    assert "Apelación" in text
    for secret in ("MP-2026-0420", "Banegas", "Espinal", file.reference):
        assert secret not in page.content()
    assert page.goto(file_url).status == 404
    _shot(page, "prosecution-case-panel")
