"""Spreadsheet imports at their limit: 10,000 participants from an XLSX and from a CSV, checked
(the dry run) and imported (all or nothing) through the services, as the task runs them.

Seeds a throwaway database (SQLite, or DATABASE_URL for PostgreSQL): 30 institutions (so that
names are matched among many), one training session per run with room for everyone. Each
format is run twice on fresh e-mails: once for the wall time, once under tracemalloc for the
peak of Python's allocations (tracemalloc slows Python down, so its run is not timed). The
process's peak resident size (getrusage's maxrss) is printed at the end. Targets: 60 s and
300 MB for a file of 10,000 rows.

Usage: .venv/bin/python benchmarks/bench_prevention_import.py [--rows 10000]
DATABASE_URL=postgres://... runs it on PostgreSQL. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta

# The test helpers (tests/factories.py) are imported from the repository's root.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SEXES = ("mujer", "hombre", "F", "M", "female", "male")
COLUMNS = [
    "given_names",
    "family_names",
    "institution",
    "unit",
    "rank_or_role",
    "sex",
    "department",
    "email",
]


def rows(n: int, prefix: str, institutions: list[str], departments: list[str]) -> list[list]:
    return [
        [
            f"Nombre{i} María",
            f"Apellido{i} Núñez",
            institutions[i % len(institutions)].upper(),
            "",
            "Agente",
            SEXES[i % len(SEXES)],
            departments[i % len(departments)],
            f"{prefix}.{i}@example.org",
        ]
        for i in range(n)
    ]


def as_xlsx(data: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(COLUMNS)
    for row in data:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def as_csv(data: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(data)
    return out.getvalue().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    os.environ.setdefault("RUTA_DATA_DIR", tempfile.mkdtemp(prefix="ruta-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruta.config.settings")
    os.environ["RUTA_DEMO"] = "1"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from ruta.core.choices import InstitutionType as T
    from ruta.core.models import Department
    from ruta.prevention.models import Course, Enrolment, ImportJob, Participant, TrainingSession
    from ruta.prevention.services import imports as services
    from tests.factories import actor_of, make_institution, make_user

    stamp = str(int(time.time()))
    home = make_institution(f"Academia Bench {stamp}", T.POLICE_ACADEMY, acronym=f"AB{stamp}")
    institutions = [
        make_institution(f"Institución Número {i} {stamp}", T.POLICE).name for i in range(30)
    ]
    actor = actor_of(make_user("trainer", home))
    course = Course.objects.create(
        institution=home, code=f"bench-{stamp}", title="Curso", modality="in_person"
    )
    departments = list(Department.objects.values_list("name", flat=True)[:18])
    today = timezone.localdate()

    def session(n: int) -> TrainingSession:
        return TrainingSession.objects.create(
            reference=f"B{stamp[-8:]}-{n}",
            course=course,
            institution=home,
            host=home,
            starts_on=today,
            ends_on=today + timedelta(days=1),
            department=Department.objects.order_by("code").first(),
            capacity=args.rows + 10,
        )

    def run(fmt: str, n: int, traced: bool) -> dict:
        data = rows(args.rows, f"{fmt}{n}-{stamp}", institutions, departments)
        content = as_xlsx(data) if fmt == "xlsx" else as_csv(data)
        target = session(n)
        if traced:
            tracemalloc.start()
        started = time.perf_counter()
        # Outside a transaction the check, queued on commit, runs before the upload returns
        # (the immediate task backend), as the import does after its confirmation.
        job = services.import_upload(
            actor=actor, session=target, kind="participants", filename=f"f.{fmt}", content=content
        )
        checked = time.perf_counter()
        job = ImportJob.objects.get(pk=job.pk)
        assert job.status == "ready", job.errors[:5]
        services.import_confirm(actor=actor, job=job)
        done = time.perf_counter()
        peak = tracemalloc.get_traced_memory()[1] if traced else 0
        if traced:
            tracemalloc.stop()
        job = ImportJob.objects.get(pk=job.pk)
        assert job.status == "done", job.errors[:5]
        assert Enrolment.objects.filter(session=target).count() == args.rows
        return {
            "bytes": len(content),
            "check": checked - started,
            "import": done - checked,
            "peak_mb": peak / 2**20,
        }

    print(f"database: {connection.vendor}; rows: {args.rows}; tasks: {settings.TASKS}")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    print(f"process maxrss before the imports (Django, migrations, seed): {before:.0f} MB")
    heads = ("file KB", "check s", "import s", "total s", "peak MB")
    print(f"{'format':8} " + " ".join(f"{h:>8}" for h in heads))
    for i, fmt in enumerate(("xlsx", "csv")):
        timed = run(fmt, 2 * i, traced=False)
        traced = run(fmt, 2 * i + 1, traced=True)
        total = timed["check"] + timed["import"]
        print(
            f"{fmt:8} {timed['bytes'] / 1024:8.0f} {timed['check']:8.2f} {timed['import']:9.2f} "
            f"{total:8.2f} {traced['peak_mb']:8.1f}"
        )
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    print(f"participants now: {Participant.objects.count()}; process maxrss: {maxrss:.0f} MB")


if __name__ == "__main__":
    main()
