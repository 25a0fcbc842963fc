"""The referral pages: the directory, referring a case, answering it, the case's card."""

from __future__ import annotations

import pytest
from django.test import Client

from ruta.cases import services as case_services
from ruta.cases.choices import EventType
from ruta.core.models import Department
from ruta.referrals.models import Referral, ServiceOffering
from tests.factories import make_user, sign_in
from tests.referrals.conftest import open_case

pytestmark = pytest.mark.django_db


def test_directory_is_searchable_and_each_institution_keeps_its_own(pathway):
    client = sign_in(Client(), pathway.coordinator.user)
    body = client.get("/referrals/directory/?service=Shelter").content.decode()
    assert "Albergue Esperanza" in body and "Hospital Escuela" not in body
    body = client.get("/referrals/directory/?service=Shelter&department=HN-CR").content.decode()
    assert "Albergue Esperanza" not in body  # no department listed for it yet
    admin = make_user("institution_admin", pathway.receivers["care"])
    admin_client = sign_in(Client(), admin)
    response = admin_client.post(
        "/referrals/directory/offerings/",
        {"service": "Shelter", "departments": ["HN-CR", "HN-FM"], "capacity_notes": "12 camas"},
    )
    assert response.status_code == 302
    offering = ServiceOffering.objects.get(institution=pathway.receivers["care"], service="Shelter")
    assert sorted(d.code for d in offering.departments.all()) == ["HN-CR", "HN-FM"]
    assert not offering.is_active  # the box was left unticked: not offered now
    body = client.get("/referrals/directory/?service=Shelter&department=HN-CR").content.decode()
    assert "Albergue Esperanza" not in body
    # A case worker cannot edit the directory.
    worker = sign_in(Client(), make_user("case_worker", pathway.eri))
    assert worker.post("/referrals/directory/offerings/", {"service": "Medical"}).status_code == 404


def test_referring_from_the_case_page(pathway):
    shelter = pathway.receivers["care"]
    case = open_case(pathway, sharing_with=[shelter])
    client = sign_in(Client(), pathway.coordinator.user)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/referrals/cases/{case.pk}/new/" in page
    form = client.get(f"/referrals/cases/{case.pk}/new/")
    assert form.status_code == 200
    bad = client.post(
        f"/referrals/cases/{case.pk}/new/",
        {"type": "care", "services": ["Medical"], "to_institution": shelter.pk},
    )
    assert bad.status_code == 400 and not Referral.objects.exists()
    assert "Albergue Esperanza" in bad.content.decode()
    good = client.post(
        f"/referrals/cases/{case.pk}/new/",
        {"type": "care", "services": ["Shelter"], "to_institution": shelter.pk, "urgent": "on"},
    )
    referral = Referral.objects.get()
    assert good.status_code == 302 and good.url == f"/referrals/{referral.pk}/"
    responder = sign_in(Client(), pathway.responders["care"].user)
    inbox = responder.get("/referrals/").content.decode()
    assert referral.reference in inbox and "row-urgent" in inbox
    responder.post(f"/referrals/{referral.pk}/accept/", {"version": 1})
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert responder.get(f"/cases/{case.pk}/").status_code == 200
    # The receiver's default case list is its work: its own cases and the ones shared with it.
    default = responder.get("/cases/").content.decode()
    assert case.reference in default and "ERI" in default
    assert case.reference not in responder.get("/cases/?shared=0").content.decode()
    shared = responder.get("/cases/?shared=1").content.decode()
    assert case.reference in shared and "ERI" in shared
    home = client.get("/").content.decode()
    # The referrals card: one accepted, sent by this institution, answered within hours.
    assert "Abrir las remisiones" in home and "Tiempo mediano de respuesta" not in home
    responder_home = responder.get("/").content.decode()
    assert "Tiempo mediano de respuesta" in responder_home


def test_without_consent_the_form_explains_and_sends_nothing(pathway):
    shelter = pathway.receivers["care"]
    case = open_case(pathway)
    client = sign_in(Client(), pathway.coordinator.user)
    response = client.post(
        f"/referrals/cases/{case.pk}/new/",
        {"type": "care", "services": ["Shelter"], "to_institution": shelter.pk},
    )
    assert response.status_code == 400
    assert "consent" in response.content.decode().lower() or "consentimiento" in (
        response.content.decode().lower()
    )
    assert not Referral.objects.exists()


def test_spanish_words_agree_tabs_plural_and_statuses_of_one_gender(pathway):
    from django.utils import translation

    from ruta.referrals.choices import ReferralStatus

    with translation.override("es"):
        labels = [str(label) for label in ReferralStatus.labels]
    # Enviada, Aceptada, Rechazada, Retirada, Completada: a referral (la remisión) is feminine.
    assert "Completada" in labels
    assert all(label.endswith("a") for label in labels), labels
    page = sign_in(Client(), pathway.coordinator.user).get("/referrals/").content.decode()
    assert ">Recibidas</a>" in page and ">Enviadas</a>" in page


def _current_tab(body: str) -> str:
    for box in ("received", "sent"):
        if f'href="?box={box}" aria-current="page"' in body:
            return box
    raise AssertionError("no current tab")


def test_the_referrals_page_opens_on_the_tab_with_open_referrals(pathway):
    shelter = pathway.receivers["care"]
    case = open_case(pathway, sharing_with=[shelter])
    sender = sign_in(Client(), pathway.coordinator.user)
    receiver = sign_in(Client(), pathway.responders["care"].user)
    # Nothing anywhere: received, the usual inbox.
    assert _current_tab(sender.get("/referrals/").content.decode()) == "received"
    sender.post(
        f"/referrals/cases/{case.pk}/new/",
        {"type": "care", "services": ["Shelter"], "to_institution": shelter.pk},
    )
    referral = Referral.objects.get()
    # The ERI sent one and received none: its page opens on "sent"; the shelter's on "received".
    body = sender.get("/referrals/").content.decode()
    assert _current_tab(body) == "sent" and referral.reference in body
    body = receiver.get("/referrals/").content.decode()
    assert _current_tab(body) == "received" and referral.reference in body
    # A tab asked for is kept.
    assert _current_tab(sender.get("/referrals/?box=received").content.decode()) == "received"
    # Once the referral is no longer open, the default is "received" again.
    sender.post(
        f"/referrals/{referral.pk}/withdraw/",
        {"withdraw-version": referral.version, "withdraw-reason": "Ya no hace falta"},
    )
    referral.refresh_from_db()
    assert referral.status == "withdrawn"
    assert _current_tab(sender.get("/referrals/").content.decode()) == "received"


def test_referring_outside_the_institutions_territory_warns_and_asks_to_confirm(pathway):
    shelter = pathway.receivers["care"]
    case = open_case(pathway, sharing_with=[shelter])
    cortes, atlantida = Department.objects.get(pk="HN-CR"), Department.objects.get(pk="HN-AT")
    shelter.territories.set([atlantida])
    client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), pathway.coordinator.user)
    url = f"/referrals/cases/{case.pk}/new/"
    send = {"type": "care", "services": ["Shelter"], "to_institution": shelter.pk}
    # No place known for the case: no warning.
    assert "· outside its territory" not in client.get(url).content.decode()
    case_services.event_add(
        actor=pathway.coordinator,
        case=case,
        type=EventType.values[0],
        country="HND",
        department=cortes,
    )
    form = client.get(url).content.decode()
    assert (
        "Albergue Esperanza · Shelter · outside its territory" in form
        and "took place in Cortés" in form
    )
    assert 'name="refer_outside_territory"' in form
    # Sending asks for a confirmation; nothing is sent until it is given.
    response = client.post(url, send)
    assert response.status_code == 400 and not Referral.objects.exists()
    assert "does not serve Cortés" in response.content.decode()
    response = client.post(url, {**send, "refer_outside_territory": "on"})
    assert response.status_code == 302 and Referral.objects.get().to_institution == shelter
    # An institution that serves the case's department: no warning, no confirmation.
    Referral.objects.all().delete()
    shelter.territories.add(cortes)
    assert "· outside its territory" not in client.get(url).content.decode()
    assert client.post(url, send).status_code == 302
