"""The results framework at scale: a logic model of 40 indicators over 5 years of monthly
periods, read by the dashboard from stored measurements, and one month recomputed from the
case records.

Seeds a throwaway database (SQLite, or DATABASE_URL) in bulk: N protection cases (default
1,000,000) with their persons, spread over five years, 0.5 % of them reported and contacted
within a day; a framework of 40 indicators (half computed: first contact in 24 h, actions done
on time, persons trained, convictions; half entered by hand), each with a target and a current
total and two sex cells per period over 60 monthly periods (40 x 60 x 3 = 7,200 current
measurements). Then times:

- the dashboard (``selectors_frameworks.dashboard``, the year with values) p50/p95;
- recomputing one month for the whole framework (``framework_recompute``), wall time.

Usage: .venv/bin/python benchmarks/bench_results.py [--cases 1000000] [--repeat 50]
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

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

YEARS = 5
INDICATORS = 40
COMPUTED = ("first_contact_24h", "actions_done_on_time", "persons_trained", "convictions")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    os.environ.setdefault("RUTA_DATA_DIR", tempfile.mkdtemp(prefix="ruta-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruta.config.settings")
    os.environ["RUTA_DEMO"] = "1"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from ruta.cases.models import Case
    from ruta.core.choices import InstitutionType as T
    from ruta.people.models import Person
    from ruta.results.models import Indicator, Measurement, ResultNode, ResultsFramework, Target
    from ruta.results.periods import periods_between
    from ruta.results.selectors_frameworks import dashboard
    from ruta.results.services.recompute import framework_recompute
    from tests.factories import actor_of, make_institution, make_user

    rng = random.Random(13)
    first_year = timezone.localdate().year - YEARS + 1
    tz = timezone.get_current_timezone()
    start = datetime(first_year, 1, 1, tzinfo=tz)
    span = int((datetime(first_year + YEARS, 1, 1, tzinfo=tz) - start).total_seconds())

    t0 = time.perf_counter()
    team = make_institution("Equipo nacional", T.RESPONSE_TEAM)
    owner = make_institution("Proyecto", T.INTERNATIONAL_PARTNER)
    analyst = actor_of(make_user("me_analyst", owner))
    batch = 20_000
    with transaction.atomic():
        for offset in range(0, args.cases, batch):
            n = min(batch, args.cases - offset)
            people = Person.objects.bulk_create(
                Person(
                    institution=team,
                    given_names="Persona",
                    first_surname=f"P{offset + i}",
                    sex=rng.choice(("female", "male")),
                )
                for i in range(n)
            )
            cases = []
            for i, person in enumerate(people):
                opened = start + timedelta(seconds=rng.randrange(span))
                contact = opened + timedelta(hours=rng.choice((2, 12, 30, 60)))
                cases.append(
                    Case(
                        reference=f"C-B-{offset + i:08d}",
                        institution=team,
                        person=person,
                        opened_at=opened,
                        first_contact_at=contact,
                    )
                )
            Case.objects.bulk_create(cases)
    seeded_cases = time.perf_counter() - t0

    framework = ResultsFramework.objects.create(
        kind="logic_model",
        code="bench",
        title="Marco de referencia",
        institution=owner,
        starts_on=date(first_year, 1, 1),
        ends_on=date(first_year + YEARS - 1, 12, 31),
    )
    node = ResultNode.objects.create(framework=framework, level="ultimate", code="1", title="R")
    periods = periods_between(f"{first_year}01", f"{first_year + YEARS - 1}12")
    indicators = Indicator.objects.bulk_create(
        Indicator(
            framework=framework,
            result=node,
            code=f"1.{i:02d}",
            name=f"Indicador {i}",
            unit="percent" if i % 2 else "number",
            direction="increase",
            frequency="monthly",
            computation=COMPUTED[i % len(COMPUTED)] if i < INDICATORS // 2 else "",
            disaggregations=["sex"],
            order=i,
        )
        for i in range(INDICATORS)
    )
    Target.objects.bulk_create(
        Target(indicator=ind, period=p, value=Decimal(rng.randrange(50, 100)))
        for ind in indicators
        for p in periods
    )
    Measurement.objects.bulk_create(
        (
            Measurement(
                indicator=ind,
                period=p,
                cell=cell,
                value=Decimal(rng.randrange(0, 100)),
                source="computed" if ind.computation else "manual",
            )
            for ind in indicators
            for p in periods
            for cell in ("", "sex:female", "sex:male")
        ),
        batch_size=5000,
    )

    year = first_year + YEARS - 1
    timings = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        dashboard(actor=analyst, framework=framework, year=year)
        timings.append((time.perf_counter() - t) * 1000)
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(0.95 * (len(timings) - 1))]

    month = f"{year}06"
    t = time.perf_counter()
    stored = framework_recompute(actor=analyst, framework=framework, period=month)
    recompute = time.perf_counter() - t

    print(f"database: {connection.vendor}; cases: {args.cases:,} (seeded in {seeded_cases:.0f} s)")
    print(f"framework: {INDICATORS} indicators x {len(periods)} monthly periods")
    print("| measure | figure |")
    print("|---|---|")
    print(f"| dashboard p50 / p95 ({args.repeat} runs) | {p50:.1f} / {p95:.1f} ms |")
    print(
        f"| recompute {month} ({INDICATORS // 2} computed indicators, {stored} values) "
        f"| {recompute:.2f} s |"
    )


if __name__ == "__main__":
    main()
