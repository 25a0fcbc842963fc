"""Statistics at scale (issue 14, section 5).

Generates N synthetic cases (``ruta generate_synthetic``), then measures:

- the dashboard page (the analyst's page through Django's test client) for eight filter sets:
  the first load (cold: the summary table's grouped queries) and p50 / p95 of 20 more (warm:
  the computed dashboard from the cache, until the counts change); the same for the services
  and referrals page with three filter sets;
- a write reaching the dashboard: a new identification decision recorded through the service,
  sealed, then one ``statistics_refresh`` (what ``ruta refresh_statistics --every 15`` runs);
- the HTCDS export of the last full year (streamed XLSX), the CTDC extract (with k-anonymity)
  and a release (all tables, suppression, audit), each with its wall time and, for the HTCDS
  export, the time per case; peak memory of the
  process (ru_maxrss) is printed after each step.

Usage:
  .venv/bin/python benchmarks/bench_statistics.py --cases 100000
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python \\
      benchmarks/bench_statistics.py --cases 1000000      (a fresh database)
Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--loads", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("RUTA_DATA_DIR", tempfile.mkdtemp(prefix="ruta-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruta.config.settings")
    os.environ.setdefault("RUTA_DEMO", "1")  # the analyst signs in without 2FA
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from ruta.audit.services import chain_seal
    from ruta.cases import services as cases
    from ruta.cases.models import Case
    from ruta.demo.synthetic import generate
    from ruta.reporting import exchange_ctdc, exchange_htcds
    from ruta.reporting.services import statistics_refresh
    from ruta.reporting.services_releases import release_prepare
    from tests.factories import actor_of, make_institution, make_user, sign_in

    rows: list[tuple[str, str]] = []
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % 50_000 == 0 or done == total:
            print(f"  {done:,}/{total:,} cases, {time.perf_counter() - started:.0f} s", flush=True)

    result = generate(cases=args.cases, seed=args.seed, years=5, batch=5000, progress=progress)
    rows.append(
        (
            "generate + rebuild",
            f"{result.cases:,} cases, {result.victims_counted:,} victims counted, "
            f"{time.perf_counter() - started:.0f} s, peak {_rss_mb():.0f} MB",
        )
    )

    commission = make_institution("Comisión")
    analyst = make_user("me_analyst", commission, username="bench.analyst")
    client = sign_in(Client(), analyst)
    year = timezone.localdate().year - 1
    filters = [
        {},
        {"year_from": year - 4, "year_to": year},
        {"year_from": year, "year_to": year, "department": "HN-CR"},
        {"year_from": year, "year_to": year, "age_cell": "girl"},
        {"year_from": year, "year_to": year, "department": "HN-CR", "age_cell": "girl"},
        {"year_from": year - 4, "year_to": year, "form": "sexual"},
        {"year_from": year, "year_to": year, "identified_only": "on"},
        {"year_from": year - 4, "year_to": year, "department": "HN-FM", "form": "forced_labour"},
    ]
    client.get("/statistics/")  # warm: the first refresh, the caches
    p95s = []
    for f in filters:
        t = time.perf_counter()
        assert client.get("/statistics/", f).status_code == 200
        cold = (time.perf_counter() - t) * 1000  # first view after a change: the cache misses
        times = []
        for _ in range(args.loads):
            t = time.perf_counter()
            response = client.get("/statistics/", f)
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, response.status_code
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        p95s.append(p95)
        rows.append(
            (
                f"dashboard {f or 'default'}",
                f"cold {cold:.0f} ms; warm p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms",
            )
        )

    response_filters = [
        {"year_from": year, "year_to": year},
        {"year_from": year - 4, "year_to": year},
        {"year_from": year, "year_to": year, "department": "HN-CR", "age_cell": "girl"},
    ]
    for f in response_filters:
        t = time.perf_counter()
        assert client.get("/statistics/response/", f).status_code == 200
        cold = (time.perf_counter() - t) * 1000
        times = []
        for _ in range(args.loads):
            t = time.perf_counter()
            assert client.get("/statistics/response/", f).status_code == 200
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        p95s.append(p95)
        rows.append(
            (
                f"services and referrals {f}",
                f"cold {cold:.0f} ms; warm p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms",
            )
        )

    coordinator = actor_of(make_user("eri_coordinator", commission))
    case = Case.objects.filter(identifications__status="not_victim", status="open").first()
    if case is not None:
        case.institution = commission
        case.save(update_fields=["institution"])
        t = time.perf_counter()
        cases.identification_decide(
            actor=coordinator,
            case=case,
            version=case.version,
            status="identified",
            decided_on=timezone.localdate(),
            basis="Benchmark",
        )
        chain_seal()
        refreshed = statistics_refresh()
        rows.append(
            (
                "a write to the dashboard",
                f"{(time.perf_counter() - t) * 1000:.0f} ms (decision, seal, refresh of "
                f"{refreshed.cases} case(s), {refreshed.changed} summary rows)",
            )
        )

    out = tempfile.mkdtemp(prefix="ruta-bench-out-")
    rows.append(("peak memory before the exports", f"{_rss_mb():.0f} MB"))
    t = time.perf_counter()
    exported = exchange_htcds.write(year, os.path.join(out, "htcds.xlsx"))
    rows.append(
        (
            f"HTCDS export {year}",
            f"{exported.rows:,} cases, {time.perf_counter() - t:.1f} s "
            f"({(time.perf_counter() - t) / max(exported.rows, 1) * 1e6:.0f} us a case), "
            f"peak {_rss_mb():.0f} MB",
        )
    )
    t = time.perf_counter()
    extract = exchange_ctdc.write(year, os.path.join(out, "ctdc.csv"))
    r = extract.report
    rows.append(
        (
            f"CTDC extract {year}",
            f"{r['released']:,} of {r['records']:,} released ({100 * r['left_out_share']:.1f}% "
            f"left out; generalised {r['generalised']}), {time.perf_counter() - t:.1f} s, "
            f"peak {_rss_mb():.0f} MB",
        )
    )
    t = time.perf_counter()
    release = release_prepare(actor=actor_of(analyst), year=year)
    rep = release.report
    rows.append(
        (
            f"release {year}",
            f"{rep['cells']} cells, {rep['primary']} primary, {rep['secondary']} secondary "
            f"({100 * rep['suppressed_share']:.1f}% suppressed), {rep['perturbed']} perturbed, "
            f"safe {rep['safe']}, {time.perf_counter() - t:.1f} s",
        )
    )
    print()
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    width = max(len(a) for a, _b in rows)
    for a, b in rows:
        print(f"{a.ljust(width)}  {b}")
    print(f"worst dashboard p95: {max(p95s):.0f} ms")


if __name__ == "__main__":
    main()
