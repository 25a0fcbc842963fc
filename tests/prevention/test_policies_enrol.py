"""Enrolling someone another institution recorded: by their exact e-mail only
(``policies.can_enrol``), never by picking them from a list the trainer cannot see."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ruta.prevention import policies
from ruta.prevention.models import Enrolment
from ruta.prevention.services import enrolments as svc
from tests.prevention import people_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return people_setup.build()


def test_a_participant_in_scope_is_enrolled_by_pick(w):
    assert policies.can_enrol(w["trainer"], w["session"], w["spare_participant"])


def test_someone_recorded_elsewhere_only_by_their_exact_email(w):
    academy, session, staff = w["p_trn"], w["academy_open_session"], w["participant"]
    assert not policies.can_enrol(academy, session, staff)
    assert not policies.can_enrol(academy, session, staff, known_email="otra@example.org")
    assert policies.can_enrol(academy, session, staff, known_email=" MARTA@example.org ")


def test_only_for_a_session_the_actor_manages(w):
    # The home's trainer knows the e-mail but does not manage the academy's session.
    assert not policies.can_enrol(
        w["trainer"], w["academy_open_session"], w["participant"], known_email="marta@example.org"
    )


def test_the_academy_enrols_the_homes_staff_by_email(w):
    enrolment = svc.enrolment_create(
        actor=w["p_trn"], session=w["academy_open_session"], email="Marta@Example.org"
    )
    assert enrolment.participant == w["participant"]


def test_an_unknown_email_is_refused_and_nothing_saved(w):
    before = Enrolment.objects.count()
    with pytest.raises(ValidationError) as err:
        svc.enrolment_create(
            actor=w["p_trn"], session=w["academy_open_session"], email="nadie@example.org"
        )
    assert "email" in err.value.message_dict
    assert Enrolment.objects.count() == before


def test_a_pick_out_of_scope_is_refused(w):
    with pytest.raises(ValidationError) as err:
        svc.enrolment_create(
            actor=w["p_trn"], session=w["academy_open_session"], participant=w["participant"]
        )
    assert "participant" in err.value.message_dict
