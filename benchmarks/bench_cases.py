"""Case list (page and endpoint), case page and care page at 100,000 cases.

Seeds a throwaway database (SQLite, or DATABASE_URL) in bulk, then times requests through the
Django test client (the whole stack: middleware, policies, templates). Prints p50/p95.

Usage: .venv/bin/python benchmarks/bench_cases.py [--cases 100000] [--repeat 40]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta

# The test helpers (tests/factories.py) are imported from the repository's root.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    os.environ.setdefault("RUTA_DATA_DIR", tempfile.mkdtemp(prefix="ruta-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruta.config.settings")
    os.environ["RUTA_DEMO"] = "1"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from ruta.accounts.services import credentials as auth
    from ruta.cases.models import Case, Task
    from ruta.people.models import Person
    from tests.factories import make_institution, make_user, sign_in

    rng = random.Random(7)
    eri = make_institution("Equipo de Respuesta Inmediata", "response_team")
    coordinator = make_user("eri_coordinator", eri)
    workers = [make_user("case_worker", eri) for _ in range(50)]
    t0 = time.perf_counter()
    now = timezone.now()
    persons = [
        Person(
            institution=eri,
            given_names=f"Nombre{i % 500}",
            first_surname=f"Apellido{i % 300}",
            second_surname=f"Segundo{i % 200}",
            estimated_age=rng.randint(8, 60),
            created_by=coordinator,
        )
        for i in range(args.cases)
    ]
    Person.objects.bulk_create(persons, batch_size=5000)
    cases = [
        Case(
            reference=f"C-2026-{i + 1:06d}",
            institution=eri,
            person=persons[i],
            assigned_to=workers[i % len(workers)] if i % 10 else None,
            status=rng.choice(["open", "open", "follow_up", "closed"]),
            opened_at=now - timedelta(minutes=i),
            is_child=persons[i].estimated_age < 18,
        )
        for i in range(args.cases)
    ]
    Case.objects.bulk_create(cases, batch_size=5000)
    Task.objects.bulk_create(
        [
            Task(case=c, kind="first_contact", due_at=c.opened_at + timedelta(hours=24))
            for c in cases
            if c.status != "closed"
        ],
        batch_size=5000,
    )
    # One case in ten has a care plan with three services, one of them given twice.
    from ruta.care.models import CarePlan, CareService, ServiceDelivery

    today = timezone.localdate()
    plans = [
        CarePlan(
            case=c,
            objectives="Protección, salud y reintegración.",
            started_on=today,
            review_days=[30, 90, 180],
            next_review_on=today + timedelta(days=30),
            created_by=coordinator,
        )
        for c in cases[::10]
    ]
    CarePlan.objects.bulk_create(plans, batch_size=5000)
    services = [
        CareService(plan=plan, type=kind, responsible=eri, due_on=today + timedelta(days=d))
        for plan in plans
        for kind, d in (("Shelter", 0), ("Medical", 3), ("Psychological", 7))
    ]
    CareService.objects.bulk_create(services, batch_size=5000)
    ServiceDelivery.objects.bulk_create(
        [
            ServiceDelivery(
                service=s, delivered_on=today, recorded_by=coordinator, recorded_for=eri
            )
            for s in services[::3]
            for _ in range(2)
        ],
        batch_size=5000,
    )
    Task.objects.bulk_create(
        [
            Task(case_id=plan.case_id, kind="plan_review", due_at=now + timedelta(days=30))
            for plan in plans
            if plan.case.status != "closed"
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{connection.vendor}: {args.cases} cases seeded in {time.perf_counter() - t0:.0f} s")

    client = sign_in(Client(), coordinator)
    _t, key = auth.token_create(user=coordinator, membership=coordinator.memberships.get())
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    worker_client = sign_in(Client(), workers[3])
    sample = rng.sample(cases, args.repeat)

    def measure(label, fn):
        if os.environ.get("BENCH_QUERIES"):
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as ctx:
                fn(0)
            for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:3]:
                print("   ", q["time"], q["sql"][:400])
        fn(0)
        times = []
        for i in range(args.repeat):
            t = time.perf_counter()
            response = fn(i)
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, response.status_code
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"{label:<42} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms")

    measure("case list page (first page)", lambda i: client.get("/cases/"))
    measure("case list page (page 50)", lambda i: client.get("/cases/?page=50"))
    measure("case list page, children only", lambda i: client.get("/cases/?child=1"))
    measure("case list page, a case worker's own", lambda i: worker_client.get("/cases/"))
    measure("GET /api/v1/cases/", lambda i: api.get("/api/v1/cases/"))
    measure("case page", lambda i: client.get(f"/cases/{sample[i].pk}/"))
    measure("home page with work queues", lambda i: client.get("/"))
    planned = cases[::10][: args.repeat * 10 : 10]
    measure(
        "care page (plan, services, deliveries)",
        lambda i: client.get(f"/care/cases/{planned[i % len(planned)].pk}/"),
    )
    measure(
        "GET /api/v1/cases/<id>/care-plan/",
        lambda i: api.get(f"/api/v1/cases/{planned[i % len(planned)].pk}/care-plan/"),
    )


if __name__ == "__main__":
    sys.exit(main())
