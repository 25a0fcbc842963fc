"""The registry of named computations: an indicator whose ``computation`` names one gets its
values from Ruta's own records, recomputed per period on demand (``results.services``).

A computation is a function of a period's first and last day that returns the total and, for
each disaggregation it supports, the value of each cell, e.g.::

    {"": Decimal("12"), "sex:female": Decimal("9"), "sex:male": Decimal("3")}

Computations are registered by ``ruta.results.computations`` (imported by the app's ready())
and read counts only: they never return or log a person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.functional import Promise

Values = dict[str, Decimal]


@dataclass(frozen=True)
class Computation:
    code: str
    label: Promise
    unit: str  # results.choices.Unit
    direction: str  # results.choices.Direction
    compute: Callable[[date, date], Values]
    disaggregations: tuple[str, ...] = ()
    definition: Promise | str = ""
    source: Promise | str = ""
    extra: dict = field(default_factory=dict)


REGISTRY: dict[str, Computation] = {}


def register(computation: Computation) -> Computation:
    if computation.code in REGISTRY:
        raise ValueError(f"computation {computation.code} registered twice")
    REGISTRY[computation.code] = computation
    return computation


def choices() -> list[tuple[str, Promise]]:
    return [(c.code, c.label) for c in sorted(REGISTRY.values(), key=lambda c: c.code)]
