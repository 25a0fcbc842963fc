"""The map of Honduras's 18 departments (Natural Earth, shipped in ``data/``; see its
LICENSE file) as SVG paths, shaded by a count in five classes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from ruta.reporting.selectors import Row

DATA = Path(__file__).parent / "data" / "hn_departments.json"
CLASSES = 5


@cache
def _shapes() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


@dataclass
class Shape:
    code: str
    name: str
    path: str
    value: int | None  # None: not published on its own (with others, or suppressed)
    shade: int | str  # 0: none; 1..CLASSES darker as the count grows; "g": with others


@dataclass
class DepartmentMap:
    view_box: str
    shapes: list[Shape]
    legend: list[tuple[int | str, str]]
    attribution: str
    elsewhere: list[Row]  # counts placed in no department of the map (not recorded)


def _breaks(values: list[int]) -> list[int]:
    """Upper bounds of ``CLASSES`` classes of equal width over 1..max (counts are few and
    small, so quantiles would collapse)."""
    top = max([*values, 0])
    if top == 0:
        return []
    step = max(1, -(-top // CLASSES))
    return [step * i for i in range(1, CLASSES + 1) if step * (i - 1) < top]


def department_map(rows: list[Row], grouped: dict[str, str] | None = None) -> DepartmentMap:
    """The map of ``rows`` (a count per department code); ``grouped`` names the departments
    (code -> name) published only together with others (shaded apart, with no count)."""
    data = _shapes()
    grouped = grouped or {}
    values = {r.code: r for r in rows}
    breaks = _breaks([r.value for r in rows])
    shapes = []
    for code, path in data["departments"].items():
        row = values.get(code)
        if code in grouped:
            shapes.append(Shape(code, grouped[code], path, None, "g"))
            continue
        value = row.value if row else 0
        shade = 0 if value == 0 else next(i + 1 for i, b in enumerate(breaks) if value <= b)
        shapes.append(Shape(code, row.label if row else code, path, value, shade))
    shapes.sort(key=lambda s: s.name)
    legend: list[tuple[int | str, str]] = [(0, "0")]
    low = 1
    for i, high in enumerate(breaks):
        legend.append((i + 1, str(high) if high == low else f"{low}\u2013{high}"))
        low = high + 1
    if grouped:
        legend.append(("g", str(_("Counted with others"))))
    elsewhere = [r for r in rows if r.code not in data["departments"] and r.value]
    return DepartmentMap(
        data["viewBox"],
        shapes,
        legend,
        _("Boundaries: %(source)s. %(license)s")
        % {"source": data["source"], "license": data["license"]},
        elsewhere,
    )
