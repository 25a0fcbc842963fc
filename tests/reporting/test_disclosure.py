"""Disclosure control: what is suppressed, and the audit that proves no suppressed cell can
be narrowed from the published ones."""

from __future__ import annotations

import math

import pytest

from ruta.reporting import disclosure as d

AGES = ["girls", "boys", "women", "men"]
DEPTS = ["FM", "CR", "AT"]
COUNTS = {
    ("girls", "FM"): 3,
    ("girls", "CR"): 25,
    ("girls", "AT"): 14,
    ("boys", "FM"): 12,
    ("boys", "CR"): 2,
    ("boys", "AT"): 11,
    ("women", "FM"): 40,
    ("women", "CR"): 33,
    ("women", "AT"): 18,
    ("men", "FM"): 15,
    ("men", "CR"): 20,
    ("men", "AT"): 9,
}


def _lines_are_never_alone(p: d.Protection) -> bool:
    hidden = set(p.suppressed)
    return all(len(hidden & {total, *parts}) != 1 for total, parts in p.table.equations)


def test_the_table_has_its_margins_and_equations():
    t = d.table(["age", "dept"], [AGES, DEPTS], COUNTS)
    assert len(t.keys) == 5 * 4
    assert t.values[t.index(("girls", d.TOTAL))] == 42
    assert t.values[t.index((d.TOTAL, d.TOTAL))] == sum(COUNTS.values())
    for total, parts in t.equations:
        assert t.values[total] == sum(t.values[p] for p in parts)


def test_small_counts_are_hidden_with_complements_and_no_range_is_narrow():
    t = d.table(["age", "dept"], [AGES, DEPTS], COUNTS)
    p = d.protect(t, threshold=10)
    primary = {t.keys[i] for i, s in enumerate(p.status) if s == d.PRIMARY}
    assert primary == {("girls", "FM"), ("boys", "CR"), ("men", "AT")}
    assert p.safe and _lines_are_never_alone(p)
    for i in p.suppressed:
        low, high = p.ranges[i]
        assert low <= t.values[i] <= high
        if p.status[i] == d.PRIMARY:
            assert high - low >= 10
    assert p.status[t.index((d.TOTAL, d.TOTAL))] == d.PUBLISHED
    summary = p.summary()
    assert summary["primary"] == 3 and summary["secondary"] >= 2
    assert summary["published"] + summary["primary"] + summary["secondary"] == 20


def test_the_audit_sees_a_lone_suppressed_cell_worked_out_exactly():
    t = d.table(["age", "dept"], [AGES, DEPTS], COUNTS)
    girls_fm = t.index(("girls", "FM"))
    assert d.feasible_ranges(t, [girls_fm]) == {girls_fm: (3.0, 3.0)}


def test_complements_too_small_to_protect_are_widened_until_the_audit_passes():
    # Four tiny cells in a rectangle hide each other only within 0..2: not enough.
    counts = {("a", "x"): 1, ("a", "y"): 1, ("b", "x"): 1, ("b", "y"): 1}
    counts |= {("a", "z"): 30, ("b", "z"): 40, ("c", "x"): 50, ("c", "y"): 60, ("c", "z"): 70}
    t = d.table(["r", "c"], [["a", "b", "c"], ["x", "y", "z"]], counts)
    rectangle = [t.index(k) for k in counts if counts[k] == 1]
    assert all(d._width(r) < 10 for r in d.feasible_ranges(t, rectangle).values())
    p = d.protect(t, threshold=5, protection=10)
    assert p.rounds > 1 and p.safe
    assert all(p.ranges[i][1] - p.ranges[i][0] >= 10 for i in rectangle)


def test_three_dimensions():
    counts = {
        (s, a, dept): (i * 7 + 3) % 23
        for i, (s, a, dept) in enumerate(
            (s, a, dept) for s in ("f", "m") for a in ("child", "adult") for dept in DEPTS
        )
    }
    t = d.table(["sex", "age", "dept"], [["f", "m"], ["child", "adult"], DEPTS], counts)
    p = d.protect(t, threshold=10)
    assert p.summary()["primary"] > 0
    assert p.safe and _lines_are_never_alone(p)


def test_nothing_small_nothing_hidden_and_zero_is_published_unless_asked():
    t = d.table(["age", "dept"], [["girls", "boys"], ["FM", "CR"]], {("girls", "FM"): 0})
    assert d.protect(t, threshold=10).suppressed == []
    sensitive = d.protect(t, threshold=10, zero_is_sensitive=True)
    assert sensitive.safe and len(sensitive.suppressed) == len(t.keys)
    big = {(a, x): 50 for a in ("girls", "boys") for x in ("FM", "CR")}
    assert d.protect(d.table(["a", "d"], [["girls", "boys"], ["FM", "CR"]], big)).suppressed == []


def test_an_unbounded_range_is_as_wide_as_it_gets():
    assert d._width((0.0, math.inf)) == math.inf
    with pytest.raises(ValueError, match="one list of codes per dimension"):
        d.table(["a"], [["x"], ["y"]], {})
