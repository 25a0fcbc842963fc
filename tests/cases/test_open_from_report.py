"""Opening a case from a report for a person not yet recorded: "record the person first"
keeps the report in hand, and the new person is then offered for a case from that report.
Only ids travel in the addresses, never a name."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from ruta.cases.models import Case
from ruta.intake import services as intake
from ruta.people.models import Person
from tests.factories import actor_of, make_user, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(home_institution):
    coordinator = actor_of(make_user("eri_coordinator", home_institution))
    report = intake.report_create(actor=coordinator, channel="hotline", narrative="x")
    intake.report_accept(actor=coordinator, report=report, version=1)
    return coordinator, report, sign_in(Client(), coordinator.user)


def test_recording_the_person_from_a_report_offers_a_case_from_that_report(setting):
    _coordinator, report, client = setting
    opening = client.get(f"/cases/new/?report={report.pk}").content.decode()
    assert f'href="/people/new/?report={report.pk}"' in opening

    form = client.get(f"/people/new/?report={report.pk}").content.decode()
    assert f'name="report" value="{report.pk}"' in form

    response = client.post(
        "/people/new/",
        {
            "report": str(report.pk),
            "given_names": "Marta",
            "first_surname": "Escondida",
            "sex": "female",
            "gender": "Feminine",
            "has_disability": "unknown",
        },
    )
    assert response.status_code == 302, response.content[:500]
    person = Person.objects.get(first_surname="Escondida")
    target = response["Location"]
    assert target == f"/cases/new/?report={report.pk}&person={person.pk}"
    assert "Escondida" not in target and "Marta" not in target

    page = client.get(target).content.decode()
    assert "Open a case for this person" in page or "Abrir un caso" in page
    assert f'name="person" value="{person.pk}"' in page
    assert len(re.findall(f'name="report" value="{report.pk}"', page)) >= 1

    opened = client.post(
        "/cases/new/",
        {"person": str(person.pk), "report": str(report.pk), "victim_type": "direct"},
    )
    case = Case.objects.get(person=person)
    assert opened["Location"] == f"/cases/{case.pk}/"
    assert case.report_id == report.pk


def test_without_a_report_the_person_page_follows(setting):
    _coordinator, _report, client = setting
    response = client.post(
        "/people/new/",
        {
            "given_names": "Ana",
            "first_surname": "Sola",
            "sex": "female",
            "gender": "Feminine",
            "has_disability": "unknown",
        },
    )
    person = Person.objects.get(first_surname="Sola")
    assert response["Location"] == f"/people/{person.pk}/"


def test_a_bad_report_or_person_id_is_ignored_not_a_server_error(setting):
    _coordinator, _report, client = setting
    assert client.get("/cases/new/?report=nope&person=42").status_code == 200
    assert client.get("/people/new/?report=%27x").status_code == 200
