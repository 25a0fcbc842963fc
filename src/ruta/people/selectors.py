"""Finding persons: free-text search and duplicate candidates, both from the policy scope."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.people import matching
from ruta.people.models import Person, PersonDocument, PersonNameKey
from ruta.people.policies import scope_persons


@dataclass(frozen=True)
class Candidate:
    person: Person
    score: float
    reasons: tuple[str, ...]


def _ids_for(actor: Actor, keys: set[str]):
    return PersonNameKey.objects.filter(
        institution_id=actor.institution_id, key__in=keys
    ).values_list("person_id", flat=True)


PROBE = 5000  # most persons a query's driving word may bring in
COMMON = 1000  # a driving word naming more persons than this is narrowed by a second word

PERSON_LIST_FIELDS = (
    "id",
    "search_text",
    "given_names",
    "first_surname",
    "second_surname",
    "aliases",
    "sex",
    "date_of_birth",
    "estimated_age",
    "age_estimated_on",
    "institution_id",
    "version",
)


def _exact_count(actor: Actor, token: str) -> int:
    keys = {token, matching.NICKNAMES.get(token, token)}
    # person_id is in the covering index: the count never reads the table.
    return (
        PersonNameKey.objects.filter(institution_id=actor.institution_id, key__in=keys)
        .values("person_id")[:PROBE]
        .count()
    )


def _score(person: Person, per_token: dict[str, set[str]]) -> tuple[int, int]:
    """(words matched, score): two points for a word matched exactly or as a nickname, one
    for a word within one typo."""
    own_set = set(person.search_text.split())
    matched = score = 0
    for token in per_token:
        if token in own_set or matching.NICKNAMES.get(token) in own_set:
            matched, score = matched + 1, score + 2
        elif any(matching.within_one_edit(token, t) for t in own_set):
            matched, score = matched + 1, score + 1
    return matched, score


def _ranked(
    actor: Actor, per_token: dict[str, set[str]], cap: int, narrow: Q | None = None
) -> list[Person]:
    """Drive by the query word that names the fewest persons exactly (a surname, usually),
    bring in everyone within one typo of it, then score the short list on the other words.
    Every result matches all words but one (all words when there are one or two). ``narrow``
    filters the candidates in the database before they are scored (the duplicate check's
    dates of birth)."""
    tokens = list(per_token)
    counts = {t: _exact_count(actor, t) for t in tokens}
    present = [t for t in tokens if counts[t]]
    driver_token = min(present, key=lambda t: counts[t]) if present else tokens[0]
    driver = _ids_for(actor, per_token[driver_token]).order_by().distinct()
    others = sorted((t for t in present if t != driver_token), key=lambda t: counts[t])
    if counts[driver_token] >= COMMON and others:
        # Every word is common ("maria hernandez"): narrow in the database by the next word,
        # spelled as typed (typos stay tolerated in the driving word).
        second = others[0]
        exact = {second, matching.NICKNAMES.get(second, second)}
        driver = driver.filter(person_id__in=_ids_for(actor, exact))
    driver = driver[:PROBE]
    candidates = scope_persons(actor).filter(pk__in=driver).only(*PERSON_LIST_FIELDS)
    if narrow is not None:
        candidates = candidates.filter(narrow)
    needed = len(tokens) if len(tokens) <= 2 else len(tokens) - 1
    scored = []
    for person in candidates:
        matched, score = _score(person, per_token)
        if matched >= needed:
            scored.append((-score, person.full_name, person))
    scored.sort(key=lambda row: row[:2])
    return [person for _s, _n, person in scored[:cap]]


def person_search(*, actor: Actor, text: str, limit: int = 25) -> list[Person]:
    """Names in any order, accents and case ignored, one typo per word, nicknames, a missing
    second surname. Closer matches come first."""
    per_token = matching.query_keys(text)
    if not per_token:
        return []
    return _ranked(actor, per_token, cap=limit)


def _births_near(birth: date) -> Q:
    """Persons without a date of birth, or born on a date ``birth`` could be written for
    (``matching.birth_agreement``'s close dates): the same month of the same year, the day
    and month swapped, the same day one year off."""
    near = Q(date_of_birth__isnull=True) | Q(
        date_of_birth__year=birth.year, date_of_birth__month=birth.month
    )
    dates = []
    for year in (birth.year - 1, birth.year + 1):
        with suppress(ValueError):  # 29 February
            dates.append(birth.replace(year=year))
    with suppress(ValueError):  # a day above 12 is no month
        dates.append(birth.replace(month=birth.day, day=birth.month))
    return near | Q(date_of_birth__in=dates)


def person_matches(
    *,
    actor: Actor,
    given_names: str = "",
    first_surname: str = "",
    second_surname: str = "",
    date_of_birth: date | None = None,
    estimated_age: int | None = None,
    document_number: str = "",
    limit: int = 10,
) -> list[Candidate]:
    """Possible existing records of the person being created, that the actor may see."""
    today = timezone.localdate()
    candidates: dict = {}
    number = matching.normalise_document(document_number)
    if number:
        for doc in PersonDocument.objects.filter(
            number_normalised=number, person__in=scope_persons(actor)
        ).select_related("person"):
            candidates[doc.person_id] = Candidate(doc.person, 1.0, ("document",))
    surnames = matching.tokens(f"{first_surname} {second_surname}")
    given = matching.tokens(given_names)
    if surnames and given:
        # A date of birth narrows the namesakes in the database to the dates it could be
        # (the same, or a usual slip) and those without one: among hundreds of "María
        # López", the first 50 by name alone would leave the right one out.
        narrow = _births_near(date_of_birth) if date_of_birth else None
        per_token = matching.query_keys(f"{given_names} {first_surname} {second_surname}")
        for person in _ranked(actor, per_token, cap=50, narrow=narrow):
            if person.pk in candidates:
                continue
            p_surnames = matching.tokens(f"{person.first_surname} {person.second_surname}")
            p_given = matching.tokens(f"{person.given_names} {person.aliases}")
            surname_hits = sum(
                any(matching.within_one_edit(s, p) for p in p_surnames) for s in surnames
            )
            given_hit = any(
                matching.within_one_edit(g, p)
                or matching.NICKNAMES.get(g) == p
                or matching.NICKNAMES.get(p) == g
                for g in given
                for p in p_given
            )
            if not surname_hits or not given_hit:
                continue
            birth = matching.birth_agreement(
                date_of_birth,
                estimated_age,
                person.date_of_birth,
                person.age(today),
                today=today,
            )
            if birth is None:
                continue
            score = 0.5 + 0.2 * min(surname_hits, 2) / 2 + 0.1
            reasons: tuple[str, ...] = ("name",)
            if birth == "same":
                score, reasons = score + 0.2, ("name", "birth")
            elif birth == "close" and date_of_birth and person.date_of_birth:
                score, reasons = score + 0.1, ("name", "birth_close")
            candidates[person.pk] = Candidate(person, round(min(score, 0.99), 2), reasons)
    return sorted(candidates.values(), key=lambda c: -c.score)[:limit]


def person_get(*, actor: Actor, person_id) -> Person:
    """A person's record; reading it is audited."""
    person = get_object_or_404(
        scope_persons(actor).prefetch_related(
            Prefetch("documents", queryset=PersonDocument.objects.order_by("type"))
        ),
        pk=person_id,
    )
    audit.record(action="people.person.viewed", actor=actor, target=person)
    return person
