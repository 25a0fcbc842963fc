"""Cell-key perturbation: unbiased, bounded, never negative, and the same records always
publish the same value (so two releases cannot be subtracted)."""

from __future__ import annotations

import random

import pytest

from ruta.reporting import perturbation as p

SECRET = b"release-secret"


@pytest.fixture(scope="module")
def table():
    return p.ptable(max_change=2, variance=1.0)


@pytest.mark.parametrize("n", [1, 2, 3, 10, 19])
def test_each_row_is_unbiased_bounded_and_never_negative(table, n):
    row = table.rows[n]
    assert sum(prob for _d, prob in row) == pytest.approx(1.0)
    assert sum(d * prob for d, prob in row) == pytest.approx(0.0, abs=1e-9)
    assert all(abs(d) <= 2 and n + d >= 0 for d, _prob in row)
    if n >= 2:
        assert sum(d * d * prob for d, prob in row) == pytest.approx(1.0)


def test_zero_stays_zero_and_large_counts_use_the_last_row(table):
    assert all(table.publish(0, key) == 0 for key in range(0, p.KEYS, 97))
    assert table.change(5000, 123) == table.change(19, 123)


def test_the_same_records_publish_the_same_value_in_any_order(table):
    ids = [f"case-{i}" for i in range(37)]
    keys = [p.record_key(SECRET, i) for i in ids]
    first = table.publish(len(ids), p.cell_key(keys))
    random.Random(4).shuffle(keys)
    assert table.publish(len(ids), p.cell_key(keys)) == first
    # Another secret draws other keys: nobody without it can tell the change.
    other = [p.record_key(b"another", i) for i in ids]
    assert p.cell_key(other) != p.cell_key(keys)


def test_over_many_cells_the_changes_average_zero(table):
    rng = random.Random(8)
    changes = [table.change(rng.randrange(1, 200), rng.randrange(p.KEYS)) for _ in range(20_000)]
    assert abs(sum(changes) / len(changes)) < 0.05
    assert 0.85 < sum(c * c for c in changes) / len(changes) < 1.15
    assert sum(1 for c in changes if c == 0) / len(changes) > 0.6


def test_a_record_added_elsewhere_changes_nothing_here(table):
    here = [p.record_key(SECRET, f"here-{i}") for i in range(12)]
    elsewhere = [p.record_key(SECRET, f"there-{i}") for i in range(30)]
    release_1 = (table.publish(12, p.cell_key(here)), table.publish(30, p.cell_key(elsewhere)))
    elsewhere.append(p.record_key(SECRET, "there-new"))
    release_2 = (table.publish(12, p.cell_key(here)), table.publish(31, p.cell_key(elsewhere)))
    assert release_1[0] == release_2[0]
    assert abs(release_2[1] - 31) <= 2
