"""Screening: versioned instruments as data, dimension flags and a suggestion; the human
decision is recorded apart."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.cases import screening, selectors, services
from ruta.cases.models import ScreeningInstrument
from ruta.people import services as people
from tests.factories import actor_of, make_user, sign_in
from tests.validation import refused_on

pytestmark = pytest.mark.django_db


def _instrument(code):
    return ScreeningInstrument.objects.get(code=code, version=1)


@pytest.fixture
def coordinator(home_institution):
    return actor_of(make_user("eri_coordinator", home_institution))


def _case(actor, **person):
    p = people.person_create(actor=actor, **{"given_names": "Ana", **person})
    return services.case_open(actor=actor, person=p)


def test_instruments_ship_with_three_languages():
    for code in (
        "ilo-forced-labour-11",
        "ilo-ec-operational-adults",
        "ilo-ec-operational-children",
    ):
        instrument = _instrument(code)
        assert set(instrument.name) == {"es", "en", "fr"}
        assert all(set(q["text"]) == {"es", "en", "fr"} for q in instrument.questions)
    assert len(_instrument("ilo-forced-labour-11").questions) == 11


def test_ilo_11_counts_indicators():
    ilo = _instrument("ilo-forced-labour-11")
    assert screening.evaluate(ilo, {})[1] == "none"
    assert screening.evaluate(ilo, {"debt": "yes"})[1] == "refer"
    assert screening.evaluate(ilo, {"debt": "yes", "documents": "yes"})[1] == "presumed"
    assert screening.evaluate(ilo, {"debt": "unknown", "documents": "no"})[1] == "none"


def test_adults_need_recruitment_exploitation_and_means():
    adults = _instrument("ilo-ec-operational-adults")
    recruitment_and_exploitation = {"dr_job": "yes", "ec_hours": "yes"}
    flags, suggestion = screening.evaluate(adults, recruitment_and_exploitation)
    assert flags["deceptive_recruitment"] and flags["exploitative_conditions"]
    assert suggestion == "refer"
    flags, suggestion = screening.evaluate(
        adults, {**recruitment_and_exploitation, "cd_debt": "yes"}
    )
    assert suggestion == "presumed"
    # Two medium indicators make a dimension; one weak does not.
    assert screening.evaluate(adults, {"dr_conditions": "yes", "dr_wages": "yes"})[0][
        "deceptive_recruitment"
    ]
    assert not screening.evaluate(adults, {"dr_education": "yes"})[0]["deceptive_recruitment"]


def test_for_children_the_means_are_not_required():
    children = _instrument("ilo-ec-operational-children")
    _flags, suggestion = screening.evaluate(children, {"cr_abduction": "yes", "ec_sexual": "yes"})
    assert suggestion == "presumed"


def test_recording_a_screening_keeps_every_answer_and_suggests_only(coordinator):
    case = _case(coordinator, date_of_birth=date(2011, 2, 2))
    instruments = selectors.instruments_for(case=case)
    assert instruments[0].audience == "child"
    result = services.screening_record(
        actor=coordinator,
        case=case,
        instrument=instruments[0],
        answers={"cr_abduction": "yes", "ec_sexual": "yes", "vr_family": "unknown"},
    )
    assert result.suggestion == "presumed"
    assert result.answers["vr_family"] == "unknown"
    assert result.answers["ec_begging"] == "not_asked"
    assert not case.identifications.exists()  # the decision stays a person's


def test_bad_screening_input_is_refused(coordinator):
    case = _case(coordinator)
    ilo = _instrument("ilo-forced-labour-11")
    for field, kw in (
        ("answers", {"answers": {"made_up": "yes"}}),
        ("answers", {"answers": {"debt": "perhaps"}}),
        ("screened_on", {"answers": {}, "screened_on": timezone.localdate() + timedelta(days=1)}),
    ):
        with refused_on(field):
            services.screening_record(actor=coordinator, case=case, instrument=ilo, **kw)
    assert not case.screenings.exists()


def test_screening_page_and_api(coordinator):
    case = _case(coordinator)
    client = sign_in(Client(), coordinator.user)
    ilo = _instrument("ilo-forced-labour-11")
    page = client.get(f"/cases/{case.pk}/screening/?instrument={ilo.pk}")
    assert page.status_code == 200 and 'name="q-debt"' in page.content.decode()
    response = client.post(
        f"/cases/{case.pk}/screening/",
        {"instrument": str(ilo.pk), "q-debt": "yes", "q-documents": "yes"},
    )
    assert response.status_code == 302
    assert case.screenings.get().suggestion == "presumed"
    _t, key = auth.token_create(
        user=coordinator.user, membership=coordinator.membership, second_factor=True
    )
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")
    created = api.post(
        f"/api/v1/cases/{case.pk}/screenings/",
        {"instrument": str(ilo.pk), "answers": {"wages": "yes"}},
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["suggestion"]["code"] == "refer"
    assert len(api.get("/api/v1/screening-instruments/").json()) == 3
