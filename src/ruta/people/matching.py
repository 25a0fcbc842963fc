"""Name normalisation and fuzzy keys for finding the same person twice.

Portable by design (SQLite and PostgreSQL alike): every name token is stored with its
one-deletion variants; two tokens within one edit (insertion, deletion, substitution or an
adjacent swap) share a key. Accents and case are ignored; common Honduran nicknames are indexed
under their full name too. Candidates are then scored in Python on a short list.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from functools import lru_cache

# Nickname -> given name. Indexed both ways so that "Chepe" finds "José" and back.
NICKNAMES = {
    "chepe": "jose",
    "pepe": "jose",
    "chema": "jose",
    "lupe": "guadalupe",
    "tono": "antonio",
    "pancho": "francisco",
    "paco": "francisco",
    "chayo": "rosario",
    "nacho": "ignacio",
    "lencho": "lorenzo",
    "memo": "guillermo",
    "lalo": "eduardo",
    "moncho": "ramon",
    "chabela": "isabel",
    "meche": "mercedes",
    "concha": "concepcion",
    "conchi": "concepcion",
    "lola": "dolores",
    "beto": "alberto",
    "chus": "jesus",
    "chuy": "jesus",
    "tere": "teresa",
    "male": "maria",
    "mari": "maria",
    "juancho": "juan",
    "kike": "enrique",
    "quique": "enrique",
    "nando": "fernando",
    "lucho": "luis",
    "chico": "francisco",
    "tina": "cristina",
    "toya": "victoria",
}
# Particles that are not surnames on their own.
PARTICLES = {"de", "del", "la", "las", "los", "y", "da", "van", "von"}


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


def tokens(text: str) -> list[str]:
    return [t for t in normalise(text).split() if t not in PARTICLES and len(t) > 1]


@lru_cache(maxsize=50000)
def _variants(token: str) -> frozenset[str]:
    keys = {token}
    if len(token) >= 4:
        keys.update(token[:i] + token[i + 1 :] for i in range(len(token)))
    return frozenset(keys)


def search_text(given_names: str, first_surname: str, second_surname: str, aliases: str) -> str:
    words = tokens(" ".join([given_names, first_surname, second_surname, aliases]))
    words += [NICKNAMES[w] for w in words if w in NICKNAMES]
    return " ".join(dict.fromkeys(words))


def variants(token: str) -> set[str]:
    """The token and, for tokens of four letters or more, each one-deletion variant."""
    return set(_variants(token))


def name_keys(given_names: str, first_surname: str, second_surname: str, aliases: str) -> set[str]:
    keys: set[str] = set()
    for token in tokens(" ".join([given_names, first_surname, second_surname, aliases])):
        keys |= variants(token)
        if token in NICKNAMES:
            keys |= variants(NICKNAMES[token])
    return keys


def query_keys(text: str) -> dict[str, set[str]]:
    """For each query token, the keys that would match it."""
    out: dict[str, set[str]] = {}
    for token in tokens(text):
        keys = variants(token)
        if token in NICKNAMES:
            keys |= variants(NICKNAMES[token])
        out[token] = keys
    return out


def normalise_document(number: str) -> str:
    return "".join(ch for ch in normalise(number) if ch.isalnum())


def within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    return bool(_variants(a) & _variants(b)) if min(len(a), len(b)) >= 4 else False


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _close_dates(a: date, b: date) -> bool:
    """The slips people make writing a date of birth: day and month swapped (04/11 for
    11/04), the day mistyped within the right month, the year off by one."""
    if (a.year, a.month, a.day) == (b.year, b.day, b.month):
        return True
    if (a.year, a.month) == (b.year, b.month):
        return True
    return (a.month, a.day) == (b.month, b.day) and abs(a.year - b.year) == 1


def birth_agreement(
    a_birth: date | None,
    a_age: int | None,
    b_birth: date | None,
    b_age: int | None,
    *,
    today: date,
    tolerance_years: int = 3,
) -> str | None:
    """How two records' births agree: "same" (the same date), "close" (a date written with
    a usual slip, or ages within ``tolerance_years``), "unknown" (one side knows nothing), or
    None when they cannot be the same person."""
    if a_birth and b_birth:
        if a_birth == b_birth:
            return "same"
        return "close" if _close_dates(a_birth, b_birth) else None
    a = age_on(a_birth, today) if a_birth else a_age
    b = age_on(b_birth, today) if b_birth else b_age
    if a is None or b is None:
        return "unknown"
    return "close" if abs(a - b) <= tolerance_years else None
