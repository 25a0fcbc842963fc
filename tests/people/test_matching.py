"""Finding the same person twice: accents, typos, nicknames, swapped or missing surnames."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.http import Http404

from ruta.audit.models import AuditEvent
from ruta.core.errors import ConflictError
from ruta.people import matching, selectors, services
from tests.factories import actor_of, make_user
from tests.validation import refused_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(home_institution):
    return actor_of(make_user("eri_coordinator", home_institution))


@pytest.fixture
def maria(worker):
    return services.person_create(
        actor=worker,
        given_names="María José",
        first_surname="Hernández",
        second_surname="Núñez",
        date_of_birth=date(2009, 3, 14),
        documents=[services.DocumentInput(type="national_id", number="0801-2009-01234")],
    )


def test_normalisation():
    assert matching.normalise("  MARÍA  José-Núñez ") == "maria jose nunez"
    assert matching.within_one_edit("hernandez", "hernadez")
    assert matching.within_one_edit("lopez", "lpoez")
    assert not matching.within_one_edit("lopez", "perez")


@pytest.mark.parametrize(
    "query",
    [
        "maria jose hernandez nunez",  # no accents
        "MARÍA HERNÁNDEZ",  # case, missing second surname
        "maria nunez hernandez",  # swapped surnames
        "maria hernadez",  # one typo
        "Núñez María José",  # any order
    ],
)
def test_search_tolerates(query, worker, maria):
    assert maria in selectors.person_search(actor=worker, text=query)


def test_nicknames_find_the_full_name(worker):
    jose = services.person_create(actor=worker, given_names="José Luis", first_surname="Zelaya")
    assert jose in selectors.person_search(actor=worker, text="Chepe Zelaya")


def test_matches_by_document_number_in_any_format(worker, maria):
    found = selectors.person_matches(actor=worker, document_number="0801 2009 01234")
    assert [c.person for c in found] == [maria]
    assert found[0].reasons == ("document",)


def test_matches_by_name_need_a_compatible_birth(worker, maria):
    same = selectors.person_matches(
        actor=worker,
        given_names="Maria",
        first_surname="Hernandez",
        date_of_birth=date(2009, 3, 14),
    )
    assert [c.person for c in same] == [maria]
    by_age = selectors.person_matches(
        actor=worker, given_names="Maria", first_surname="Nunez", estimated_age=17
    )
    assert [c.person for c in by_age] == [maria]
    other_birth = selectors.person_matches(
        actor=worker,
        given_names="Maria",
        first_surname="Hernandez",
        date_of_birth=date(1980, 1, 1),
    )
    assert other_birth == []


@pytest.mark.parametrize(
    ("written", "reasons"),
    [
        (date(2009, 3, 14), ("given_name", "first_surname", "birth")),
        (date(2009, 3, 4), ("given_name", "first_surname", "birth_close")),  # the day mistyped
        (date(2008, 3, 14), ("given_name", "first_surname", "birth_close")),  # the year one off
    ],
)
def test_a_date_of_birth_written_with_a_usual_slip_still_matches(worker, maria, written, reasons):
    found = selectors.person_matches(
        actor=worker, given_names="Maria", first_surname="Hernandez", date_of_birth=written
    )
    assert [c.person for c in found] == [maria]
    assert found[0].reasons == reasons


def test_day_and_month_swapped_match_and_rank_below_the_same_date(worker, maria):
    swapped = services.person_create(
        actor=worker,
        given_names="María",
        first_surname="Hernández",
        date_of_birth=date(2009, 4, 11),
    )
    same = services.person_create(
        actor=worker,
        given_names="María",
        first_surname="Hernández",
        date_of_birth=date(2009, 11, 4),
    )
    found = selectors.person_matches(
        actor=worker,
        given_names="Maria",
        first_surname="Hernandez",
        date_of_birth=date(2009, 11, 4),
    )
    assert [c.person for c in found] == [same, swapped]
    assert found[1].reasons == ("given_name", "first_surname", "birth_close")
    assert found[0].score > found[1].score
    assert maria not in [c.person for c in found]  # March 14th is no slip of November 4th


def test_matches_never_cross_the_scope(home_institution, other_institution, maria):
    stranger = actor_of(make_user("eri_coordinator", other_institution))
    assert selectors.person_search(actor=stranger, text="Maria Hernandez") == []
    assert selectors.person_matches(actor=stranger, document_number="0801-2009-01234") == []
    with pytest.raises(Http404):
        selectors.person_get(actor=stranger, person_id=maria.pk)


def test_own_scope_sees_only_own_records(home_institution, maria):
    case_worker = actor_of(make_user("case_worker", home_institution))
    assert selectors.person_search(actor=case_worker, text="Maria Hernandez") == []
    mine = services.person_create(actor=case_worker, given_names="Rosa", first_surname="Paz")
    assert selectors.person_search(actor=case_worker, text="rosa paz") == [mine]


def test_reading_a_person_is_audited(worker, maria):
    selectors.person_get(actor=worker, person_id=maria.pk)
    assert AuditEvent.objects.filter(
        action="people.person.viewed", target_id=str(maria.pk)
    ).exists()


def test_contact_is_encrypted_at_rest(worker):
    person = services.person_create(
        actor=worker, given_names="Ana", first_surname="Cruz", contact="Barrio El Centro, 9876"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact FROM people_person")
        (stored,) = cursor.fetchone()
    assert "Centro" not in stored
    assert person.contact == "Barrio El Centro, 9876"


def test_bad_identity_data_is_refused(worker):
    for bad in (
        {"given_names": ""},
        {"date_of_birth": date(2999, 1, 1)},
        {"nationalities": ["XXX"]},
        {"languages": ["zzz"]},
        {"population_groups": ["lenca"]},  # no consent
        {"estimated_age": 400},
    ):
        (field,) = bad
        with refused_on(field):
            services.person_create(actor=worker, **{"given_names": "Ana", **bad})


def test_renaming_rebuilds_the_search_keys_and_versions_conflict(worker, maria):
    services.person_update(actor=worker, person=maria, version=1, first_surname="Reyes")
    assert maria in selectors.person_search(actor=worker, text="maria reyes")
    assert maria not in selectors.person_search(actor=worker, text="hernandez")
    with pytest.raises(ConflictError):
        services.person_update(actor=worker, person=maria, version=1, first_surname="Otra")


def test_a_close_date_of_birth_is_found_behind_many_namesakes(worker):
    """The date narrows the namesakes in the database: the first 50 "María Hernández" by name
    alone would leave the one born on the swapped date out."""
    for day in range(1, 61):
        services.person_create(
            actor=worker,
            given_names="María",
            first_surname="Hernández",
            date_of_birth=date(1990 + day % 20, 1 + day % 12, 15 + day % 13),
        )
    target = services.person_create(
        actor=worker,
        given_names="María",
        first_surname="Hernández",
        date_of_birth=date(2001, 4, 11),
    )
    found = selectors.person_matches(
        actor=worker,
        given_names="Maria",
        first_surname="Hernandez",
        date_of_birth=date(2001, 11, 4),
    )
    assert target in [c.person for c in found]
