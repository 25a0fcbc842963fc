"""Population figures for the rates per 100,000: read from a CSV an official source publishes
(columns ``year``, ``department`` (ISO 3166-2, empty for the whole country), ``sex`` (F or M),
``age`` (Y_LT18 or Y_GE18), ``population``), every row checked, all or nothing; a file
replaces the figures of the (year, department) pairs it holds."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from ruta.core.models import Department
from ruta.reporting.models import Population

SEX = {"F": "female", "M": "male"}
AGE = {"Y_LT18": "child", "Y_GE18": "adult"}
COLUMNS = ("year", "department", "sex", "age", "population")
MAX_ROWS = 10_000


@dataclass
class Loaded:
    rows: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, message)


def load(path: Path, *, source: str) -> Loaded:
    result = Loaded()
    departments = set(Department.objects.values_list("code", flat=True))
    cells: dict[tuple[int, str, str, str], int] = {}
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError:
        result.errors.append((0, "", _("The file cannot be read.")))
        return result
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            result.errors.append((1, ", ".join(missing), _("Missing column.")))
            return result
        for number, row in enumerate(reader, start=2):
            if number - 1 > MAX_ROWS:
                result.errors.append(
                    (number, "", _("At most %(n)s rows in one file.") % {"n": MAX_ROWS})
                )
                break
            year_text = (row["year"] or "").strip()
            department = (row["department"] or "").strip()
            sex = (row["sex"] or "").strip().upper()
            age = (row["age"] or "").strip().upper()
            count = (row["population"] or "").strip()
            if not (year_text.isdigit() and 1990 <= int(year_text) <= 2100):
                result.errors.append((number, "year", _("A year from 1990 to 2100.")))
            if department and department not in departments:
                result.errors.append(
                    (number, "department", _("Unknown code: %(code)s") % {"code": department[:10]})
                )
            if sex not in SEX:
                result.errors.append((number, "sex", _("F or M.")))
            if age not in AGE:
                result.errors.append((number, "age", _("Y_LT18 or Y_GE18.")))
            if not count.isdigit():
                result.errors.append((number, "population", _("A whole number.")))
            if any(e[0] == number for e in result.errors):
                continue
            key = (int(year_text), department, SEX[sex], AGE[age])
            if key in cells:
                result.errors.append((number, "", _("This row repeats an earlier one.")))
                continue
            cells[key] = int(count)
    if result.errors or not cells:
        if not cells and not result.errors:
            result.errors.append((2, "", _("The file holds no figures.")))
        return result
    with transaction.atomic():
        for year, department in {(y, d) for y, d, _s, _a in cells}:
            Population.objects.filter(year=year, department=department).delete()
        Population.objects.bulk_create(
            Population(year=y, department=d, sex=s, age_group=a, population=n, source=source[:300])
            for (y, d, s, a), n in cells.items()
        )
    result.rows = len(cells)
    return result


def national(year: int) -> tuple[dict[tuple[str, str], int], str]:
    """The country's population of ``year`` by (sex, age group), and its source."""
    rows = Population.objects.filter(year=year, department="")
    figures = {(p.sex, p.age_group): p.population for p in rows}
    source = rows.values_list("source", flat=True).first() or ""
    return figures, source
