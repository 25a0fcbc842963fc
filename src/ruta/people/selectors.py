"""Finding persons: free-text search and duplicate candidates, both from the policy scope."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.people import matching
from ruta.people.choices import MatchReason
from ruta.people.models import NameVariant, Person, PersonDocument
from ruta.people.policies import scope_persons


@dataclass(frozen=True)
class Candidate:
    """A person a search found: ``score`` in [0, 1] (how much of what was typed agrees),
    ``reasons`` the fields that agreed (``REASONS``)."""

    person: Person
    score: float
    reasons: tuple[str, ...]
    words: int = 0  # how many of the words typed agreed

    @property
    def reason_labels(self) -> list[str]:
        return [str(MatchReason(r).label) for r in self.reasons]


# What a candidate's reasons may name, in the order they are shown.
REASONS = tuple(MatchReason.values)
PROBE = 2000  # most records one search reads and scores
BIRTH_TOLERANCE = 3  # years either side of what is known of the birth

PERSON_LIST_FIELDS = (
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


def _expansions(words: list[str]) -> dict[str, frozenset[str]]:
    """For each query word, the stored name keys within one edit of its own key (one query
    over the vocabulary, whatever the number of words)."""
    own = {w: matching.name_key(w) for w in words}
    wanted = {
        w: matching.deletions(k) | matching.deletions(matching.canonical(w)) for w, k in own.items()
    }
    by_variant: dict[str, set[str]] = defaultdict(set)
    for variant, key in NameVariant.objects.filter(
        variant__in=sorted(set().union(*wanted.values()))
    ).values_list("variant", "key"):
        by_variant[variant].add(key)
    return {
        w: frozenset({own[w]}.union(*(by_variant.get(v, ()) for v in wanted[w]))) for w in words
    }


def _lookups(
    actor: Actor,
    words: list[str],
    keys: list[str],
    window: range | None,
    narrow: Q | None,
) -> Iterator[tuple[int, QuerySet[Person]]]:
    """(tier, lookup): the lookups that could find the records the words name, each on its
    own index, most precise first; the caller stops when it has enough. Tier 1 names records
    every word could agree with; tier 2 records one word may be wrong for, read only when
    tier 1 found nobody.

    Three words or more: the given name and both surnames among the words' keys, in any
    order; then two of them with a third name that agrees (a second given name, the alias)
    or no second surname. Two: a given name with either surname, both surnames. One: either
    surname, the given name. The alias (with a surname for more than one word). What is known
    of the birth narrows to the years it allows (and the records that know none) inside the
    same index."""
    # A record merged into another is found through the one it was merged into.
    qs = scope_persons(actor).filter(merged_into__isnull=True).only(*PERSON_LIST_FIELDS).order_by()
    if narrow is not None:
        qs = qs.filter(narrow)
    if window is not None:
        qs = qs.filter(key_birth_year__in=[0, *window])
    pairs = (
        Q(key_surname1__in=keys, key_given__in=keys),
        Q(key_surname2__in=keys, key_given__in=keys),
        Q(key_surname1__in=keys, key_surname2__in=keys),
    )
    if len(words) >= 3:
        yield 1, qs.filter(key_surname1__in=keys, key_given__in=keys, key_surname2__in=keys)
        third = Q(key_given2__in=keys) | Q(key_alias__in=keys)
        yield 1, qs.filter(pairs[0], third | Q(key_surname2=""))
        yield 1, qs.filter(pairs[1], third)
        yield 1, qs.filter(pairs[2], third)
    elif len(words) == 2:
        for pair in pairs:
            yield 1, qs.filter(pair)
    else:
        yield 1, qs.filter(key_surname1__in=keys)
        yield 1, qs.filter(key_surname2__in=keys)
        yield 1, qs.filter(key_given__in=keys)
    # The alias: alone for one word; with a surname for more (a nickname alone is shared by
    # thousands). Stating the partial index's condition lets SQLite use it.
    alias = qs.exclude(key_alias="").filter(key_alias__in=keys)
    if len(words) == 1:
        yield 1, alias
    else:
        yield 1, alias.filter(Q(key_surname1__in=keys) | Q(key_surname2__in=keys))
    if len(words) >= 3:
        for pair in pairs:
            yield 2, qs.filter(pair)


def _person_words(person: Person) -> list[tuple[str, str]]:
    """(role, word) for each word of the person's names, the surnames shifted when the first
    is empty."""
    s1, s2 = matching.tokens(person.first_surname), matching.tokens(person.second_surname)
    if not s1:
        s1, s2 = s2, []
    return (
        [("given_name", w) for w in matching.tokens(person.given_names)]
        + [("first_surname", w) for w in s1]
        + [("second_surname", w) for w in s2]
        + [("alias", w) for w in matching.tokens(person.aliases)]
    )


BIRTH_WEIGHT = {
    matching.BIRTH: 0.30,
    matching.BIRTH_CLOSE: 0.22,
    matching.AGE: 0.12,
    matching.UNKNOWN: 0.05,
}


def _score(
    person: Person,
    words: list[str],
    near: dict[str, frozenset[str]],
    hint: matching.BirthHint,
    today: date,
) -> Candidate | None:
    """How the record agrees with what was typed, or None when it cannot be the person: a
    word of three or fewer left unmatched, more than one of more, or a birth that
    contradicts."""
    birth = matching.birth_agreement(
        hint,
        person.date_of_birth,
        person.age(today),
        today=today,
        tolerance_years=BIRTH_TOLERANCE,
    )
    if birth is None:
        return None
    theirs = _person_words(person)
    used: set[int] = set()
    total = 0.0
    reasons: set[str] = set()
    positions: dict[str, int] = {}
    for position, word in enumerate(words):
        best: tuple[float, int, str, str] | None = None
        for index, (role, own) in enumerate(theirs):
            if index in used:
                continue
            kind = matching.word_agreement(word, own, near[word])
            if kind and (best is None or matching.WORD_WEIGHT[kind] > best[0]):
                best = (matching.WORD_WEIGHT[kind], index, role, kind)
        if best is None:
            continue
        weight, index, role, kind = best
        used.add(index)
        total += weight
        reasons.add(role)
        positions.setdefault(role, position)
        if kind == matching.NICKNAME:
            reasons.add("nickname")
        elif kind in (matching.SOUND, matching.TYPO):
            reasons.add("spelling")
    matched = len(used)
    if matched < (len(words) if len(words) <= 2 else len(words) - 1):
        return None
    if positions.get("second_surname", 99) < positions.get("first_surname", -1):
        reasons.add("surnames_swapped")
    if birth != matching.UNKNOWN:
        reasons.add(birth)
    main = [i for i, (role, _w) in enumerate(theirs) if role != "alias"]
    firsts = {
        next((i for i in main if theirs[i][0] == role), None)
        for role in ("given_name", "first_surname", "second_surname")
    } - {None}
    person_cover = len(firsts & used) / len(firsts) if firsts else 0
    score = 0.55 * total / len(words) + 0.15 * person_cover
    if hint:
        score += BIRTH_WEIGHT[birth]
        if birth == matching.AGE:  # the nearer the year or the age, the closer
            score -= 0.02 * _years_apart(hint, person, today)
    reasons_in_order = tuple(r for r in REASONS if r in reasons)
    return Candidate(person, round(min(score, 0.99), 2), reasons_in_order, matched)


def _years_apart(hint: matching.BirthHint, person: Person, today: date) -> int:
    if hint.year and person.date_of_birth:
        return abs(hint.year - person.date_of_birth.year)
    ours = matching.age_on(hint.date, today) if hint.date else hint.age
    if hint.year:
        ours = today.year - hint.year
    theirs = person.age(today)
    return abs((ours or 0) - theirs) if theirs is not None else 0


def person_find(
    *,
    actor: Actor,
    text: str,
    birth: matching.BirthHint | None = None,
    limit: int = 10,
    narrow: Q | None = None,
) -> list[Candidate]:
    """The persons the actor may see that the names typed (any order, accents and case
    ignored, one typo per word, nicknames, a surname missing or swapped) and what is known of
    the birth could be, closest first, with the reasons each was found."""
    words = list(dict.fromkeys(matching.tokens(text)))[:6]
    if not words:
        return []
    hint = birth or matching.BirthHint()
    today = timezone.localdate()
    near = _expansions(words)
    keys = sorted(set().union(*near.values()))
    # A date or a year: its slips stay within a year. An age: the whole tolerance. Records
    # known only by an estimated age are read with those that know nothing (year 0).
    window = hint.year_window(today, 1 if hint.date or hint.year else BIRTH_TOLERANCE)
    seen: set = set()
    scored: list[Candidate] = []
    complete = 0  # candidates that every word typed agrees with
    for tier, lookup in _lookups(actor, words, keys, window, narrow):
        if tier == 2 and complete:
            continue  # some record agrees with every word: no guessing which word is wrong
        for person in lookup[: PROBE - len(seen)]:
            if person.pk in seen:
                continue
            seen.add(person.pk)
            candidate = _score(person, words, near, hint, today)
            if candidate is not None:
                scored.append(candidate)
                complete += candidate.words == len(words)
        if complete >= limit or len(seen) >= PROBE:
            break
    scored.sort(key=lambda c: (-c.score, c.person.full_name, str(c.person.pk)))
    return scored[:limit]


def person_search(*, actor: Actor, text: str, limit: int = 10) -> list[Person]:
    """The persons of ``person_find`` for a name alone."""
    return [c.person for c in person_find(actor=actor, text=text, limit=limit)]


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
    """Possible existing records of the person being recorded, that the actor may see: the
    same identity document first, then a given name and a surname that agree with a birth
    that does not contradict."""
    candidates: dict = {}
    number = matching.normalise_document(document_number)
    if number:
        for doc in PersonDocument.objects.filter(
            number_normalised=number,
            person__in=scope_persons(actor).filter(merged_into__isnull=True),
        ).select_related("person"):
            candidates[doc.person_id] = Candidate(doc.person, 1.0, ("document",))
    if matching.tokens(given_names) and matching.tokens(f"{first_surname} {second_surname}"):
        hint = matching.BirthHint(date=date_of_birth, age=estimated_age)
        text = f"{given_names} {first_surname} {second_surname}"
        for c in person_find(actor=actor, text=text, birth=hint, limit=limit):
            if not {"given_name", "alias"} & set(c.reasons):
                continue  # two surnames alone are a family, not a person
            candidates.setdefault(c.person.pk, c)
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
