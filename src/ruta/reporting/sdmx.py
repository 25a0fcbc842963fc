"""A protected table as SDMX-CSV (issue 14, sections 2 and 3): one row per cell, the
dimension columns (``_T`` for a total), ``OBS_VALUE`` (empty when suppressed),
``OBS_STATUS`` and ``CONF_STATUS``.

- ``OBS_STATUS`` (SDMX code list CL_OBS_STATUS): ``A`` a value as counted, ``E`` a value
  perturbed by the cell-key method (every cell of a perturbed table is marked, whatever its
  draw: marking only the changed ones would tell which they are), ``M`` suppressed.
- ``CONF_STATUS`` (CL_CONF_STATUS): ``F`` free, ``C`` suppressed for its own small count
  (primary), ``D`` suppressed to protect another cell (secondary).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ruta.reporting.disclosure import PRIMARY, PUBLISHED, Protection

OBS_NORMAL, OBS_ESTIMATED, OBS_MISSING = "A", "E", "M"
CONF_FREE, CONF_PRIMARY, CONF_SECONDARY = "F", "C", "D"


@dataclass(frozen=True)
class Cell:
    key: tuple[str, ...]
    value: int | float | None  # a count, or a rate derived from published counts
    obs_status: str
    conf_status: str


def published_cells(
    protection: Protection, perturb: Callable[[int, int], int] | None = None
) -> list[Cell]:
    """The cells as published: suppressed ones without a value, the others as counted or,
    with ``perturb(cell index, count)``, perturbed."""
    t = protection.table
    out = []
    for i, (key, value) in enumerate(zip(t.keys, t.values, strict=True)):
        status = protection.status[i]
        if status != PUBLISHED:
            conf = CONF_PRIMARY if status == PRIMARY else CONF_SECONDARY
            out.append(Cell(key, None, OBS_MISSING, conf))
        elif perturb is not None:
            out.append(Cell(key, perturb(i, value), OBS_ESTIMATED, CONF_FREE))
        else:
            out.append(Cell(key, value, OBS_NORMAL, CONF_FREE))
    return out


def rows(dataflow: str, dims: tuple[str, ...], cells: list[Cell]) -> Iterator[list[str]]:
    yield ["DATAFLOW", *dims, "OBS_VALUE", "OBS_STATUS", "CONF_STATUS"]
    for cell in cells:
        value = "" if cell.value is None else str(cell.value)
        yield [dataflow, *cell.key, value, cell.obs_status, cell.conf_status]


def to_csv(dataflow: str, dims: tuple[str, ...], cells: list[Cell]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows(dataflow, dims, cells))
    return out.getvalue()
