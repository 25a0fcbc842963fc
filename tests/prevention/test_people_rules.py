"""``prevention.rules.participant_errors``: the rules the services and the import share."""

from __future__ import annotations

import pytest
from django.utils import translation

from ruta.core.choices import InstitutionType as T
from ruta.prevention.rules import NAME_MAX, participant_errors
from tests.factories import make_institution, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def inst():
    return make_institution("Policía", T.POLICE)


def good(inst, **changes):
    return {
        "institution": inst,
        "given_names": "Ana",
        "family_names": "López",
        "sex": "female",
        "email": "ana@example.org",
        "rank_or_role": "Agente",
        **changes,
    }


def test_a_complete_participant_has_no_error(inst):
    assert participant_errors(good(inst)) == {}
    assert participant_errors(good(inst, email="", rank_or_role="")) == {}


def test_names_sex_and_institution_are_required(inst):
    with translation.override("en"):
        errors = participant_errors({"given_names": "", "email": ""})
    assert set(errors) == {"given_names", "family_names", "sex", "institution"}
    assert errors["given_names"] == ["This field is required."]


def test_lengths_email_and_sex_codes(inst):
    with translation.override("en"):
        errors = participant_errors(
            good(
                inst,
                given_names="x" * (NAME_MAX + 1),
                rank_or_role="y" * 121,
                email="not-an-email",
                sex="woman",
            )
        )
    assert errors["given_names"] == [f"At most {NAME_MAX} characters."]
    assert "rank_or_role" in errors
    assert errors["email"] == ["Enter a valid e-mail address."]
    assert errors["sex"] == ["Unknown code: woman"]
    assert "family_names" not in errors


def test_a_closed_institution_is_refused(inst):
    inst.is_active = False
    assert "institution" in participant_errors(good(inst))


def test_the_unit_must_be_of_the_institution(inst):
    assert participant_errors(good(inst, unit=make_unit(inst))) == {}
    elsewhere = make_unit(make_institution("Otra", T.SHELTER))
    assert "unit" in participant_errors(good(inst, unit=elsewhere))


def test_it_makes_no_query(inst, django_assert_num_queries):
    data = good(inst)
    with django_assert_num_queries(0):
        participant_errors(data)
