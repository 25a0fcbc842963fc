"""Names as Honduras writes them, and how two records of a person agree.

Pure functions, no database: the selectors use them to build the search keys stored on each
person and to score the short list a search brings back.

- ``normalise``: accents, case and punctuation away ("Núñez" -> "nunez").
- ``tokens``: the words of a name without particles ("de la Cruz" -> "cruz", "López y López"
  -> "lopez lopez", "López de Hernández" -> "lopez hernandez").
- ``canonical``: a nickname read as the given name it stands for ("chepe" -> "jose"), from
  ``data/nicknames.csv`` (a deployment extends it).
- ``phonetic``: a key for how a Spanish word sounds, so that spellings of the same sound share
  it (see the function for the rules).
- ``deletions``: the one-deletion neighbourhood of a key: two keys within one edit (insertion,
  deletion, substitution or an adjacent swap) share one of them. The search stores it, for
  the sound and the spelling of each distinct name word, in the vocabulary (``NameVariant``),
  never per person.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz.distance import DamerauLevenshtein

# Particles that are not surnames on their own ("de la Cruz", "López y López", "viuda de").
PARTICLES = {"de", "del", "la", "las", "los", "y", "e", "da", "van", "von", "vda", "viuda"}
# Keys this short are looked up as they are: one edit away from a three-letter key is most of
# the vocabulary.
MIN_FUZZY = 4


@cache
def nicknames() -> dict[str, str]:
    """Nickname -> given name, both normalised (``data/nicknames.csv``)."""
    path = Path(__file__).with_name("data") / "nicknames.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return {normalise(r["nickname"]): normalise(r["name"]) for r in csv.DictReader(f)}


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


def tokens(text: str) -> list[str]:
    return [t for t in normalise(text).split() if t not in PARTICLES and len(t) > 1]


def canonical(token: str) -> str:
    """A normalised word with a nickname read as its given name."""
    return nicknames().get(token, token)


# Spanish spelling -> sound, applied in this order to a normalised word. Upper-case letters
# are placeholders for sounds that must not be rewritten again by a later rule.
_SOUNDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), sound)
    for pattern, sound in (
        (r"ch", "C"),  # "ch" is one sound, not c + silent h
        (r"ph", "f"),
        (r"sh", "C"),  # English spellings of the same sound ("Shirley", "Chirley")
        (r"qu", "k"),  # Quiroz = Kiroz
        (r"gu(?=[ei])", "G"),  # Guerra: hard g, the u silent
        (r"g(?=[ei])", "j"),  # Gerardo = Jerardo
        (r"G", "g"),
        (r"c(?=[ei])", "s"),  # Cecilia = Sesilia (seseo)
        (r"c", "k"),  # Carlos = Karlos
        (r"z", "s"),  # Hernández = Hernandes (seseo)
        (r"x", "s"),  # Xiomara, Ximena: [s] or [x] in Honduras, never [ks] in names
        (r"v", "b"),  # Velásquez = Belásquez
        (r"w", "u"),  # Wendy = Uendy
        (r"h", ""),  # silent h: Ernesto = Hernesto
        (r"ll", "y"),  # yeísmo: Castillo = Castiyo
        (r"y(?![aeiou])", "i"),  # final or before a consonant, y is the vowel i
        (r"nb", "mb"),  # the same sound before b
        (r"(.)\1+", r"\1"),  # doubled letters sound once: Padilla, Carranza, Lanza
    )
)


@lru_cache(maxsize=100_000)
def phonetic(token: str) -> str:
    """How a normalised Spanish word sounds, as a key: silent h, b = v, s = z = soft c,
    k = qu = hard c, ll = y, soft g = j, doubled letters once, "x" read as in Honduran names.
    Vowels are kept: in Spanish they are written as they sound, and they tell names apart
    (María, Mario, Marta). The key is compared with other keys only, never shown."""
    key = token
    for pattern, sound in _SOUNDS:
        key = pattern.sub(sound, key)
    return key.lower()


def name_key(token: str) -> str:
    """The key a name word is searched by: its nickname read as the name, then its sound."""
    return phonetic(canonical(token))


@lru_cache(maxsize=100_000)
def deletions(key: str) -> frozenset[str]:
    """The key and, for keys of ``MIN_FUZZY`` letters or more, each one-deletion variant."""
    if len(key) < MIN_FUZZY:
        return frozenset({key})
    return frozenset({key, *(key[:i] + key[i + 1 :] for i in range(len(key)))})


def key_words(given_names: str, first_surname: str, second_surname: str, aliases: str) -> set[str]:
    """The words (nicknames read as names) a person's keys are made of."""
    words = (
        tokens(given_names)[:2]
        + tokens(first_surname)[:1]
        + tokens(second_surname)[:1]
        + tokens(aliases)[:1]
    )
    return {canonical(w) for w in words}


def vocabulary_rows(word: str) -> set[tuple[str, str]]:
    """(variant, key) rows for a name word: the one-deletion variants of its key and of its
    spelling, so that a query word one letter away finds the key even when the slip changes
    how it sounds ("concepcon" is one letter from "concepcion", two sounds from it)."""
    key = phonetic(word)
    return {(variant, key) for variant in deletions(key) | deletions(word)}


def first_token(text: str) -> str:
    words = tokens(text)
    return words[0] if words else ""


@dataclass(frozen=True)
class NameKeys:
    """The keys stored on a person: its first two given names, each surname, its first
    alias."""

    given: str
    given2: str
    surname1: str
    surname2: str
    alias: str

    def all(self) -> set[str]:
        keys = (self.given, self.given2, self.surname1, self.surname2, self.alias)
        return {k for k in keys if k}


def person_keys(
    given_names: str, first_surname: str, second_surname: str, aliases: str
) -> NameKeys:
    """A person's search keys. A first surname left empty with a second one written is read as
    the first ("" + "López" is "López")."""
    s1, s2 = first_token(first_surname), first_token(second_surname)
    if not s1:
        s1, s2 = s2, ""
    given = tokens(given_names)
    key = lambda t: name_key(t) if t else ""  # noqa: E731
    return NameKeys(
        key(given[0] if given else ""),
        key(given[1] if len(given) > 1 else ""),
        key(s1),
        key(s2),
        key(first_token(aliases)),
    )


def search_text(given_names: str, first_surname: str, second_surname: str, aliases: str) -> str:
    """Normalised name words and their nickname forms (kept for exports and the trigram
    comparison in the benchmark)."""
    words = tokens(" ".join([given_names, first_surname, second_surname, aliases]))
    words += [canonical(w) for w in words if canonical(w) != w]
    return " ".join(dict.fromkeys(words))


def normalise_document(number: str) -> str:
    return "".join(ch for ch in normalise(number) if ch.isalnum())


def within_one_edit(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or adjacent swap apart (short words: equal)."""
    if a == b:
        return True
    if min(len(a), len(b)) < MIN_FUZZY:
        return False
    return DamerauLevenshtein.distance(a, b, score_cutoff=1) <= 1


# --- how one word of a query agrees with one word of a record --------------------------------

EXACT, NICKNAME, SOUND, TYPO = "exact", "nickname", "sound", "typo"
WORD_WEIGHT = {EXACT: 1.0, NICKNAME: 0.95, SOUND: 0.9, TYPO: 0.8}


def word_agreement(query: str, word: str, near: frozenset[str] = frozenset()) -> str | None:
    """How a query word agrees with a record's word (both normalised): the same, a nickname
    of it, the same sound, or within one typo (``near`` holds the keys the search found
    within one edit of the query word's key). None when they differ."""
    if query == word:
        return EXACT
    if canonical(query) == canonical(word):
        return NICKNAME
    q, w = name_key(query), name_key(word)
    if q == w:
        return SOUND
    if w in near or within_one_edit(q, w) or within_one_edit(query, word):
        return TYPO
    return None


# --- dates of birth ---------------------------------------------------------------------------


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def close_dates(a: date, b: date) -> bool:
    """The slips people make writing a date of birth: day and month swapped (04/11 for
    11/04), the day mistyped within the right month, the year off by one."""
    if (a.year, a.month, a.day) == (b.year, b.day, b.month):
        return True
    if (a.year, a.month) == (b.year, b.month):
        return True
    return (a.month, a.day) == (b.month, b.day) and abs(a.year - b.year) == 1


_Date = date  # the type, under a name the hint's field ``date`` does not shadow


@dataclass(frozen=True)
class BirthHint:
    """What the person searching knows of the birth: a date, a year, or an age."""

    date: date | None = None
    year: int | None = None
    age: int | None = None

    def __bool__(self) -> bool:
        return bool(self.date or self.year or self.age is not None)

    def year_window(self, today: _Date, tolerance: int) -> range | None:
        """The birth years a record may have and still be this person (None: any)."""
        if self.date or self.year:
            centre = self.date.year if self.date else self.year or 0
            return range(centre - tolerance, centre + tolerance + 1)
        if self.age is not None:
            # Born this year minus the age, or the year before if the birthday is to come.
            centre = today.year - self.age
            return range(centre - tolerance - 1, centre + tolerance + 1)
        return None


BIRTH, BIRTH_CLOSE, AGE = "birth", "birth_close", "age"
UNKNOWN = "unknown"


def birth_agreement(
    hint: BirthHint,
    birth: date | None,
    age: int | None,
    *,
    today: date,
    tolerance_years: int = 3,
) -> str | None:
    """How a record's birth agrees with what is known: "birth" (the same date),
    "birth_close" (a date written with a usual slip), "age" (a year or an age within
    ``tolerance_years``), "unknown" (one side knows nothing), None (not the same person)."""
    if not hint:
        return UNKNOWN
    if hint.date and birth:
        if hint.date == birth:
            return BIRTH
        return BIRTH_CLOSE if close_dates(hint.date, birth) else None
    if hint.year and birth:
        return AGE if abs(hint.year - birth.year) <= 1 else None
    theirs = age_on(birth, today) if birth else age
    if theirs is None:
        return UNKNOWN
    if hint.date:
        ours = age_on(hint.date, today)
    elif hint.year:
        ours = today.year - hint.year
    else:
        ours = hint.age or 0
    return AGE if abs(ours - theirs) <= tolerance_years else None
