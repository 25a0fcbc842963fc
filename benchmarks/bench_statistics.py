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
  export, the time per case. The exports run as ``ruta export htcds`` / ``ruta export ctdc``
  in a child process each, and their peak memory is that process's own (VmHWM); the
  benchmark's own peak (ru_maxrss, the generator's) is printed before them.

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
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


REASON = "Benchmark of the statistics exports"
# Run in the child: the command, then its own high-water mark. ru_maxrss cannot say it: Linux
# carries the parent's peak into a child's across fork and exec, and VmHWM belongs to the
# process's own memory map.
_MEASURED = """
import atexit, sys
def _peak():
    with open("/proc/self/status") as status:
        kb = next(line.split()[1] for line in status if line.startswith("VmHWM"))
    print(f"VmHWM {kb}", file=sys.stderr)
atexit.register(_peak)
from ruta.manage import main
sys.argv = ["ruta", *sys.argv[1:]]
main()
"""


def _command(*argv: str) -> tuple[float, float, str]:
    """Run ``ruta <argv>`` in a child process: its wall time, its own peak memory (MB), and
    what it printed."""
    started = time.perf_counter()
    child = subprocess.run(  # noqa: S603 - our own command, arguments built here
        [sys.executable, "-c", _MEASURED, *argv],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
    )
    seconds = time.perf_counter() - started
    if child.returncode:
        raise SystemExit(f"ruta {' '.join(argv)} failed:\n{child.stdout}{child.stderr}")
    peak = next(line for line in child.stderr.splitlines() if line.startswith("VmHWM"))
    return seconds, int(peak.split()[1]) / 1024, child.stdout


def _export(kind: str, year: int, out: str) -> tuple[float, float, str]:
    return _command("export", kind, "--year", str(year), "--reason", REASON, "--out", out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--loads", type=int, default=20)
    parser.add_argument(
        "--reuse", action="store_true", help="measure the cases already in the database, if any"
    )
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
    from ruta.reporting import exchange_htcds
    from ruta.reporting.services import statistics_refresh
    from ruta.reporting.services_releases import release_prepare
    from tests.factories import actor_of, make_institution, make_user, sign_in

    rows: list[tuple[str, str]] = []
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % 50_000 == 0 or done == total:
            print(f"  {done:,}/{total:,} cases, {time.perf_counter() - started:.0f} s", flush=True)

    if args.reuse and Case.objects.exists():
        rows.append(("generate + rebuild", f"reused: {Case.objects.count():,} cases"))
    else:
        result = generate(cases=args.cases, seed=args.seed, years=5, batch=5000, progress=progress)
        rows.append(
            (
                "generate + rebuild",
                f"{result.cases:,} cases, {result.victims_counted:,} victims counted, "
                f"{time.perf_counter() - started:.0f} s, peak {_rss_mb():.0f} MB",
            )
        )

    commission = make_institution(f"Comisión {os.getpid()}")  # --reuse runs again
    analyst = make_user("me_analyst", commission, username=f"bench.analyst.{os.getpid()}")
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

    coordinator = actor_of(
        make_user("eri_coordinator", commission, username=f"bench.coordinator.{os.getpid()}")
    )
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
    rows.append(("peak memory of the benchmark before the exports", f"{_rss_mb():.0f} MB"))
    # Each export runs as the command an operator types, in its own process, so that its
    # peak memory is its own (not the generator's, which ran in this one).
    seconds, peak, output = _export("htcds", year, os.path.join(out, "htcds.xlsx"))
    exported = exchange_htcds.cases_of_year(year).count()
    rows.append(
        (
            f"HTCDS export {year} (ruta export htcds)",
            f"{exported:,} cases, {seconds:.1f} s ({seconds / max(exported, 1) * 1e6:.0f} us a "
            f"case), peak {peak:.0f} MB",
        )
    )
    seconds, peak, output = _export("ctdc", year, os.path.join(out, "ctdc.csv"))
    rows.append((f"CTDC extract {year} (ruta export ctdc)", f"{seconds:.1f} s, peak {peak:.0f} MB"))
    rows.append(("  its report", output.strip().splitlines()[-1] if output.strip() else "-"))
    t = time.perf_counter()
    release = release_prepare(actor=actor_of(analyst), year=year)
    rep = release.report
    rows.append(
        (
            f"release {year}",
            f"{release.tables.count()} tables ({rep['tables']} about people), "
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
