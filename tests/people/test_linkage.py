"""Batch linkage, without the database: comparison levels, blocking, EM, the decision."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from ruta.people import linkage as lk

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import bench_linkage


def _r(given, s1, s2="", born=None, year=0, sex="female", docs=()):
    return lk.person_record(
        given_names=given,
        first_surname=s1,
        second_surname=s2,
        date_of_birth=born,
        birth_year=year,
        sex=sex,
        documents=docs,
    )


def _levels(a, b) -> dict[str, str]:
    model = lk.person_model()
    return {
        c.name: c.levels[level]
        for c, level in zip(model.comparisons, model.vector(a, b), strict=True)
    }


ROSA = _r("Rosa María", "Hernández", "López", date(2004, 2, 9))


@pytest.mark.parametrize(
    ("other", "field", "level"),
    [
        (_r("rosa maria", "hernandez", "lopez", date(2004, 2, 9)), "surnames", "exact"),
        (_r("Rosa", "López", "Hernández", date(2004, 2, 9)), "surnames", "swapped"),
        (_r("Rosa", "Hernández", "", date(2004, 2, 9)), "surnames", "one_known"),
        (_r("Rosa", "Hernández", "Pérez", date(2004, 2, 9)), "surnames", "one_of_two"),
        (_r("Rosa", "Hernándes", "López", date(2004, 2, 9)), "surnames", "close"),
        (_r("Roas", "Hernández", "López"), "given_name", "typo"),
        (_r("Chayo", "Hernández", "López"), "given_name", "else"),
        (_r("Rosa", "Hernández", "López", date(2004, 9, 2)), "birth", "date_slip"),
        (_r("Rosa", "Hernández", "López", date(2005, 2, 9)), "birth", "date_slip"),
        (_r("Rosa", "Hernández", "López", year=2004), "birth", "year"),
        (_r("Rosa", "Hernández", "López", year=2006), "birth", "within_two_years"),
        (_r("Rosa", "Hernández", "López", date(1990, 1, 1)), "birth", "else"),
        (_r("Rosa", "Hernández", "López"), "birth", "null"),
        (_r("Rosa María", "Hernández", "López"), "given_name2", "exact"),
        (_r("Rosa Elena", "Hernández", "López"), "given_name2", "else"),
        (_r("Rosa", "Hernández", "López", sex="male"), "sex", "else"),
    ],
)
def test_each_field_is_compared_at_the_level_a_person_would_name(other, field, level):
    assert _levels(ROSA, other)[field] == level


def test_a_nickname_agrees_as_a_nickname_and_a_different_name_does_not():
    chayo = _r("Chayo", "Velásquez")
    assert _levels(_r("Rosario", "Velásquez"), chayo)["given_name"] == "nickname"
    assert _levels(_r("Ramona", "Velásquez"), chayo)["given_name"] == "else"


def test_each_candidate_pair_is_compared_once_and_a_year_one_off_still_meets():
    records = [
        _r("Ana", "Pérez", "Soto", date(1990, 5, 1)),
        _r("Ana", "Pérez", "Soto", date(1991, 5, 1)),  # same name: rule "name"
        _r("Ana", "Pérez", "", date(1991, 7, 7)),  # given + surname + year one off
        _r("Eva", "Mejía", "Cruz", date(1980, 1, 1)),
    ]
    pairs = list(lk.candidate_pairs(records, lk.PERSON_RULES))
    assert len(pairs) == len(set(pairs))
    assert (0, 1) in pairs and (0, 2) in pairs and (1, 2) in pairs
    assert not any(3 in p for p in pairs)


def test_a_block_too_common_to_tell_anyone_apart_is_skipped():
    rule = lk.Rule("sex", lambda r: [("s", r.sex)], max_block=3)
    records = [_r("Ana", f"Apellido{i}", sex="female") for i in range(4)]
    assert list(lk.candidate_pairs(records, [rule])) == []
    assert len(list(lk.candidate_pairs(records[:3], [rule]))) == 3


def test_rarer_names_weigh_more():
    records = [_r("María", "Hernández", "López") for _ in range(50)] + [
        _r("Xiomara", "Zelaya", "Irías")
    ]
    bits = lk.NameFrequencies(records)
    common, rare = records[0], records[-1]
    vector = lk.person_model().vector(common, common)
    assert bits(rare, rare, vector) > 0 > bits(common, common, vector)


def test_the_model_dumps_and_loads_and_refuses_other_fields():
    model = lk.person_model(trained=True)
    again = lk.person_model()
    again.load(model.dump())
    assert again.m == model.m and again.u == model.u
    with pytest.raises(ValueError, match="other fields"):
        lk.Model(lk.PERSON_COMPARISONS[:2]).load(model.dump())


def test_em_learns_from_the_data_and_links_the_same_persons():
    """On a generated set the fitted model links most true pairs and few false ones; with
    m and u left at their starting guess (EM broken) it does not."""
    left, right, truth = bench_linkage.spanish_set(6000, seed=3)
    rows = bench_linkage.spanish_ruta(left, right)
    found = bench_linkage._greedy(rows)
    tp, fp, fn, f1 = bench_linkage._f1(found, truth)
    assert f1 >= 0.93, (tp, fp, fn)


def test_em_recovers_the_rates_the_pairs_were_drawn_with():
    """Pairs drawn from known m and u (a third of them true): EM, started from its guess,
    finds m again, with u from random pairs."""
    import random

    rng = random.Random(11)
    levels = ("null", "else", "close", "exact")
    comparisons = [lk.Comparison(n, levels, lambda a, b: 0) for n in ("x", "y", "z")]
    true_m = [0.0, 0.1, 0.3, 0.6], [0.0, 0.05, 0.15, 0.8], [0.0, 0.2, 0.2, 0.6]
    true_u = [0.0, 0.9, 0.08, 0.02], [0.0, 0.85, 0.1, 0.05], [0.0, 0.7, 0.2, 0.1]

    def draw(rates):
        return tuple(rng.choices(range(4), weights=r)[0] for r in rates)

    session = Counter(draw(true_m) if rng.random() < 1 / 3 else draw(true_u) for _ in range(30_000))
    randoms = Counter(draw(true_u) for _ in range(30_000))
    model = lk.Model(comparisons)
    model.fit([(session, frozenset())], randoms)
    for learnt, expected in zip(model.m, true_m, strict=True):
        assert learnt == pytest.approx(expected, abs=0.03)
    guess = lk.Model(comparisons)
    guess.start(randoms)
    assert any(
        abs(g - e) > 0.1
        for row, exp in zip(guess.m, true_m, strict=True)
        for g, e in zip(row, exp, strict=True)
    )


def test_the_prior_makes_the_expected_true_pairs_agree_with_all_pairs():
    same = lk.Comparison("x", ("null", "else", "same"), lambda a, b: 2 if a == b else 1)
    model = lk.Model([same])
    model.m = [[0.0, 0.05, 0.95]]
    model.u = [[0.0, 1 - 1e-7, 1e-7]]
    vectors = Counter({(2,): 100, (1,): 100_000})
    model.fit_prior(vectors, all_pairs=10_000_000, start=1000)
    expected = sum(c * model.probability(v) for v, c in vectors.items())
    assert model.prior * 10_000_000 == pytest.approx(expected, rel=1e-3)
    assert 90 < expected <= 100  # the hundred pairs that agree, not all pairs


def test_the_fast_vector_gives_the_levels_of_each_comparison():
    left, right, _truth = bench_linkage.spanish_set(400, seed=9)
    model = lk.person_model()
    slow = lk.Model(lk.PERSON_COMPARISONS)
    for p, q in zip(left, right, strict=True):
        a, b = bench_linkage.record_of(p), bench_linkage.record_of(q)
        assert model.vector(a, b) == slow.vector(a, b)
        assert model.vector(a, a) == slow.vector(a, a)
