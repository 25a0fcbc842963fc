"""Disclosure control of a published table (issue 14, section 3): small counts suppressed,
complementary cells chosen by an integer programme so that no suppressed cell can be
worked out from what is published, and an audit that proves it cell by cell.

Pure functions, no database. A table is every cell of a cross-classification together with
its margins (a ``_T`` code on a dimension: the total over it) and the equations that tie
them: each total equals the sum of its parts. Whoever reads a release knows those equations
and the published cells, and that counts are not negative: from them alone a suppressed
cell may be narrowed to an interval, its *feasible range*.

- **Primary suppression**: a count from 1 to ``threshold - 1`` (zero is published: "nobody"
  is no person's secret; a deployment may decide otherwise with ``zero_is_sensitive``).
- **Protection**: each primary cell's feasible range must be at least ``protection`` wide
  (default: the threshold): a reader can tell no more than "somewhere between 0 and 10".
- **Complementary (secondary) suppression**: a mixed-integer programme (SciPy's ``milp``,
  HiGHS) chooses the cells to suppress besides the primary ones at the least cost (each cell
  costs one, plus a little for its size, a margin more than an inner cell, the grand total
  most), under the rule that an equation never has exactly one suppressed cell. That rule
  stops exact recovery but not narrow ranges, so the result is audited; a primary cell
  still too narrow adds a constraint (at least one more cell next to its suppressed group)
  and the programme is solved again, until the audit passes.
- **Audit**: two linear programmes per suppressed cell (``linprog``, HiGHS): its least and
  greatest value given the published cells and the equations. ``protect`` returns the audit
  beside the pattern; a release must refuse to publish when ``Protection.safe`` is false.

The cost of the search is that of small integer programmes: a national table of a few
hundred cells solves in well under a second.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import lil_matrix

TOTAL = "_T"
PUBLISHED, PRIMARY, SECONDARY = "published", "primary", "secondary"


@dataclass(frozen=True)
class Table:
    """Every cell (inner cells and margins) with its count, and the equations."""

    dims: tuple[str, ...]
    keys: tuple[tuple[str, ...], ...]
    values: tuple[int, ...]
    # (total cell, its parts): values[total] == sum(values[part] for part in parts)
    equations: tuple[tuple[int, tuple[int, ...]], ...]

    def index(self, key: tuple[str, ...]) -> int:
        return self.keys.index(key)

    def is_margin(self, i: int) -> bool:
        return TOTAL in self.keys[i]


def table(
    dims: Sequence[str], codes: Sequence[Sequence[str]], counts: Mapping[tuple[str, ...], int]
) -> Table:
    """The table of ``counts`` (keyed by one code per dimension; missing cells are zero)
    with every margin: a ``_T`` in any set of dimensions."""
    if len(dims) != len(codes):
        raise ValueError("one list of codes per dimension")
    axes = [(*map(str, c), TOTAL) for c in codes]
    keys = list(itertools.product(*axes))
    position = {k: i for i, k in enumerate(keys)}
    values: list[int] = []
    for key in keys:
        inner = [[c] if c != TOTAL else list(map(str, codes[d])) for d, c in enumerate(key)]
        values.append(sum(int(counts.get(k, 0)) for k in itertools.product(*inner)))
    equations = []
    for i, key in enumerate(keys):
        for d, code in enumerate(key):
            if code == TOTAL:
                parts = tuple(position[(*key[:d], str(c), *key[d + 1 :])] for c in codes[d])
                equations.append((i, parts))
    return Table(tuple(dims), tuple(keys), tuple(values), tuple(equations))


@dataclass
class Protection:
    table: Table
    threshold: int
    protection: int
    status: list[str]
    # Each suppressed cell's feasible range: (least, greatest) a reader can work out.
    ranges: dict[int, tuple[float, float]] = field(default_factory=dict)
    rounds: int = 0

    @property
    def suppressed(self) -> list[int]:
        return [i for i, s in enumerate(self.status) if s != PUBLISHED]

    @property
    def failures(self) -> list[int]:
        """Primary cells a reader can narrow below the protection width."""
        return [
            i
            for i, s in enumerate(self.status)
            if s == PRIMARY and _width(self.ranges.get(i, (0, 0))) < self.protection
        ]

    @property
    def safe(self) -> bool:
        return not self.failures

    def summary(self) -> dict[str, float]:
        """Cells published, suppressed (primary, secondary), and the share of information
        lost: of the cells, and of the inner cells' total count."""
        n = len(self.status)
        inner = [i for i in range(n) if not self.table.is_margin(i)]
        lost = sum(self.table.values[i] for i in inner if self.status[i] != PUBLISHED)
        whole = sum(self.table.values[i] for i in inner)
        return {
            "cells": n,
            "published": self.status.count(PUBLISHED),
            "primary": self.status.count(PRIMARY),
            "secondary": self.status.count(SECONDARY),
            "suppressed_share": (n - self.status.count(PUBLISHED)) / n if n else 0.0,
            "count_share_lost": lost / whole if whole else 0.0,
        }


def _width(bounds: tuple[float, float]) -> float:
    low, high = bounds
    return math.inf if math.isinf(high) else high - low


def primary_cells(t: Table, threshold: int, *, zero_is_sensitive: bool = False) -> list[int]:
    low = 0 if zero_is_sensitive else 1
    return [i for i, v in enumerate(t.values) if low <= v < threshold]


def feasible_ranges(t: Table, suppressed: Sequence[int]) -> dict[int, tuple[float, float]]:
    """Each suppressed cell's least and greatest value given the published cells, the
    equations and non-negative counts."""
    hidden = list(suppressed)
    if not hidden:
        return {}
    column = {cell: k for k, cell in enumerate(hidden)}
    rows, rhs = [], []
    for total, parts in t.equations:
        members = [(total, 1.0)] + [(p, -1.0) for p in parts]
        row = np.zeros(len(hidden))
        constant = 0.0
        for cell, sign in members:
            if cell in column:
                row[column[cell]] += sign
            else:
                constant -= sign * t.values[cell]
        if row.any():
            rows.append(row)
            rhs.append(constant)
    a_eq = np.array(rows) if rows else None
    b_eq = np.array(rhs) if rows else None
    out = {}
    for cell, k in column.items():
        objective = np.zeros(len(hidden))
        objective[k] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        least = low.fun if low.status == 0 else 0.0
        greatest = -high.fun if high.status == 0 else math.inf
        out[cell] = (round(least, 6), round(greatest, 6))
    return out


def _costs(t: Table) -> np.ndarray:
    """One per cell, plus a little for its size (information lost), margins dearer (they
    are what readers use most), the grand total dearest."""
    biggest = max(t.values) or 1
    costs = []
    for key, value in zip(t.keys, t.values, strict=True):
        totals = key.count(TOTAL)
        costs.append(1.0 + value / biggest + 2.0 * totals + (100.0 if totals == len(key) else 0))
    return np.array(costs)


def protect(
    t: Table,
    *,
    threshold: int = 10,
    protection: int | None = None,
    zero_is_sensitive: bool = False,
    max_rounds: int = 50,
) -> Protection:
    """Primary cells, complementary cells chosen by the integer programme, and the audit."""
    width = threshold if protection is None else protection
    primary = primary_cells(t, threshold, zero_is_sensitive=zero_is_sensitive)
    n = len(t.values)
    status = [PUBLISHED] * n
    for i in primary:
        status[i] = PRIMARY
    result = Protection(t, threshold, width, status)
    if not primary:
        return result
    lines: list[tuple[int, ...]] = [(total, *parts) for total, parts in t.equations]
    cuts: list[set[int]] = []
    lower = np.zeros(n)
    lower[primary] = 1
    costs = _costs(t)
    # A count of zero is never chosen to protect another: readers know counts are not
    # negative, so a hidden zero narrows its neighbours as much as a published one.
    upper = np.array([0.0 if v == 0 and i not in primary else 1.0 for i, v in enumerate(t.values)])
    for round_ in range(1, max_rounds + 1):
        chosen = _solve(n, lines, cuts, lower, costs, upper)
        for i in range(n):
            status[i] = PRIMARY if i in primary else (SECONDARY if chosen[i] else PUBLISHED)
        result.ranges = feasible_ranges(t, result.suppressed)
        result.rounds = round_
        failing = result.failures
        if not failing:
            return result
        hidden = set(result.suppressed)
        for cell in failing:
            partners = _rectangle(t, cell, hidden, width, costs)
            if partners:
                lower[list(partners)] = 1
                continue
            group = _group(cell, hidden, lines)
            around = {c for line in lines if group & set(line) for c in line} - hidden
            if not around:
                return result  # nothing left to suppress: the audit says unsafe
            cuts.append(around)
    return result


def _rectangle(t: Table, cell: int, hidden: set[int], width: int, costs: np.ndarray) -> set[int]:
    """For a two-dimensional table, the cheapest three inner cells that close a rectangle
    with ``cell`` wide enough: shifting a count around the rectangle keeps every total, so
    the cell's range is at least min(cell, opposite) + min(the two others) wide. Empty when
    the table has another shape or no rectangle is wide enough."""
    if len(t.dims) != 2 or t.is_margin(cell):
        return set()
    r, c = t.keys[cell]
    rows = sorted({k[0] for k in t.keys if k[0] != TOTAL and k[0] != r})
    columns = sorted({k[1] for k in t.keys if k[1] != TOTAL and k[1] != c})
    value = t.values[cell]
    best: tuple[float, set[int]] | None = None
    for r2 in rows:
        for c2 in columns:
            b, v, d = t.index((r, c2)), t.index((r2, c)), t.index((r2, c2))
            reach = min(value, t.values[d]) + min(t.values[b], t.values[v])
            if reach < width:
                continue
            new = {b, v, d} - hidden
            cost = float(sum(costs[i] for i in new))
            if best is None or cost < best[0]:
                best = (cost, new)
    return best[1] if best is not None else set()


def _group(cell: int, hidden: set[int], lines: list[tuple[int, ...]]) -> set[int]:
    """The suppressed cells linked to ``cell`` through equations."""
    group, frontier = {cell}, [cell]
    while frontier:
        current = frontier.pop()
        for line in lines:
            if current in line:
                for other in line:
                    if other in hidden and other not in group:
                        group.add(other)
                        frontier.append(other)
    return group


def _solve(
    n: int,
    lines: list[tuple[int, ...]],
    cuts: list[set[int]],
    lower: np.ndarray,
    costs: np.ndarray,
    upper: np.ndarray,
) -> np.ndarray:
    """Least-cost cells to suppress: the primary ones, no equation with exactly one, and
    each cut with at least one."""
    rows = sum(len(line) for line in lines) + len(cuts)
    a = lil_matrix((rows, n))
    low = np.zeros(rows)
    r = 0
    for line in lines:
        for i in line:  # sum of the others >= x_i
            for j in line:
                if j != i:
                    a[r, j] = 1
            a[r, i] = -1
            r += 1
    for cut in cuts:
        for j in cut:
            a[r, j] = 1
        low[r] = 1
        r += 1
    result = milp(
        costs,
        constraints=LinearConstraint(a.tocsr(), low, np.full(rows, np.inf)),
        integrality=np.ones(n),
        bounds=Bounds(lower, np.maximum(upper, lower)),
    )
    if result.x is None:
        return np.ones(n)
    return np.round(result.x).astype(int)
