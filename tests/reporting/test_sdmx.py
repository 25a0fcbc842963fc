"""SDMX-CSV of a protected table: suppressed cells carry no value and say why."""

from __future__ import annotations

import csv
import io

from ruta.reporting import disclosure as d
from ruta.reporting import perturbation as p
from ruta.reporting import sdmx

COUNTS = {("F", "CHILD"): 4, ("F", "ADULT"): 31, ("M", "CHILD"): 12, ("M", "ADULT"): 20}


def _protected():
    t = d.table(["SEX", "AGE"], [["F", "M"], ["CHILD", "ADULT"]], COUNTS)
    return t, d.protect(t, threshold=10)


def test_each_cell_is_a_row_with_its_status():
    t, protection = _protected()
    text = sdmx.to_csv("RUTA:VICTIMS(1.0)", t.dims, sdmx.published_cells(protection))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["DATAFLOW", "SEX", "AGE", "OBS_VALUE", "OBS_STATUS", "CONF_STATUS"]
    assert len(rows) == len(t.keys)
    by_key = {(r["SEX"], r["AGE"]): r for r in rows}
    girls = by_key[("F", "CHILD")]
    assert girls["OBS_VALUE"] == "" and girls["OBS_STATUS"] == "M"
    assert girls["CONF_STATUS"] == "C"
    assert sum(r["CONF_STATUS"] == "D" for r in rows) >= 1
    total = by_key[("_T", "_T")]
    assert total["OBS_VALUE"] == "67" and total["OBS_STATUS"] == "A"
    assert "4" not in {r["OBS_VALUE"] for r in rows}


def test_a_perturbed_table_marks_every_published_cell_estimated():
    t, protection = _protected()
    table = p.ptable()
    keys = {i: p.cell_key(range(i, i + v)) for i, v in enumerate(t.values)}
    cells = sdmx.published_cells(protection, lambda i, v: table.publish(v, keys[i]))
    published = [c for c in cells if c.value is not None]
    assert published and all(c.obs_status == "E" for c in published)
    assert all(abs(c.value - t.values[t.index(c.key)]) <= 2 for c in published)
