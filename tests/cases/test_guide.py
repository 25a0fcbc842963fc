"""The guided case page: the next step follows the work's order among the steps the actor may
take; a reader the case was only shared with gets no step, and its header and menu show only
the sections its grant allows."""

from __future__ import annotations

import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from ruta.audit.models import AuditEvent
from ruta.care import services as care
from ruta.care.models import AssessmentTemplate
from ruta.cases import guide, policies, selectors
from ruta.cases import services as cases
from ruta.cases.models import ScreeningInstrument
from ruta.cases.services import grants
from ruta.core.registry import case_panels
from ruta.people import services as people
from tests.factories import actor_of, make_unit, make_user, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home_institution, other_institution):
    owner = actor_of(make_user("eri_coordinator", home_institution))
    person = people.person_create(actor=owner, given_names="Ana", first_surname="Reservada")
    case = cases.case_open(actor=owner, person=person)
    receiver = actor_of(make_user("eri_coordinator", other_institution))
    return SimpleNamespace(owner=owner, case=case, receiver=receiver, other=other_institution)


def _step(actor, case_id):
    """The step as the case page computes it, from a freshly loaded case and its cards."""
    case = selectors.case_get(actor=actor, case_id=case_id, audit_read=False)
    panels = [p for p in (panel(actor, case) for panel in case_panels) if p]
    return guide.next_step(
        actor,
        case,
        panels,
        assistance_consent=cases.consent_valid(case=case, purpose="assistance"),
        screened=case.screenings.exists(),
    )


def _fresh(case):
    case.refresh_from_db()
    return case


def _consent(world):
    cases.consent_record(
        actor=world.owner,
        case=world.case,
        purpose="assistance",
        given_by="person",
        given_on=timezone.localdate(),
    )


def _screen(world):
    instrument = ScreeningInstrument.objects.order_by("code").first()
    cases.screening_record(
        actor=world.owner, case=world.case, instrument=instrument, answers={"dr_job": "yes"}
    )


def _identify(world):
    case = _fresh(world.case)
    cases.identification_decide(
        actor=world.owner,
        case=case,
        version=case.version,
        status="presumed",
        decided_on=timezone.localdate(),
        basis="Indicadores",
    )


def test_each_step_in_the_order_of_the_work(world):
    owner, case_id = world.owner, world.case.pk
    assert _step(owner, case_id).code == "first_contact"

    case = _fresh(world.case)
    cases.case_record_first_contact(actor=owner, case=case, version=case.version)
    step = _step(owner, case_id)
    assert (step.code, step.url) == ("consent", f"/cases/{case_id}/#consent")

    _consent(world)
    step = _step(owner, case_id)
    assert (step.code, step.url) == ("screen", f"/cases/{case_id}/screening/")

    _screen(world)
    assert _step(owner, case_id).code == "identify"

    _identify(world)
    # Then the care card's steps, through the registry: assess the needs, then plan care.
    step = _step(owner, case_id)
    assert (step.code, step.url) == ("assess", f"/care/cases/{case_id}/#assess-h")

    care.assessment_record(
        actor=owner,
        case=_fresh(world.case),
        template=AssessmentTemplate.objects.get(code="needs"),
        answers={"medical": "high"},
    )
    assert _step(owner, case_id).code == "plan"

    care.plan_create(actor=owner, case=_fresh(world.case), objectives="Estabilizar")
    assert _step(owner, case_id) is None


def test_a_closed_case_has_no_next_step(world):
    case = _fresh(world.case)
    case.status, case.closed_at = "closed", timezone.now()
    assert guide.next_step(world.owner, case, assistance_consent=False, screened=False) is None


def test_a_step_the_actor_may_not_take_is_skipped(world, home_institution):
    """A supervisor may not screen (the coordinator and case workers do): after consent,
    the supervisor's next step is the identification decision, not screening."""
    unit = make_unit(home_institution)
    world.owner = actor_of(make_user("eri_coordinator", home_institution, unit=unit))
    person = people.person_create(actor=world.owner, given_names="Luz", first_surname="Paz")
    world.case = cases.case_open(actor=world.owner, person=person)
    supervisor = actor_of(make_user("supervisor", home_institution, unit=unit))
    case = _fresh(world.case)
    cases.case_record_first_contact(actor=world.owner, case=case, version=case.version)
    _consent(world)
    case = selectors.case_get(actor=supervisor, case_id=case.pk, audit_read=False)
    assert policies.owns(supervisor, case)
    assert not policies.can_screen(supervisor, case)
    assert policies.can_screen(world.owner, case)
    assert guide.next_step(supervisor, case, assistance_consent=True, screened=False).code == (
        "identify"
    )
    assert guide.next_step(world.owner, case, assistance_consent=True, screened=False).code == (
        "screen"
    )


def test_a_reader_without_a_permitted_step_gets_none(world, home_institution):
    prosecutor = actor_of(make_user("prosecutor", home_institution))
    case = selectors.case_get(actor=world.owner, case_id=world.case.pk, audit_read=False)
    assert policies.owns(prosecutor, case)  # reads the case, works on none of its steps
    assert guide.next_step(prosecutor, case, assistance_consent=False, screened=False) is None


def _share(world, sections):
    return grants.grant_open(
        actor=world.receiver,
        case=world.case,
        institution=world.other,
        sections=sections,
        source="referral",
        source_id=uuid.uuid4(),
    )


def test_a_shared_reader_gets_no_step_even_with_a_cards_step(world):
    _share(world, ["identity", "care"])
    case = selectors.case_get(actor=world.receiver, case_id=world.case.pk, audit_read=False)
    panel = {"next_step": {"code": "plan", "label": "Plan care", "url": "/x/"}}
    assert (
        guide.next_step(world.receiver, case, [panel], assistance_consent=False, screened=False)
        is None
    )
    assert _step(world.receiver, case.pk) is None


def test_the_owners_page_shows_the_header_menu_and_counts(world):
    client = sign_in(Client(), world.owner.user)
    body = client.get(f"/cases/{world.case.pk}/").content.decode()
    assert 'data-step="first_contact"' in body
    assert 'data-flag="consent_missing"' in body
    for anchor in ("overview", "tasks", "identification", "consent", "care", "referrals"):
        assert f'href="#{anchor}"' in body, anchor
        assert f'id="{anchor}"' in body, anchor
    assert f'href="/cases/{world.case.pk}/#notes"' in body  # the notes count links to the list
    assert 'aria-label="Sections of the case"' in body or "case-nav" in body


def test_a_shared_readers_header_and_menu_show_only_the_granted_sections(world):
    _share(world, ["care"])  # no identity, no facts
    client = sign_in(Client(), world.receiver.user)
    body = client.get(f"/cases/{world.case.pk}/").content.decode()
    assert "Reservada" not in body
    assert "data-step=" not in body
    assert 'data-flag="consent_missing"' not in body
    assert 'href="#care"' in body  # the granted card's section
    for hidden in ("tasks", "consent", "facts", "referrals", "timeline", "closure"):
        assert f'href="#{hidden}"' not in body, hidden
    assert "/#tasks" not in body and "/#referrals" not in body  # no count of a hidden section


# --- The printed case summary --------------------------------------------------------------


def _summary(actor, case, **data):
    client = sign_in(Client(), actor.user)
    return client.post(f"/cases/{case.pk}/summary/", data)


def test_the_owner_downloads_the_summary_with_the_reason_audited(world):
    response = _summary(world.owner, world.case, **{"summary-purpose": "court"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (f'attachment; filename="{world.case.reference}.pdf"')
    assert response.content.startswith(b"%PDF")
    assert b"Reservada" in response.content  # the owner reads identity
    event = AuditEvent.objects.get(action="cases.case.summary_exported")
    assert event.target_id == str(world.case.pk)
    assert event.data["purpose"] == "court"
    assert {"identity", "consent", "timeline"} <= set(event.data["sections"])


def test_a_shared_readers_summary_holds_only_the_granted_sections(world):
    _share(world, ["care"])
    response = _summary(
        world.receiver,
        world.case,
        **{"summary-purpose": "other", "summary-reason": "Coordinación del albergue"},
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert b"Reservada" not in response.content
    assert world.case.reference.encode() in response.content
    event = AuditEvent.objects.get(action="cases.case.summary_exported")
    assert event.reason == "Coordinación del albergue"
    assert "identity" not in event.data["sections"]
    assert not {"consent", "timeline", "screening", "facts"} & set(event.data["sections"])
    assert "care" in event.data["sections"]


def test_a_summary_needs_a_purpose_and_says_why_for_another(world):
    for data in ({}, {"summary-purpose": "other"}, {"summary-purpose": "bogus"}):
        response = _summary(world.owner, world.case, **data)
        assert response.status_code == 302, data
    assert not AuditEvent.objects.filter(action="cases.case.summary_exported").exists()


def test_no_summary_outside_scope(world):
    response = _summary(world.receiver, world.case, **{"summary-purpose": "court"})
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="cases.case.summary_exported").exists()


def _case_like(**fields):
    report = SimpleNamespace(imminent_danger=fields.pop("danger", False))
    base = {"is_child": True, "report_id": 1, "report": report, "is_closed": False}
    return SimpleNamespace(**{**base, **fields})


def test_flags_the_owner_sees_and_a_shared_reader_does_not():
    now = timezone.now()
    late = SimpleNamespace(done_at=None, due_at=now - timedelta(hours=1))
    case = _case_like(danger=True)
    codes = [
        f.code
        for f in guide.flags(case, owner=True, assistance_consent=False, tasks=[late], now=now)
    ]
    assert codes == ["child", "urgent", "overdue", "consent_missing"]
    shared = guide.flags(case, owner=False, assistance_consent=False, tasks=[late], now=now)
    assert [f.code for f in shared] == ["child"]
    # A card's lateness (a referral unanswered in time) flags the case too; a closed case
    # is neither urgent nor late nor missing consent.
    calm = _case_like(is_child=False)
    assert [f.code for f in guide.flags(calm, owner=True, assistance_consent=True, now=now)] == []
    overdue = guide.flags(
        calm, owner=True, assistance_consent=True, panels=[{"overdue": True}], now=now
    )
    assert [f.code for f in overdue] == ["overdue"]
    closed = _case_like(danger=True, is_closed=True)
    assert [
        f.code
        for f in guide.flags(closed, owner=True, assistance_consent=False, tasks=[late], now=now)
    ] == ["child"]
