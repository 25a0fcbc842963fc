"""Criminal files at scale: the file list and the funnel, for a prosecutor of the owning
institution and for the commission's analyst (national counts).

Seeds a throwaway database (SQLite, or DATABASE_URL) in bulk: 50,000 files over eight years
(most owned by one prosecutors' unit, the rest by a regional unit and a police unit), 120,000
defendants with a person each, a charge for every defendant of an indicted file (one in five
with a second, related charge), a verdict for most charges of files at verdict or later
(some acquittals later convicted on appeal), compensation ordered with some of it paid, and
hearings around today. Then times requests through the Django test client (the whole stack:
middleware, policies, templates). Prints p50/p95.

Usage: .venv/bin/python benchmarks/bench_prosecution.py [--files 50000] [--defendants 120000]
       [--repeat 50]
DATABASE_URL=postgres://... runs it on PostgreSQL. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal

# The test helpers (tests/factories.py) are imported from the repository's root.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

STAGES = (
    "complaint",
    "investigation",
    "indictment",
    "initial_hearing",
    "preliminary_hearing",
    "trial",
    "verdict",
    "appeal",
    "final",
)
# How far files got: most stay early, as in any prosecution funnel.
STAGE_WEIGHTS = (20, 30, 10, 8, 6, 8, 8, 4, 6)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=50000)
    parser.add_argument("--defendants", type=int, default=120000)
    parser.add_argument("--repeat", type=int, default=50)
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

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from ruta.core.models import Department
    from ruta.people.models import Person
    from ruta.prosecution.models import (
        Charge,
        CompensationPayment,
        CriminalFile,
        Defendant,
        Hearing,
        Offence,
        Verdict,
    )
    from tests.factories import make_institution, make_user

    rng = random.Random(11)
    if CriminalFile.objects.exists():  # RUTA_DATA_DIR kept from an earlier run: reuse it
        from ruta.accounts.models import User

        prosecutor = User.objects.filter(
            memberships__institution__name="Fiscalía Especial contra la Trata"
        ).earliest("date_joined")
        analyst = User.objects.filter(memberships__role__code="me_analyst").get()
        print(f"{connection.vendor}: reusing {CriminalFile.objects.count()} files", flush=True)
        measure_all(args, prosecutor, analyst)
        return
    fiscalia = make_institution("Fiscalía Especial contra la Trata", "prosecution")
    regional = make_institution("Fiscalía Regional", "prosecution")
    policia = make_institution("Policía DPI", "police")
    commission = make_institution("Comisión Interinstitucional", "response_team")
    prosecutor = make_user("prosecutor", fiscalia)
    colleagues = [make_user("prosecutor", fiscalia) for _ in range(30)]
    make_user("prosecutor", regional)
    investigator = make_user("investigator", policia)
    analyst = make_user("me_analyst", commission)
    departments = list(Department.objects.all())
    trafficking = list(Offence.objects.filter(classification="trafficking"))
    related = list(Offence.objects.filter(classification="related"))
    today = timezone.localdate()
    first_year = today.year - 7

    t0 = time.perf_counter()
    files = []
    for i in range(args.files):
        owner = rng.random()
        institution = fiscalia if owner < 0.8 else (regional if owner < 0.9 else policia)
        traffick = rng.random() < 0.6
        offence = rng.choice(trafficking if traffick else related)
        complaint_on = date(first_year, 1, 1) + timedelta(
            days=rng.randrange((today - date(first_year, 1, 1)).days)
        )
        reached = rng.choices(range(len(STAGES)), STAGE_WEIGHTS)[0]
        dates = {}
        on = complaint_on
        for stage in STAGES[1 : reached + 1]:
            on = on + timedelta(days=rng.randint(10, 90))
            dates[f"{stage}_on"] = min(on, today)
        closed = reached <= 1 and rng.random() < 0.15
        files.append(
            CriminalFile(
                reference=f"EP-{complaint_on.year}-{i + 1:06d}",
                institution=institution,
                assigned_to=(
                    (prosecutor if i % 40 == 0 else rng.choice(colleagues))
                    if institution is fiscalia
                    else (investigator if institution is policia else None)
                ),
                prosecutor_number=f"MP-{i + 1:06d}",
                department=rng.choice(departments),
                offence=offence,
                classification=offence.classification,
                stage=STAGES[reached],
                stage_due_on=(
                    None
                    if reached == len(STAGES) - 1 or closed
                    else on + timedelta(days=rng.randint(30, 400))
                ),
                complaint_on=complaint_on,
                closed_early="archived" if closed else "",
                closed_on=on if closed else None,
                created_by=prosecutor,
                **dates,
            )
        )
    CriminalFile.objects.bulk_create(files, batch_size=5000)
    print(f"  {len(files)} files in {time.perf_counter() - t0:.0f} s", flush=True)

    # Defendants: at least one per file, the rest spread over files at indictment or later.
    indicted = [f for f in files if f.indictment_on]
    owners = list(files[: min(args.files, args.defendants)])
    owners += [rng.choice(indicted or files) for _ in range(args.defendants - len(owners))]
    persons = [
        Person(
            institution=f.institution,
            given_names=f"Nombre{i % 700}",
            first_surname=f"Apellido{i % 400}",
            second_surname=f"Segundo{i % 300}",
            estimated_age=rng.randint(18, 70),
            created_by=prosecutor,
        )
        for i, f in enumerate(owners)
    ]
    Person.objects.bulk_create(persons, batch_size=5000)
    counters: dict = {}
    defendants = []
    for f, person in zip(owners, persons, strict=True):
        n = counters[f.pk] = counters.get(f.pk, 0) + 1
        defendants.append(
            Defendant(
                file=f,
                person=person,
                code=f"I-{n}",
                sex=rng.choices(["male", "female", "unknown"], [70, 25, 5])[0],
                age=rng.randint(18, 70),
                nationality=rng.choices(
                    ["HND", "GTM", "SLV", "NIC", "MEX", ""], [70, 10, 8, 5, 4, 3]
                )[0],
            )
        )
    Defendant.objects.bulk_create(defendants, batch_size=5000)
    print(f"  {len(defendants)} defendants in {time.perf_counter() - t0:.0f} s", flush=True)

    charges, verdicts, payments = [], [], []
    sentenced = ("convicted", "plea")
    for defendant in defendants:
        f = defendant.file
        if not f.indictment_on:
            continue
        main_offence = f.offence
        pairs = [(main_offence, main_offence.classification)]
        if rng.random() < 0.2:
            extra = rng.choice(related)
            pairs.append((extra, extra.classification))
        for offence, classification in pairs:
            charge = Charge(
                defendant=defendant,
                institution_id=f.institution_id,
                offence=offence,
                classification=classification,
                charged_on=f.indictment_on,
            )
            if f.verdict_on and rng.random() < 0.9:
                outcome = rng.choices(
                    ["convicted", "acquitted", "plea", "dismissed"], [55, 25, 15, 5]
                )[0]
                years = rng.randint(2, 30) if outcome in sentenced else 0
                charge.outcome, charge.outcome_on = outcome, f.verdict_on
                charge.sentence_days = years * 365 if outcome in sentenced else None
                compensation = (
                    Decimal(rng.randint(10, 500) * 1000)
                    if outcome in sentenced and rng.random() < 0.4
                    else None
                )
                charge.compensation_ordered = compensation
                charge.compensation_currency = "HNL" if compensation else ""
                verdicts.append(
                    Verdict(
                        charge=charge,
                        outcome=outcome,
                        decided_on=f.verdict_on,
                        sentence_years=years,
                        compensation_ordered=compensation,
                        compensation_currency="HNL" if compensation else "",
                        recorded_by=prosecutor,
                    )
                )
                if compensation and rng.random() < 0.3:
                    payments.append(
                        CompensationPayment(
                            defendant=defendant,
                            amount=compensation / 2,
                            currency="HNL",
                            paid_on=min(f.verdict_on + timedelta(days=60), today),
                            recorded_by=prosecutor,
                        )
                    )
            charges.append(charge)
    Charge.objects.bulk_create(charges, batch_size=5000)
    for v in verdicts:
        v.charge_id = v.charge.pk
    Verdict.objects.bulk_create(verdicts, batch_size=5000)
    CompensationPayment.objects.bulk_create(payments, batch_size=5000)
    # Hearings: one for each open file past the investigation, within two months of today.
    hearings = [
        Hearing(
            file=f,
            type="other",
            starts_at=timezone.make_aware(
                datetime.combine(today + timedelta(days=rng.randint(-30, 30)), datetime.min.time())
            )
            + timedelta(hours=rng.randint(8, 16)),
            created_by=prosecutor,
        )
        for f in files
        if f.investigation_on and not f.closed_early and f.stage != "final"
    ]
    Hearing.objects.bulk_create(hearings, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"{connection.vendor}: {len(files)} files, {len(defendants)} defendants, "
        f"{len(charges)} charges, {len(verdicts)} verdicts, {len(payments)} payments, "
        f"{len(hearings)} hearings seeded in {time.perf_counter() - t0:.0f} s",
        flush=True,
    )

    measure_all(args, prosecutor, analyst)


def measure_all(args, prosecutor, analyst) -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from tests.factories import sign_in

    today = timezone.localdate()
    as_prosecutor = sign_in(Client(), prosecutor)
    as_analyst = sign_in(Client(), analyst)
    results = []

    def measure(label, client, url):
        if os.environ.get("BENCH_QUERIES"):
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:3]:
                print("   ", q["time"], q["sql"][:400])
        client.get(url)
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        times.sort()
        p95 = times[max(int(len(times) * 0.95) - 1, 0)]
        results.append((label, statistics.median(times), p95))
        print(f"{label:<48} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms")

    try:
        file_list = reverse("prosecution:file-list")
    except NoReverseMatch:
        file_list = None
        print("(no file list route yet: prosecution:file-list is slice 1's)")
    if file_list:
        measure("file list page, prosecutor (institution)", as_prosecutor, file_list)
    funnel = reverse("prosecution:funnel")
    last_year = f"{funnel}?year={today.year - 1}"
    measure("funnel page, prosecutor (this year)", as_prosecutor, funnel)
    measure("funnel page, prosecutor (last year)", as_prosecutor, last_year)
    measure("funnel page, analyst, national (this year)", as_analyst, funnel)
    measure("funnel page, analyst, national (last year)", as_analyst, last_year)
    measure(
        "GET /api/v1/prosecution/funnel/, analyst", as_analyst, reverse("api:prosecution-funnel")
    )
    measure("home page, prosecutor (queues + funnel card)", as_prosecutor, "/")
    measure(
        "hearing calendar, prosecutor (4 weeks)", as_prosecutor, reverse("prosecution:calendar")
    )
    measure("work queues page, prosecutor", as_prosecutor, reverse("prosecution:queues"))


if __name__ == "__main__":
    sys.exit(main())
