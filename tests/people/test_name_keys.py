"""Names as Honduras writes them: normalisation, particles, nicknames, the Spanish sound key."""

from __future__ import annotations

from datetime import date

import pytest

from ruta.people import matching


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hernández", "Ernandes"),  # silent h, z = s
        ("Velásquez", "Belazquez"),  # v = b, s = z, qu
        ("Castillo", "Castiyo"),  # ll = y
        ("Cecilia", "Sesilia"),  # soft c = s
        ("Carlos", "Karlos"),  # hard c = k
        ("Quiroz", "Kiros"),  # qu = k
        ("Gerardo", "Jerardo"),  # soft g = j
        ("Carranza", "Caranza"),  # doubled letters
        ("Ximena", "Simena"),  # x as in Honduran names
        ("Yanes", "Yanez"),
        ("Guillermo", "Guiyermo"),  # gu before i keeps a hard g
    ],
)
def test_spellings_of_one_sound_share_a_key(a, b):
    assert matching.phonetic(matching.normalise(a)) == matching.phonetic(matching.normalise(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Maria", "Mario"),  # vowels tell names apart
        ("Marta", "Maria"),
        ("Guerra", "Gerra"),  # [g] is not [x]
        ("Lopez", "Perez"),
        ("Rosa", "Rosas"),
    ],
)
def test_different_names_keep_different_keys(a, b):
    assert matching.phonetic(matching.normalise(a)) != matching.phonetic(matching.normalise(b))


def test_particles_and_joined_surnames():
    assert matching.tokens("María de la Cruz") == ["maria", "cruz"]
    assert matching.tokens("López y López") == ["lopez", "lopez"]
    assert matching.tokens("Ana López Vda. de Hernández") == ["ana", "lopez", "hernandez"]


def test_nicknames_are_data_and_read_as_the_given_name():
    table = matching.nicknames()
    assert table["chepe"] == "jose" and table["chayo"] == "rosario" and table["lencho"] == "lorenzo"
    assert matching.name_key("chepe") == matching.name_key("jose")
    assert matching.word_agreement("chayo", "rosario") == matching.NICKNAME


def test_person_keys_shift_a_lone_second_surname_and_skip_particles():
    keys = matching.person_keys("María José", "", "de la Cruz", "La Flaca")
    assert (keys.given, keys.surname1, keys.surname2) == ("maria", "krus", "")
    assert keys.alias == matching.phonetic("flaca")


def test_one_deletion_neighbourhoods_meet_within_one_edit():
    def meet(a: str, b: str) -> bool:
        return bool(matching.deletions(a) & matching.deletions(b))

    assert meet("ernandes", "ernades")  # a letter dropped
    assert meet("ernandes", "ernandis")  # substituted
    assert meet("ernandes", "ernadnes")  # two neighbours swapped
    assert not meet("ernandes", "ernnds")  # two letters away
    assert matching.deletions("pas") == frozenset({"pas"})  # short keys: only as written


@pytest.mark.parametrize(
    ("query", "word", "kind"),
    [
        ("maria", "maria", matching.EXACT),
        ("chepe", "jose", matching.NICKNAME),
        ("belasquez", "velasquez", matching.SOUND),
        ("hernadez", "hernandez", matching.TYPO),
        ("lopez", "perez", None),
    ],
)
def test_word_agreement(query, word, kind):
    assert matching.word_agreement(query, word) == kind


TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("hint", "birth", "age", "expected"),
    [
        (matching.BirthHint(date=date(2001, 11, 4)), date(2001, 11, 4), None, matching.BIRTH),
        (matching.BirthHint(date=date(2001, 11, 4)), date(2001, 4, 11), None, "birth_close"),
        (matching.BirthHint(date=date(2001, 11, 4)), date(2001, 11, 9), None, "birth_close"),
        (matching.BirthHint(date=date(2001, 11, 4)), date(2002, 11, 4), None, "birth_close"),
        (matching.BirthHint(date=date(2001, 11, 4)), date(2001, 5, 20), None, None),
        (matching.BirthHint(year=2001), date(2002, 1, 3), None, matching.AGE),
        (matching.BirthHint(year=2001), date(2004, 1, 3), None, None),
        (matching.BirthHint(age=25), date(2001, 3, 1), None, matching.AGE),
        (matching.BirthHint(age=25), date(1990, 3, 1), None, None),
        (matching.BirthHint(age=25), None, 27, matching.AGE),
        (matching.BirthHint(date=date(2001, 11, 4)), None, None, matching.UNKNOWN),
        (matching.BirthHint(), date(1990, 3, 1), None, matching.UNKNOWN),
    ],
)
def test_birth_agreement(hint, birth, age, expected):
    assert matching.birth_agreement(hint, birth, age, today=TODAY) == expected


def test_birth_windows():
    assert list(matching.BirthHint(date=date(2001, 1, 1)).year_window(TODAY, 1)) == [
        2000,
        2001,
        2002,
    ]
    # 25 years old on 1 December 2026: born in 2001, or 2000 if the birthday is still to come.
    assert list(matching.BirthHint(age=25).year_window(TODAY, 0)) == [2000, 2001]
    assert matching.BirthHint().year_window(TODAY, 3) is None
