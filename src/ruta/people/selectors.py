"""Finding persons: free-text search and duplicate candidates, both from the policy scope."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.people import matching
from ruta.people.models import Person, PersonDocument, PersonNameKey
from ruta.people.policies import scope_persons

MAX_KEY_ROWS = 20000  # a query token as common as "maria" stays bounded


@dataclass(frozen=True)
class Candidate:
    person: Person
    score: float
    reasons: tuple[str, ...]


def _matched_tokens(actor: Actor, text: str) -> dict:
    """person id -> set of query tokens that matched one of its name keys."""
    per_token = matching.query_keys(text)
    if not per_token:
        return {}
    key_to_tokens: dict[str, set[str]] = defaultdict(set)
    for token, keys in per_token.items():
        for key in keys:
            key_to_tokens[key].add(token)
    rows = PersonNameKey.objects.filter(
        institution_id=actor.institution_id, key__in=key_to_tokens
    ).values_list("person_id", "key")[:MAX_KEY_ROWS]
    hits: dict = defaultdict(set)
    for person_id, key in rows:
        hits[person_id] |= key_to_tokens[key]
    return hits


def person_search(*, actor: Actor, text: str, limit: int = 25) -> list[Person]:
    """Names in any order, accents and case ignored, one typo per word, nicknames, a missing
    second surname. Persons matching more of the words come first."""
    hits = _matched_tokens(actor, text)
    if not hits:
        return []
    wanted = len(matching.tokens(text))
    needed = 1 if wanted == 1 else min(2, wanted)
    ranked = sorted(
        (pid for pid, toks in hits.items() if len(toks) >= needed),
        key=lambda pid: -len(hits[pid]),
    )[: limit * 4]
    persons = {
        p.pk: p
        for p in scope_persons(actor)
        .filter(pk__in=ranked)
        .only(
            "id",
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
    }
    return [persons[pid] for pid in ranked if pid in persons][:limit]


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
        for person in person_search(
            actor=actor, text=f"{given_names} {first_surname} {second_surname}", limit=50
        ):
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
            if not matching.birth_compatible(
                date_of_birth,
                estimated_age,
                person.date_of_birth,
                person.age(today),
                today=today,
            ):
                continue
            score = 0.5 + 0.2 * min(surname_hits, 2) / 2 + 0.1
            if date_of_birth and person.date_of_birth == date_of_birth:
                score += 0.2
            candidates[person.pk] = Candidate(person, round(min(score, 0.99), 2), ("name",))
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
