"""Batch linkage: which records are the same person (issue 15, section 3).

Pure functions, no database: ``services.linkage_run`` feeds them persons and stores what they
propose; ``benchmarks/bench_linkage.py`` feeds them FEBRL4 and a generated Spanish-name set
and runs Splink beside them.

The method is Fellegi and Sunter's (1969), as Splink implements it, with the parameters
estimated from the data by expectation-maximisation (Winkler 1988):

1. **Blocking.** Only pairs that share a blocking key are compared. A rule is a function of
   a record returning its keys; a key may carry a number (a birth year) that also matches
   the numbers next to it, so that a year written one off still meets its record. A pair is
   compared once: under the first rule that brings it.
2. **Comparison.** Each pair becomes a vector of levels, one per compared field: 0 when one
   side does not know the field (it counts for nothing), 1 when they disagree, higher levels
   for closer kinds of agreement (an exact name, a nickname, the same sound, a typo).
3. **Estimation.** ``m[k][l]``: how often a true pair shows level ``l`` of field ``k``;
   ``u[k][l]``: how often a pair of two different persons does; ``prior``: the share of true
   pairs among the compared ones. ``u`` starts from random pairs and ``m`` from a guess; EM
   then fits ``m``, ``u`` and the prior on the compared pairs themselves (which are not
   random: blocking made them agree on something, and the u of random pairs would overrate
   that agreement). EM works on the counts of distinct vectors, a few hundred, not on the
   millions of pairs.
4. **Decision.** A pair's match weight is ``log2(prior / (1 - prior)) + sum log2(m / u)``;
   its probability ``2**w / (1 + 2**w)``. The threshold is not chosen by hand: a pair is a
   match when it is more likely a match than not (probability >= 0.5, Bayes' rule with equal
   costs); the review queue shows pairs from a configurable probability. When two files are
   each free of duplicates (link-only), each record links at most once: best pairs first.

Each proposed pair carries its explanation: the level of every field and its weight.
"""

from __future__ import annotations

import json
import math
import random
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from ruta.people import matching as m

Vector = tuple[int, ...]
NULL, ELSE = 0, 1  # the first two levels of every comparison


@dataclass(frozen=True)
class Comparison:
    """One compared field: its level names (``levels[0]`` "null", ``levels[1]`` "else", then
    closer agreements) and the function giving the level of two records."""

    name: str
    levels: tuple[str, ...]
    compare: Callable[[Any, Any], int]
    # The guess EM starts from: the share of true pairs at each level above "else".
    m_start: tuple[float, ...] = ()


@dataclass(frozen=True)
class Rule:
    """A blocking rule: a record's keys. A key is a tuple; when ``near`` is set, its last
    element is a number that also meets the numbers within ``near`` of it (0: unknown, meets
    nothing)."""

    name: str
    keys: Callable[[Any], Iterable[tuple]]
    near: int = 0
    # Blocks larger than this are skipped (a key that common tells nothing apart); another
    # rule has to bring their pairs.
    max_block: int = 2000
    # A training block: EM learns m on the pairs sharing this rule's key, except for the
    # fields named here (its key is made of them). None: not a training block.
    frozen: tuple[str, ...] | None = None


@dataclass
class Model:
    comparisons: Sequence[Comparison]
    prior: float = 0.01
    m: list[list[float]] = field(default_factory=list)
    u: list[list[float]] = field(default_factory=list)
    iterations: int = 0
    # All comparisons at once, when given: the same levels, one call per pair (the hot loop).
    compare_all: Callable[[Any, Any], Vector] | None = None

    def vector(self, a: Any, b: Any) -> Vector:
        if self.compare_all is not None:
            return self.compare_all(a, b)
        return tuple(c.compare(a, b) for c in self.comparisons)

    def start(self, random_vectors: Counter[Vector]) -> None:
        """u from random pairs (Laplace-smoothed), m from each comparison's guess."""
        self.u, self.m = [], []
        for k, c in enumerate(self.comparisons):
            n = len(c.levels)
            seen: Counter[int] = Counter()
            for vector, count in random_vectors.items():
                if vector[k] != NULL:
                    seen[vector[k]] += count
            total = sum(seen.values()) + (n - 1)
            self.u.append([0.0] + [(seen[lvl] + 1) / total for lvl in range(1, n)])
            guess = list(c.m_start) or _geometric_guess(n - 1)
            scale = sum(guess)
            self.m.append([0.0] + [g / scale for g in guess])

    def fit(
        self,
        sessions: Sequence[tuple[Counter[Vector], frozenset[int]]],
        random_vectors: Counter[Vector],
        *,
        max_iterations: int = 100,
        tolerance: float = 1e-6,
    ) -> None:
        """m by EM, one session per training block, u fixed from random pairs.

        A session holds the vectors of the pairs that share one blocking key, and the fields
        that key is made of (``frozen``): those agree by construction there, so the session
        does not learn them. For the other fields, two different persons who happen to share
        the key agree about as often as two random persons, which makes the u of random pairs
        right within the session. A field learnt in several sessions takes their mean."""
        self.start(random_vectors)
        learnt: dict[int, list[list[float]]] = defaultdict(list)
        for vectors, frozen in sessions:
            m = self._session(vectors, frozen, max_iterations, tolerance)
            for k in range(len(self.comparisons)):
                if k not in frozen and m is not None:
                    learnt[k].append(m[k])
        for k, tables in learnt.items():
            self.m[k] = [sum(col) / len(tables) for col in zip(*tables, strict=True)]

    def _session(
        self,
        vectors: Counter[Vector],
        frozen: frozenset[int],
        max_iterations: int,
        tolerance: float,
    ) -> list[list[float]] | None:
        total = sum(vectors.values())
        if not total:
            return None
        m = [list(row) for row in self.m]
        prior = 0.5
        for iteration in range(1, max_iterations + 1):
            self.iterations = max(self.iterations, iteration)
            num = [[0.0] * len(c.levels) for c in self.comparisons]
            matched = 0.0
            for vector, count in vectors.items():
                w = math.log2(prior / (1 - prior))
                for k, level in enumerate(vector):
                    if level != NULL:
                        w += math.log2(max(m[k][level], 1e-12) / max(self.u[k][level], 1e-12))
                g = _probability(w)
                matched += g * count
                for k, level in enumerate(vector):
                    if level != NULL:
                        num[k][level] += g * count
            change = 0.0
            for k in range(len(self.comparisons)):
                if k in frozen:
                    continue
                denominator = sum(num[k]) + 1e-9 * len(num[k])
                new = [0.0] + [(x + 1e-9) / denominator for x in num[k][1:]]
                change = max(change, *(abs(a - b) for a, b in zip(new, m[k], strict=True)))
                m[k] = new
            new_prior = min(max(matched / total, 1e-9), 1 - 1e-9)
            change = max(change, abs(new_prior - prior))
            prior = new_prior
            if change < tolerance:
                break
        return m

    def fit_prior(self, vectors: Counter[Vector], all_pairs: int, start: float) -> None:
        """The chance that two records picked at random are the same person, such that the
        expected number of true pairs among the compared ones is that chance times all
        pairs (the pairs never compared are taken as different persons)."""
        self.prior = min(max(start / max(all_pairs, 1), 1e-12), 0.5)
        weights = {v: self.weight(v) - self._log_odds() for v in vectors}
        for _ in range(200):
            odds = self._log_odds()
            expected = sum(c * _probability(weights[v] + odds) for v, c in vectors.items())
            new = min(max(expected / all_pairs, 1e-12), 0.5)
            if abs(new - self.prior) <= 1e-9 * self.prior:
                self.prior = new
                break
            self.prior = new

    def _log_odds(self) -> float:
        return math.log2(self.prior / (1 - self.prior))

    def dump(self) -> dict[str, Any]:
        return {
            "comparisons": [[c.name, *c.levels] for c in self.comparisons],
            "m": self.m,
            "u": self.u,
            "prior": self.prior,
        }

    def load(self, data: dict[str, Any]) -> None:
        """m and u as dumped, for the same comparisons (refused otherwise)."""
        expected = [[c.name, *c.levels] for c in self.comparisons]
        if data.get("comparisons") != expected:
            raise ValueError("the stored model compares other fields")
        self.m = [list(map(float, row)) for row in data["m"]]
        self.u = [list(map(float, row)) for row in data["u"]]

    def bayes_factor(self, k: int, level: int) -> float:
        if level == NULL:
            return 0.0
        return math.log2(max(self.m[k][level], 1e-12) / max(self.u[k][level], 1e-12))

    def weight(self, vector: Vector) -> float:
        w = math.log2(self.prior / (1 - self.prior))
        return w + sum(self.bayes_factor(k, level) for k, level in enumerate(vector))

    def probability(self, vector: Vector) -> float:
        return _probability(self.weight(vector))

    def explain(self, vector: Vector) -> list[dict[str, Any]]:
        """Each field's level and the weight it added (in bits), as stored with a pair."""
        return [
            {
                "field": c.name,
                "level": c.levels[level],
                "weight": round(self.bayes_factor(k, level), 2),
            }
            for k, (c, level) in enumerate(zip(self.comparisons, vector, strict=True))
        ]


def _probability(weight: float) -> float:
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    return 2**weight / (1 + 2**weight)


def _geometric_guess(n: int) -> list[float]:
    """A first guess of m: true pairs mostly at the closest level, rarely disagreeing."""
    return [0.05] + [2.0**i for i in range(n - 1)]


# --- blocking ----------------------------------------------------------------------------------


def _keys(records: Sequence[Any], rule: Rule) -> list[frozenset[tuple]]:
    return [frozenset(rule.keys(r)) for r in records]


def _index(keys: list[frozenset[tuple]]) -> dict[tuple, list[int]]:
    index: dict[tuple, list[int]] = defaultdict(list)
    for i, own in enumerate(keys):
        for key in own:
            index[key].append(i)
    return index


def _probes(key: tuple, near: int) -> Iterator[tuple]:
    if not near:
        yield key
        return
    number = key[-1]
    if not number:
        return
    for delta in range(-near, near + 1):
        yield (*key[:-1], number + delta)


def _meet(rule: Rule, a_keys: frozenset[tuple], b_keys: frozenset[tuple]) -> bool:
    """Do two records share a key of the rule (a number meeting its neighbours)?"""
    if not rule.near:
        return not a_keys.isdisjoint(b_keys)
    return any(probe in a_keys for key in b_keys for probe in _probes(key, rule.near))


class Blocking:
    """The pairs to compare: those that share a key under some rule, each once (under the
    first rule that brings it). Without ``right``, pairs of ``left`` with itself (i < j,
    deduplication); with it, (i in left, j in right). Each record's keys are computed once."""

    def __init__(
        self, left: Sequence[Any], rules: Sequence[Rule], right: Sequence[Any] | None = None
    ) -> None:
        self.rules = list(rules)
        self.dedupe = right is None
        self.left_keys = [_keys(left, r) for r in rules]
        self.right_keys = self.left_keys if right is None else [_keys(right, r) for r in rules]

    def meet(self, k: int, i: int, j: int) -> bool:
        return _meet(self.rules[k], self.left_keys[k][i], self.right_keys[k][j])

    def pairs(self, part: int = 0, parts: int = 1) -> Iterator[tuple[int, int, int]]:
        """(i, j, k): the pair and the first rule that brings it; with ``parts``, only the
        pairs of every ``parts``-th record of the left side from ``part``."""
        width = len(self.right_keys[0]) if self.right_keys else 0
        done: set[int] = set()
        for k, rule in enumerate(self.rules):
            index = _index(self.right_keys[k])
            for i in range(part, len(self.left_keys[k]), parts):
                own = self.left_keys[k][i]
                if not own:
                    continue
                for key in own:
                    for probe in _probes(key, rule.near):
                        block = index.get(probe)
                        if not block or len(block) > rule.max_block:
                            continue
                        for j in block:
                            if self.dedupe and j <= i:
                                continue
                            code = i * width + j
                            if code in done:
                                continue  # an earlier rule (or key) brought this pair
                            done.add(code)
                            yield i, j, k


def candidate_pairs(
    left: Sequence[Any], rules: Sequence[Rule], right: Sequence[Any] | None = None
) -> Iterator[tuple[int, int]]:
    return ((i, j) for i, j, _k in Blocking(left, rules, right).pairs())


def random_vectors(
    model: Model,
    left: Sequence[Any],
    right: Sequence[Any] | None = None,
    *,
    pairs: int = 200_000,
    seed: int = 1,
) -> Counter[Vector]:
    """Vectors of random pairs: nearly all of two different persons (the start of u)."""
    other = left if right is None else right
    rng = random.Random(seed)  # noqa: S311 - sampling, not secrecy
    out: Counter[Vector] = Counter()
    if not left or not other:
        return out
    for _ in range(pairs):
        i, j = rng.randrange(len(left)), rng.randrange(len(other))
        if right is None and i == j:
            continue
        out[model.vector(left[i], other[j])] += 1
    return out


@dataclass(frozen=True)
class Link:
    i: int
    j: int
    probability: float
    weight: float
    vector: Vector


SESSION_PAIRS = 500_000  # pairs a training block learns from, at most


@dataclass
class _Compared:
    """What comparing a share of the candidate pairs gives: the pairs, each one's vector (as
    a code into ``patterns``) and adjustment, the vector counts, the training sessions."""

    firsts: array = field(default_factory=lambda: array("i"))
    seconds: array = field(default_factory=lambda: array("i"))
    codes: array = field(default_factory=lambda: array("i"))
    extra: array = field(default_factory=lambda: array("f"))
    patterns: list[Vector] = field(default_factory=list)
    sessions: list[Counter[Vector]] = field(default_factory=list)


# The work a forked comparer reads (set by ``link`` just before forking; see ``_compare``).
_JOB: dict[str, Any] = {}


def _compare(
    part: int = 0, parts: int = 1, progress: Callable[[str, int], None] | None = None
) -> _Compared:
    model, left, other = _JOB["model"], _JOB["left"], _JOB["other"]
    blocking, training, adjust = _JOB["blocking"], _JOB["training"], _JOB["adjust"]
    out = _Compared(sessions=[Counter() for _ in training])
    taken = [0] * len(training)
    index: dict[Vector, int] = {}
    for n, (i, j, brought) in enumerate(blocking.pairs(part, parts), start=1):
        a, b = left[i], other[j]
        vector = model.vector(a, b)
        code = index.get(vector)
        if code is None:
            code = index[vector] = len(out.patterns)
            out.patterns.append(vector)
        out.firsts.append(i)
        out.seconds.append(j)
        out.codes.append(code)
        out.extra.append(adjust(a, b, vector) if adjust else 0.0)
        for t, k in enumerate(training):
            # In rule k's block: brought by it, or by an earlier rule and sharing k's key (a
            # later rule's pair does not share it: k would have brought it).
            if taken[t] < SESSION_PAIRS // parts and (
                k == brought or (brought < k and blocking.meet(k, i, j))
            ):
                out.sessions[t][vector] += 1
                taken[t] += 1
        if progress and n % 50_000 == 0:
            progress("compare", n)
    return out


def link(
    model: Model,
    left: Sequence[Any],
    rules: Sequence[Rule],
    right: Sequence[Any] | None = None,
    *,
    threshold: float = 0.5,
    random_pairs: int = 100_000,
    adjust: Callable[[Any, Any, Vector], float] | None = None,
    progress: Callable[[str, int], None] | None = None,
    fit: bool = True,
    workers: int = 1,
) -> list[Link]:
    """Block, compare, fit the model, and return the pairs at or above ``threshold``, best
    first. ``adjust(a, b, vector)`` adds bits to a pair's weight for what the vector does not
    say (how rare the agreeing values are). ``fit=False`` keeps the model's m and u as
    loaded (``Model.load``: too few records to learn from) and fits only the prior.
    ``workers`` > 1 compares in that many forked processes (each takes every n-th record of
    ``left``; the records are shared with them, not copied). ``progress(stage, done)`` is
    called as the work goes (stages: "compare", "fit", "score")."""
    other = left if right is None else right
    names = [c.name for c in model.comparisons]
    training = [k for k, r in enumerate(rules) if r.frozen is not None]
    frozen = [frozenset(names.index(f) for f in rules[k].frozen or ()) for k in training]
    _JOB.update(
        model=model,
        left=left,
        other=other,
        blocking=Blocking(left, rules, right),
        training=training,
        adjust=adjust,
    )
    try:
        if workers > 1:
            import multiprocessing

            with multiprocessing.get_context("fork").Pool(workers) as pool:
                shares = pool.starmap(_compare, [(w, workers) for w in range(workers)])
        else:
            shares = [_compare(progress=progress)]
    finally:
        _JOB.clear()
    patterns: dict[Vector, int] = {}
    counts: Counter[Vector] = Counter()
    sessions: list[Counter[Vector]] = [Counter() for _ in training]
    for share in shares:
        remap = [patterns.setdefault(v, len(patterns)) for v in share.patterns]
        share.codes = array("i", (remap[c] for c in share.codes))
        for total, part in zip(sessions, share.sessions, strict=True):
            total.update(part)
    vectors = {code: vector for vector, code in patterns.items()}
    for share in shares:
        for c, n in Counter(share.codes).items():
            counts[vectors[c]] += n
    compared = sum(len(share.codes) for share in shares)
    if progress:
        progress("fit", compared)
    if fit:
        model.fit(
            list(zip(sessions, frozen, strict=True)),
            random_vectors(model, left, right, pairs=random_pairs),
        )
    if right is None:
        all_pairs, most = len(left) * (len(left) - 1) // 2, len(left) / 2
    else:
        all_pairs, most = len(left) * len(right), min(len(left), len(right))
    model.fit_prior(counts, all_pairs, most)
    weights = {code: model.weight(vector) for code, vector in vectors.items()}
    links = []
    for share in shares:
        for i, j, c, bits in zip(
            share.firsts, share.seconds, share.codes, share.extra, strict=True
        ):
            w = weights[c] + bits
            p = _probability(w)
            if p >= threshold:
                links.append(Link(i, j, p, w, vectors[c]))
    links.sort(key=lambda lk: (-lk.weight, lk.i, lk.j))
    if progress:
        progress("score", len(links))
    return links


def one_to_one(links: Iterable[Link]) -> list[Link]:
    """Each record linked at most once, best pairs first (two files without duplicates)."""
    used_i: set[int] = set()
    used_j: set[int] = set()
    out = []
    for lk in links:
        if lk.i not in used_i and lk.j not in used_j:
            used_i.add(lk.i)
            used_j.add(lk.j)
            out.append(lk)
    return out


# --- persons -----------------------------------------------------------------------------------


class PersonRecord(NamedTuple):
    """What linkage compares of a person: name words (normalised), keys, birth, sex and
    identity documents (normalised numbers). A tuple: a national run holds millions."""

    given: tuple[str, ...]
    surname1: str
    surname2: str
    aliases: tuple[str, ...] = ()
    birth: date | None = None
    birth_year: int = 0  # of the date of birth, or of an estimated age; 0 unknown
    sex: str = ""
    documents: frozenset[str] = frozenset()
    ref: Any = None  # the caller's id
    # How the first given name and each surname sound (matching.name_key).
    given_key: str = ""
    s1_key: str = ""
    s2_key: str = ""


def person_record(
    *,
    given_names: str,
    first_surname: str,
    second_surname: str,
    aliases: str = "",
    date_of_birth: date | None = None,
    birth_year: int = 0,
    sex: str = "",
    documents: Iterable[str] = (),
    ref: Any = None,
) -> PersonRecord:
    s1, s2 = _first(first_surname), _first(second_surname)
    if not s1:
        s1, s2 = s2, ""
    given = _words(given_names)
    return PersonRecord(
        given=given,
        surname1=s1,
        surname2=s2,
        aliases=_words(aliases),
        birth=date_of_birth,
        birth_year=date_of_birth.year if date_of_birth else birth_year,
        sex="" if sex in ("", "unknown") else sex,
        documents=frozenset(d for d in (m.normalise_document(x) for x in documents) if d),
        ref=ref,
        given_key=m.name_key(given[0]) if given else "",
        s1_key=m.name_key(s1) if s1 else "",
        s2_key=m.name_key(s2) if s2 else "",
    )


@lru_cache(maxsize=1 << 18)
def _words(text: str) -> tuple[str, ...]:
    """The first two words of a name (names repeat: each spelling is read once)."""
    return tuple(m.tokens(text)[:2])


@lru_cache(maxsize=1 << 18)
def _first(text: str) -> str:
    return m.first_token(text)


_WORD_LEVEL = {m.EXACT: 5, m.NICKNAME: 4, m.SOUND: 3, m.TYPO: 2}


@lru_cache(maxsize=1 << 20)
def _word_level(a: str, b: str) -> int:
    """5 exact, 4 nickname, 3 same sound, 2 one typo, 0 different (both given)."""
    agreement = m.word_agreement(a, b)
    return _WORD_LEVEL[agreement] if agreement else 0


def _given(a: PersonRecord, b: PersonRecord) -> int:
    """null, else, another given word agrees (compound names), typo, sound, nickname,
    exact (the first given names)."""
    if not a.given or not b.given:
        return NULL
    first = _word_level(a.given[0], b.given[0])
    if first:
        return first + 1
    words_a = a.given + a.aliases
    words_b = b.given + b.aliases
    if any(_word_level(x, y) >= 3 for x in words_a for y in words_b):
        return 2
    return ELSE


def _surnames(a: PersonRecord, b: PersonRecord) -> int:
    """null; else; one agrees and the other differs; one agrees and one side lacks the other;
    both agree swapped; both agree, one not exactly; both exact."""
    if not a.surname1 or not b.surname1:
        return NULL
    same = _word_level(a.surname1, b.surname1)
    if a.surname2 and b.surname2:
        second = _word_level(a.surname2, b.surname2)
        if same and second:
            return 6 if same == second == 5 else 5
        if _word_level(a.surname1, b.surname2) >= 2 and _word_level(a.surname2, b.surname1) >= 2:
            return 4
        if (
            same
            or second
            or _word_level(a.surname1, b.surname2)
            or _word_level(a.surname2, b.surname1)
        ):
            return 2
        return ELSE
    # One side (or both) knows one surname: it agrees with either of the other's.
    one = (
        same
        or (b.surname2 and _word_level(a.surname1, b.surname2))
        or (a.surname2 and _word_level(a.surname2, b.surname1))
    )
    return 3 if one else ELSE


def _birth(a: PersonRecord, b: PersonRecord) -> int:
    """null; else; known roughly on one side (a year or an age) and within two years; within
    one; both dates, with a usual slip; the same date. Two full dates that differ otherwise
    disagree, however close their years."""
    if a.birth and b.birth:
        if a.birth == b.birth:
            return 5
        return 4 if m.close_dates(a.birth, b.birth) else ELSE
    if not a.birth_year or not b.birth_year:
        return NULL
    gap = abs(a.birth_year - b.birth_year)
    if gap <= 1:
        return 3
    return 2 if gap <= 2 else ELSE


def _given2(a: PersonRecord, b: PersonRecord) -> int:
    """The second given name, when both have one: null, else, close (typo, sound,
    nickname), exact."""
    if len(a.given) < 2 or len(b.given) < 2:
        return NULL
    level = _word_level(a.given[1], b.given[1])
    return 3 if level == 5 else 2 if level else ELSE


def _sex(a: PersonRecord, b: PersonRecord) -> int:
    if not a.sex or not b.sex:
        return NULL
    return 2 if a.sex == b.sex else ELSE


def _document(a: PersonRecord, b: PersonRecord) -> int:
    if not a.documents or not b.documents:
        return NULL
    return 2 if a.documents & b.documents else ELSE


PERSON_COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        "given_name",
        ("null", "else", "other_word", "typo", "sound", "nickname", "exact"),
        _given,
    ),
    Comparison(
        "surnames",
        ("null", "else", "one_of_two", "one_known", "swapped", "close", "exact"),
        _surnames,
    ),
    Comparison("birth", ("null", "else", "within_two_years", "year", "date_slip", "exact"), _birth),
    Comparison("sex", ("null", "else", "exact"), _sex, m_start=(0.02, 0.98)),
    Comparison("given_name2", ("null", "else", "close", "exact"), _given2),
    Comparison("document", ("null", "else", "exact"), _document, m_start=(0.05, 0.95)),
)


def _person_vector(a: PersonRecord, b: PersonRecord) -> Vector:
    return (_given(a, b), _surnames(a, b), _birth(a, b), _sex(a, b), _given2(a, b), _document(a, b))


def _year(r: PersonRecord) -> int:
    return r.birth_year


PERSON_RULES: tuple[Rule, ...] = (
    Rule("document", lambda r: [("d", d) for d in r.documents]),
    # The whole name sounds alike, whatever the birth says.
    Rule(
        "name",
        lambda r: [("n", r.given_key, r.s1_key, r.s2_key)] if r.given and r.surname1 else [],
        frozen=("given_name", "surnames"),
    ),
    # One name part missing or wrong, with the birth year (or the one next to it).
    Rule(
        "given_surname_year",
        lambda r: (
            [("gs", r.given_key, s, _year(r)) for s in {r.s1_key, r.s2_key} if s] if r.given else []
        ),
        near=1,
    ),
    Rule(
        "surnames_year",
        lambda r: [("ss", *sorted((r.s1_key, r.s2_key)), _year(r))] if r.s2_key else [],
        near=1,
    ),
    # Names written quite differently, with the same date of birth.
    Rule(
        "given_date",
        lambda r: [("gd", r.given_key, r.birth.isoformat())] if r.birth and r.given else [],
        frozen=("given_name", "birth"),
    ),
    Rule(
        "surname_date",
        lambda r: (
            [("sd", s, r.birth.isoformat()) for s in {r.s1_key, r.s2_key} if s] if r.birth else []
        ),
        frozen=("surnames", "birth"),
    ),
)


def person_model(*, trained: bool = False) -> Model:
    """The persons' model; ``trained``: with the m and u learnt on the generated national
    set (``data/linkage_model.json``, from ``benchmarks/bench_linkage.py --save-model``),
    for data too small to learn from."""
    model = Model(PERSON_COMPARISONS, compare_all=_person_vector)
    if trained:
        path = Path(__file__).with_name("data") / "linkage_model.json"
        model.load(json.loads(path.read_text(encoding="utf-8")))
    return model


class NameFrequencies:
    """Term-frequency adjustment (as Splink's): two records agreeing on a rare name are more
    likely one person than two agreeing on "María" or "Hernández". A level's u is the
    chance that two random persons agree on some value, about the sum of the squared
    frequencies of the values; for a pair agreeing on value v it is v's own frequency. The
    adjustment swaps one for the other, in bits, for the given name and each agreeing
    surname (bounded, so that a name seen once does not decide alone)."""

    LIMIT = 8.0

    def __init__(self, *groups: Sequence[PersonRecord]) -> None:
        given: Counter[str] = Counter()
        surnames: Counter[str] = Counter()
        for records in groups:
            for r in records:
                if r.given_key:
                    given[r.given_key] += 1
                for s in (r.s1_key, r.s2_key):
                    if s:
                        surnames[s] += 1
        self.given = self._bits(given)
        self.surname = self._bits(surnames)

    def _bits(self, counts: Counter[str]) -> dict[str, float]:
        total = sum(counts.values())
        if not total:
            return {}
        squares = sum((c / total) ** 2 for c in counts.values())
        return {
            v: max(-self.LIMIT, min(self.LIMIT, math.log2(squares / (c / total))))
            for v, c in counts.items()
        }

    def __call__(self, a: PersonRecord, b: PersonRecord, vector: Vector) -> float:
        bits = 0.0
        if vector[0] >= 4 and a.given_key == b.given_key:  # same sound, nickname or exact
            bits += self.given.get(a.given_key, 0.0)
        if vector[1] >= 3:  # a surname agrees (one known, swapped, both)
            common = {a.s1_key, a.s2_key} & {b.s1_key, b.s2_key} - {""}
            bits += sum(self.surname.get(s, 0.0) for s in common)
        return bits
