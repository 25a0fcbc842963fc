"""Cell-key perturbation (issue 14, section 3), the method of the Australian Bureau of
Statistics (TableBuilder): the same records always publish the same value, so that two
releases cannot be subtracted to reveal a small cell.

- Each record carries a fixed random **record key** (0 to ``KEYS - 1``): an HMAC of its id
  under the deployment's secret, so that it never changes and nobody can compute it
  without the secret.
- A cell's **cell key** is the sum of its records' keys modulo ``KEYS``: the same records,
  in any order and in any release, give the same cell key.
- A **perturbation table** gives, for a count ``n`` and a cell key, a small change ``d``
  (at most ``max_change`` either way): the published value is ``n + d``. Each row is a
  probability distribution over ``d`` (the cell key, uniform, picks from it) with mean 0
  (no bias), a fixed variance, no negative result, and zero kept as zero (an empty cell is
  structural). Among the distributions that do so, the one most likely to leave the count
  unchanged (a linear programme).

What it guarantees: a published value differs from the true count by at most
``max_change``; it is the same whenever the cell holds the same records, so adding or
removing one record in *another* cell between two releases changes nothing here, and a
change of one record in *this* cell moves its key to a new, unrelated draw: subtracting two
releases yields the true difference plus two independent perturbations, not the record.
Totals are perturbed as cells of their own (from their own records), so a table need not add
up exactly; the methodology says so. It does not hide a cell's existence, and it protects
counts, not means.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

KEYS = 4096  # record and cell keys: 0 .. KEYS - 1


def record_key(secret: bytes, record_id: str) -> int:
    """A record's fixed key: an HMAC of its id under the deployment's secret."""
    digest = hmac.new(secret, str(record_id).encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big") % KEYS


def cell_key(record_keys: Iterable[int]) -> int:
    return sum(record_keys) % KEYS


@dataclass(frozen=True)
class PTable:
    """For each count from 0 to ``len(rows) - 1`` (larger counts use the last row): the
    changes and their probabilities, in order of change."""

    rows: tuple[tuple[tuple[int, float], ...], ...]
    max_change: int
    variance: float

    def change(self, count: int, key: int) -> int:
        """The change the cell key draws for a count."""
        if count <= 0:
            return 0
        row = self.rows[min(count, len(self.rows) - 1)]
        position = (key % KEYS + 0.5) / KEYS  # uniform in (0, 1)
        reached = 0.0
        for d, probability in row:
            reached += probability
            if position <= reached + 1e-12:
                return d
        return row[-1][0]

    def publish(self, count: int, key: int) -> int:
        return count + self.change(count, key)


def ptable(*, max_change: int = 2, variance: float = 1.0, rows: int = 20) -> PTable:
    """The perturbation table: each row the distribution over changes with mean 0 and the
    given variance (smaller when the count is too small to allow it), no negative result,
    that leaves the count unchanged most often."""
    out: list[tuple[tuple[int, float], ...]] = [((0, 1.0),)]
    for n in range(1, rows):
        changes = [d for d in range(-max_change, max_change + 1) if n + d >= 0]
        wanted = variance
        while True:
            row = _row(changes, wanted)
            if row is not None:
                break
            wanted *= 0.8  # a count of 1 cannot go down by 2: less variance is possible
        out.append(row)
    return PTable(tuple(out), max_change, variance)


def _row(changes: list[int], variance: float) -> tuple[tuple[int, float], ...] | None:
    d = np.array(changes, dtype=float)
    objective = -(d == 0).astype(float)  # maximise the probability of no change
    a_eq = np.vstack([np.ones_like(d), d, d**2])
    b_eq = np.array([1.0, 0.0, variance])
    result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, 1), method="highs")
    if result.status != 0:
        return None
    return tuple(
        (int(c), float(round(p, 12))) for c, p in zip(changes, result.x, strict=True) if p > 1e-12
    )
