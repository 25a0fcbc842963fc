"""What a receiving institution sees of a referred case, for each referral type: nothing
before it accepts; the type's sections while the referral is accepted; only the referral and
its own contributions after completion or withdrawal. Pages and API alike; 404 outside."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.care import services as care
from ruta.cases import services as cases
from ruta.referrals import services
from ruta.referrals.choices import TYPE_SECTIONS
from tests.factories import sign_in
from tests.referrals.conftest import RECEIVERS, open_case

pytestmark = pytest.mark.django_db
TYPES = list(RECEIVERS)
NOTE_SECTION = {"general": "facts", "care": "care", "health": "health", "legal": "legal"}


def _clients(actor):
    page = sign_in(Client(), actor.user)
    api = APIClient()
    _token, key = auth.token_create(
        user=actor.user, membership=actor.membership, second_factor=True
    )
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return page, api


def _sees_nothing(page, api, case) -> None:
    for url in (f"/cases/{case.pk}/", f"/care/cases/{case.pk}/"):
        assert page.get(url).status_code == 404, url
    for url in (
        f"/api/v1/cases/{case.pk}/",
        f"/api/v1/cases/{case.pk}/notes/",
        f"/api/v1/cases/{case.pk}/attachments/",
        f"/api/v1/cases/{case.pk}/care-plan/",
        f"/api/v1/cases/{case.pk}/consents/",
    ):
        assert api.get(url).status_code == 404, url
    assert page.get("/cases/").content.decode().count(case.reference) == 0


def _referred(pathway, kind):
    receiver = pathway.receivers[kind]
    case = open_case(pathway, sharing_with=[receiver])
    referral = services.referral_send(
        actor=pathway.coordinator,
        case=case,
        to_institution=receiver,
        type=kind,
        services=[RECEIVERS[kind][2]],
    )
    return case, referral


@pytest.mark.parametrize("kind", TYPES)
def test_before_acceptance_the_receiver_sees_only_the_referral(pathway, kind):
    case, referral = _referred(pathway, kind)
    page, api = _clients(pathway.responders[kind])
    _sees_nothing(page, api, case)
    detail = page.get(f"/referrals/{referral.pk}/")
    assert detail.status_code == 200 and "NOTA-" not in detail.content.decode()
    assert api.get(f"/api/v1/referrals/{referral.pk}/").status_code == 200


@pytest.mark.parametrize("kind", TYPES)
def test_while_accepted_the_receiver_sees_the_types_sections(pathway, kind):
    case, referral = _referred(pathway, kind)
    responder = pathway.responders[kind]
    services.referral_accept(actor=responder, referral=referral, version=1)
    allowed = set(TYPE_SECTIONS[kind])
    page, api = _clients(responder)

    body = page.get(f"/cases/{case.pk}/").content.decode()
    assert ("Prueba" in body) == ("identity" in allowed)
    for sensitivity, section in NOTE_SECTION.items():
        assert (f"NOTA-{sensitivity}" in body) == (section in allowed), sensitivity
    assert ("facts-h" in body) == ("facts" in allowed)
    # What only the owner sees: tasks, consent, screening, the timeline.
    for owner_only in ("tasks-h", "consent-h", "screening-h", "timeline-h"):
        assert owner_only not in body

    care_page = page.get(f"/care/cases/{case.pk}/")
    assert care_page.status_code == (200 if "care" in allowed else 404)
    if "care" in allowed:
        assert "OBJETIVO-PLAN" in care_page.content.decode()

    detail = api.get(f"/api/v1/cases/{case.pk}/").json()
    assert set(detail["sections"]) == allowed & {
        "identity",
        "contact",
        "facts",
        "care",
        "health",
        "legal",
    }
    assert ("facts" in detail) == ("facts" in allowed)
    assert detail["tasks"] == []  # the owner's work, never shown to a receiver
    notes = {n["body"] for n in api.get(f"/api/v1/cases/{case.pk}/notes/").json()}
    expected = {f"NOTA-{s}" for s, section in NOTE_SECTION.items() if section in allowed}
    assert notes == expected
    assert api.get(f"/api/v1/cases/{case.pk}/consents/").status_code == 404
    assert api.get(f"/api/v1/cases/{case.pk}/screenings/").status_code == 404
    plan = api.get(f"/api/v1/cases/{case.pk}/care-plan/")
    assert plan.status_code == (200 if "care" in allowed else 404)
    # The receiver cannot change the owner's case.
    action = api.post(
        f"/api/v1/cases/{case.pk}/close-request/",
        {"version": case.version, "reason": "objectives_met"},
        format="json",
    )
    assert action.status_code == 404


@pytest.mark.parametrize("kind", TYPES)
@pytest.mark.parametrize("ending", ["completed", "withdrawn"])
def test_after_the_referral_ends_only_the_record_and_own_contributions_remain(
    pathway, kind, ending
):
    case, referral = _referred(pathway, kind)
    responder = pathway.responders[kind]
    services.referral_accept(actor=responder, referral=referral, version=1)
    note_level = next(
        (s for s, section in NOTE_SECTION.items() if section in TYPE_SECTIONS[kind]), None
    )
    if note_level:
        cases.note_add(
            actor=responder, case=case, sensitivity=note_level, body="APORTE-del-receptor"
        )
    referral.refresh_from_db()
    if ending == "completed":
        services.referral_complete(
            actor=responder, referral=referral, version=referral.version, outcome="successful"
        )
    else:
        services.referral_withdraw(
            actor=pathway.coordinator,
            referral=referral,
            version=referral.version,
            reason="Ya no hace falta",
        )
    page, api = _clients(responder)
    _sees_nothing(page, api, case)
    detail = page.get(f"/referrals/{referral.pk}/").content.decode()
    assert "NOTA-" not in detail
    if note_level:
        assert "APORTE-del-receptor" in detail
    # The owner still sees the receiver's note, marked with its institution.
    owner_page, _api = _clients(pathway.coordinator)
    if note_level:
        assert "APORTE-del-receptor" in owner_page.get(f"/cases/{case.pk}/").content.decode()


def test_a_shelter_records_the_services_it_gives_and_nothing_else(pathway):
    case, referral = _referred(pathway, "care")
    shelter_actor = pathway.responders["care"]
    shelter = pathway.receivers["care"]
    plan = case.care_plan
    owner_service = care.service_add(
        actor=pathway.coordinator,
        plan=plan,
        type="Medical",
        responsible=pathway.eri,
        due_on=timezone.localdate(),
    )
    services.referral_accept(actor=shelter_actor, referral=referral, version=1)
    page, api = _clients(shelter_actor)
    today = timezone.localdate().isoformat()
    added = api.post(
        f"/api/v1/cases/{case.pk}/care-plan/services/",
        {"type": "Shelter", "responsible": str(shelter.pk), "due_on": today},
        format="json",
    )
    assert added.status_code == 201
    for_others = api.post(
        f"/api/v1/cases/{case.pk}/care-plan/services/",
        {"type": "Medical", "responsible": str(pathway.eri.pk), "due_on": today},
        format="json",
    )
    assert for_others.status_code == 422
    own = next(s for s in added.json()["services"] if s["type"]["code"] == "Shelter")
    given = api.post(
        f"/api/v1/care-services/{own['id']}/deliveries/",
        {"delivered_on": today, "note": "Primera noche"},
        format="json",
    )
    assert given.status_code == 201
    theirs = api.post(
        f"/api/v1/care-services/{owner_service.pk}/deliveries/",
        {"delivered_on": today},
        format="json",
    )
    assert theirs.status_code == 404
    review = api.post(
        f"/api/v1/cases/{case.pk}/care-plan/reviews/",
        {"version": plan.version, "outcome": "continue", "summary": "x"},
        format="json",
    )
    assert review.status_code == 404  # the plan itself stays the owner's
    body = page.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Primera noche" in body


@pytest.mark.parametrize("kind", ["consular", "legal"])
def test_the_receiver_sees_identity_documents_and_contact_as_the_type_allows(pathway, kind):
    from ruta.audit.models import AuditEvent
    from ruta.people import services as people_services

    case, referral = _referred(pathway, kind)
    people_services.person_update(
        actor=pathway.coordinator,
        person=case.person,
        version=case.person.version,
        contact="Teléfono 9999-0000",
    )
    from ruta.people.models import PersonDocument

    PersonDocument.objects.create(
        person=case.person, type="passport", number="G1234567", issuing_country="GTM"
    )
    responder = pathway.responders[kind]
    services.referral_accept(actor=responder, referral=referral, version=1)
    page, _api = _clients(responder)
    body = page.get(f"/cases/{case.pk}/").content.decode()
    assert "G1234567" in body
    assert ("9999-0000" in body) == ("contact" in TYPE_SECTIONS[kind])
    assert AuditEvent.objects.filter(
        action="people.person.viewed", actor_user_id=responder.user.pk
    ).exists()
    assert page.get(f"/people/{case.person_id}/").status_code == 404  # the page stays the owner's
