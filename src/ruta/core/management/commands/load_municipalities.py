"""``ruta load_municipalities FILE.csv``: columns code, department (ISO 3166-2), name.

All or nothing: any bad row stops the load and nothing is saved.
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ruta.core.models import Department, Municipality


class Command(BaseCommand):
    help = "Load or update municipalities from a CSV file (code, department, name)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        departments = set(Department.objects.values_list("code", flat=True))
        errors, rows = [], []
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = {"code", "department", "name"} - set(reader.fieldnames or [])
            if missing:
                raise CommandError(f"Missing columns: {', '.join(sorted(missing))}")
            for line, row in enumerate(reader, start=2):
                code, dept, name = (row.get(k, "").strip() for k in ("code", "department", "name"))
                if not code or not name:
                    errors.append(f"line {line}: code and name are required")
                elif dept not in departments:
                    errors.append(f"line {line}: unknown department {dept!r}")
                else:
                    rows.append((code, dept, name))
        if errors:
            raise CommandError("Nothing was loaded:\n" + "\n".join(errors[:20]))
        with transaction.atomic():
            for code, dept, name in rows:
                Municipality.objects.update_or_create(
                    code=code, defaults={"department_id": dept, "name": name}
                )
        self.stdout.write(self.style.SUCCESS(f"{len(rows)} municipalities loaded."))
