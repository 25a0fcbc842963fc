"""The ranked search: what it finds, the reasons it gives, what it refuses to guess."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from ruta.people import matching, selectors, services
from ruta.people.models import NameVariant, Person
from tests.factories import actor_of, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(home_institution):
    return actor_of(make_user("eri_coordinator", home_institution))


def _person(worker, given, first, second="", **extra):
    return services.person_create(
        actor=worker, given_names=given, first_surname=first, second_surname=second, **extra
    )


@pytest.fixture
def rosario(worker):
    return _person(worker, "Rosario", "Velásquez", "Hernández", date_of_birth=date(2004, 2, 9))


def _find(worker, text, **birth):
    return selectors.person_find(actor=worker, text=text, birth=matching.BirthHint(**birth))


def _top(worker, text, **birth):
    found = _find(worker, text, **birth)
    return found[0] if found else None


@pytest.mark.parametrize(
    ("query", "reasons"),
    [
        ("Rosario Velásquez Hernández", ("given_name", "first_surname", "second_surname")),
        ("rosario velasquez hernandez", ("given_name", "first_surname", "second_surname")),
        (
            "Rosario Belasques Ernandez",  # spelled as it sounds
            ("given_name", "first_surname", "second_surname", "spelling"),
        ),
        (
            "Rosario Velasqez Hernandez",  # a letter dropped
            ("given_name", "first_surname", "second_surname", "spelling"),
        ),
        ("Rosario Velasquez", ("given_name", "first_surname")),  # second surname missing
        ("Rosario Hernandez", ("given_name", "second_surname")),  # first surname missing
        (
            "Rosario Hernandez Velasquez",
            ("given_name", "first_surname", "second_surname", "surnames_swapped"),
        ),
        (
            "Chayo Velasquez Hernandez",
            ("given_name", "first_surname", "second_surname", "nickname"),
        ),
    ],
)
def test_finds_the_person_and_says_why(worker, rosario, query, reasons):
    _person(worker, "Rosa", "Velásquez", "Hernández")  # a near namesake
    top = _top(worker, query)
    assert top.person == rosario
    assert top.reasons == reasons


def test_a_slip_of_one_letter_that_changes_the_sound_is_still_one_typo(worker):
    concepcion = _person(worker, "Concepción", "Castillo")
    # "concepcon": one letter from "concepcion", two sounds from it (the c before o is hard).
    assert matching.name_key("concepcon") != matching.name_key("concepcion")
    top = _top(worker, "concepcon Castillo")
    assert top.person == concepcion and "spelling" in top.reasons


def test_the_closer_spelling_ranks_first(worker, rosario):
    sound_alike = _person(worker, "Rosario", "Belásquez", "Hernández")
    found = _find(worker, "Rosario Velásquez Hernández")
    assert [c.person for c in found] == [rosario, sound_alike]
    assert found[0].score > found[1].score
    assert "spelling" in found[1].reasons and "spelling" not in found[0].reasons


def test_a_nickname_recorded_is_found_by_the_name(worker):
    jose = _person(worker, "Chepe", "Zelaya", "Matute")
    assert _top(worker, "José Zelaya").person == jose
    assert "nickname" in _top(worker, "José Zelaya").reasons


def test_an_alias_alone_finds_the_person(worker):
    flaca = _person(worker, "Dania", "Suazo", aliases="La Flaca")
    top = _top(worker, "flaca")
    assert top.person == flaca and top.reasons == ("alias",)


def test_particles_and_married_names(worker):
    cruz = _person(worker, "Ana", "de la Cruz", "López de Hernández")
    assert _top(worker, "Ana Cruz Lopez").person == cruz
    assert _top(worker, "Ana Cruz").person == cruz


@pytest.mark.parametrize(
    ("birth", "reason"),
    [
        ({"date": date(2004, 2, 9)}, "birth"),
        ({"date": date(2004, 9, 2)}, "birth_close"),  # day and month swapped
        ({"date": date(2005, 2, 9)}, "birth_close"),  # the year one off
        ({"year": 2004}, "age"),
        ({"age": 22}, "age"),
    ],
)
def test_what_is_known_of_the_birth_ranks_and_explains(worker, rosario, birth, reason):
    namesake = _person(worker, "Rosario", "Velásquez", date_of_birth=date(1999, 7, 30))
    found = _find(worker, "Rosario Velasquez", **birth)
    assert found[0].person == rosario and reason in found[0].reasons
    assert namesake not in [c.person for c in found]  # born too far from it


def test_a_record_without_a_birth_stays_a_candidate_below_one_that_agrees(worker, rosario):
    unknown = _person(worker, "Rosario", "Velásquez", "Hernández")
    found = _find(worker, "Rosario Velasquez Hernandez", date=date(2004, 2, 9))
    assert [c.person for c in found] == [rosario, unknown]


def test_the_exact_date_is_found_behind_many_namesakes_of_nearby_years(worker):
    """The birth narrows in the database: a thousand namesakes born around the same years do
    not push the person out of the records read."""
    rows = [
        Person(
            institution_id=worker.institution_id,
            given_names="María",
            first_surname="Hernández",
            date_of_birth=date(2000 + i % 5, 1 + i % 12, 1 + i % 28),
        )
        for i in range(1200)
    ]
    for person in rows:
        services.set_search_keys(person)
    Person.objects.bulk_create(rows)
    target = _person(worker, "María", "Hernández", "Paz", date_of_birth=date(2002, 6, 30))
    assert _top(worker, "Maria Hernandez", date=date(2002, 6, 30)).person == target


def test_a_word_matched_nowhere_leaves_the_record_out(worker, rosario):
    assert _find(worker, "Rosario Martinez") == []
    # Three words or more: one may be wrong (a second given name, a surname mistaken).
    assert _top(worker, "Rosario Velasquez Martinez").person == rosario
    assert _find(worker, "Rosario Martinez Lopez") == []


def test_two_surnames_alone_are_a_family_not_a_duplicate(worker, rosario):
    assert _top(worker, "Velasquez Hernandez").person == rosario  # the search finds them
    found = selectors.person_matches(
        actor=worker, given_names="Karla", first_surname="Velasquez", second_surname="Hernandez"
    )
    assert found == []  # the duplicate check does not offer them


def test_new_names_join_the_vocabulary_and_renaming_moves_the_keys(worker, rosario):
    assert NameVariant.objects.filter(key="belaskes", variant="belaskes").exists()
    assert NameVariant.objects.filter(key="belaskes", variant="belakes").exists()
    services.person_update(
        actor=worker, person=rosario, version=1, first_surname="Oseguera", estimated_age=30
    )
    rosario.refresh_from_db()
    assert (rosario.key_surname1, rosario.key_birth_year) == ("osegera", 2004)
    assert _top(worker, "Rosario Oseguera").person == rosario
    assert _find(worker, "Rosario Velasquez Hernandez")[0].reasons == (
        "given_name",
        "second_surname",
    )


def test_an_estimated_age_is_checked_against_the_date_typed(worker):
    year = timezone.localdate().year
    person = _person(worker, "Iris", "Lagos", estimated_age=15)
    assert person.key_birth_year == 0  # too rough for the index: read as unknown there
    assert _top(worker, "Iris Lagos", date=date(year - 17, 5, 5)).reasons[-1] == "age"
    assert _find(worker, "Iris Lagos", date=date(year - 25, 5, 5)) == []  # too old
