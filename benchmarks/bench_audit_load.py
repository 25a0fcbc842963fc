"""Load test of the API under gunicorn + PostgreSQL, with the audit trail on the request path.

Builds (once, then reuses) the database ``ruta_bench_audit`` with 100,000 cases, starts
gunicorn (4 workers) on this checkout's code and the audit sealer (``ruta audit seal --every
2``), then drives 1, 4, 16 and 32 concurrent clients (threads, each with its own API token)
against:

- institution detail        GET /api/v1/institutions/<id>/       (no audit event)
- case detail, audited      GET /api/v1/cases/<id>/              (one audit event per read)
- case detail, unaudited    the same, on a second server with RUTA_AUDIT_READS=0
- case list                 GET /api/v1/cases/                   (first page)
- note write                POST /api/v1/cases/<id>/notes/       (a write + its audit event)
- mix                       45% case detail, 25% institution, 20% case list, 10% note write

and prints req/s, p50/p95/p99 (ms) and errors (anything but 2xx, and failed connections) for
each, the targets of issue 9 at 16 and 32 clients, and ``ruta audit verify`` at the end.

Usage (PostgreSQL on 127.0.0.1:5432, user postgres, trust):
    .venv/bin/python benchmarks/bench_audit_load.py [--cases 100000] [--duration 10]
        [--clients 1,4,16,32] [--workers 4] [--rebuild]
``BENCH_DATABASE_URL`` overrides the database, ``BENCH_SRC`` the code served (another
checkout's ``src``, to compare before and after). A benchmark, not a test: the machine's other
load shows in the figures.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The code under test: this checkout's, or another one's (BENCH_SRC=/path/to/src) to compare.
SRC = Path(os.environ.get("BENCH_SRC", ROOT / "src"))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ruta_bench_audit"
BENCH_INSTITUTION = "Equipo de Respuesta Inmediata (carga)"


def _env(database_url: str, data_dir: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": str(SRC),
            "DJANGO_SETTINGS_MODULE": "ruta.config.settings",
            "DATABASE_URL": database_url,
            "RUTA_DATA_DIR": data_dir,
            "RUTA_DEMO": "1",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
            "DEBUG": "0",
            # Production keeps sealing off the request path: the sealer process does it.
            "RUTA_AUDIT_SEAL_ON_COMMIT": "0",
        }
    )
    env.update(extra)
    return env


def _create_database(database_url: str) -> None:
    import psycopg

    base, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _seed(n_cases: int, rebuild: bool) -> None:
    """Build the data once (bulk inserts); later runs reuse it."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from ruta.accounts.models import Membership, Role, User
    from ruta.cases.models import Case, Task
    from ruta.institutions.models import Institution
    from ruta.people.models import Person

    eri = Institution.objects.filter(name=BENCH_INSTITUTION).first()
    if eri is not None and not rebuild and Case.objects.filter(institution=eri).count() >= n_cases:
        print(f"reusing {n_cases} cases in {connection.settings_dict['NAME']}")
        return
    if eri is not None:
        raise SystemExit("the bench data is incomplete or --rebuild: drop the database first")
    t0 = time.perf_counter()
    eri = Institution.objects.create(name=BENCH_INSTITUTION, type="response_team")
    coordinator_role = Role.objects.get(code="eri_coordinator")
    worker_role = Role.objects.get(code="case_worker")
    users = User.objects.bulk_create(
        [User(username="carga.coordinadora", password="!")]
        + [User(username=f"carga.{i:02d}", password="!") for i in range(50)]
    )
    Membership.objects.bulk_create(
        [Membership(user=users[0], institution=eri, role=coordinator_role)]
        + [Membership(user=u, institution=eri, role=worker_role) for u in users[1:]]
    )
    rng = random.Random(7)
    now = timezone.now()
    batch = 5000
    for start in range(0, n_cases, batch):
        stop = min(start + batch, n_cases)
        persons = Person.objects.bulk_create(
            [
                Person(
                    institution=eri,
                    given_names=f"Nombre{i % 500}",
                    first_surname=f"Apellido{i % 300}",
                    second_surname=f"Segundo{i % 200}",
                    estimated_age=rng.randint(8, 60),
                    created_by=users[0],
                )
                for i in range(start, stop)
            ]
        )
        cases = Case.objects.bulk_create(
            [
                Case(
                    reference=f"C-2026-{i + 1:06d}",
                    institution=eri,
                    person=persons[i - start],
                    assigned_to=users[1 + i % 50] if i % 10 else None,
                    status=rng.choice(["open", "open", "follow_up", "closed"]),
                    opened_at=now - timedelta(minutes=i),
                    is_child=persons[i - start].estimated_age < 18,
                )
                for i in range(start, stop)
            ]
        )
        Task.objects.bulk_create(
            [
                Task(case=c, kind="first_contact", due_at=c.opened_at + timedelta(hours=24))
                for c in cases
                if c.status != "closed"
            ]
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"seeded {n_cases} cases in {time.perf_counter() - t0:.0f} s")


def _fixtures(clients: int) -> dict:
    """Tokens (one per client), and the ids the requests use."""
    from ruta.accounts.models import User
    from ruta.accounts.services import credentials as auth
    from ruta.cases.models import Case
    from ruta.institutions.models import Institution

    eri = Institution.objects.get(name=BENCH_INSTITUTION)
    user = User.objects.get(username="carga.coordinadora")
    membership = user.memberships.get()
    keys = [
        auth.token_create(user=user, membership=membership, second_factor=True, name="carga")[1]
        for _ in range(clients)
    ]
    open_cases = list(
        Case.objects.filter(institution=eri, status="open").values_list("pk", flat=True)[:5000]
    )
    return {
        "keys": keys,
        "institution": str(eri.pk),
        "cases": [str(pk) for pk in open_cases],
    }


class Server:
    def __init__(self, env: dict[str, str], port: int, workers: int) -> None:
        self.port = port
        self.proc = subprocess.Popen(  # noqa: S603 - our own command line
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "ruta.config.wsgi:application",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "--timeout",
                "60",
            ],
            env=env,
            cwd=str(ROOT),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status < 500:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _request(port: int, key: str, kind: str, fx: dict, rng: random.Random) -> int:
    headers = {"Authorization": f"Bearer {key}", "Accept": "application/json"}
    body = None
    method = "GET"
    if kind == "institution":
        path = f"/api/v1/institutions/{fx['institution']}/"
    elif kind in {"case", "case_unaudited"}:
        path = f"/api/v1/cases/{rng.choice(fx['cases'])}/"
    elif kind == "list":
        path = "/api/v1/cases/"
    elif kind == "note":
        method, path = "POST", f"/api/v1/cases/{rng.choice(fx['cases'])}/notes/"
        body = json.dumps({"sensitivity": "general", "body": "Seguimiento telefónico."})
        headers["Content-Type"] = "application/json"
    else:
        raise ValueError(kind)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


MIX = ["case"] * 45 + ["institution"] * 25 + ["list"] * 20 + ["note"] * 10


def _run(port: int, kind: str, clients: int, duration: float, fx: dict) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client(i: int) -> None:
        nonlocal errors
        rng = random.Random(i)
        mine: list[float] = []
        failed = 0
        while time.monotonic() < stop_at:
            what = rng.choice(MIX) if kind == "mix" else kind
            started = time.perf_counter()
            try:
                status = _request(port, fx["keys"][i], what, fx, rng)
            except OSError:
                status = 0
            mine.append((time.perf_counter() - started) * 1000)
            if not 200 <= status < 300:
                failed += 1
        with lock:
            latencies.extend(mine)
            errors += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.monotonic() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] if latencies else 0.0

    return {
        "rps": len(latencies) / took,
        "p50": statistics.median(latencies) if latencies else 0.0,
        "p95": pct(0.95),
        "p99": pct(0.99),
        "errors": errors,
        "n": len(latencies),
    }


LABELS = {
    "institution": "institution detail",
    "case": "case detail, audited",
    "case_unaudited": "case detail, unaudited",
    "list": "case list",
    "note": "note write",
    "mix": "mix",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100000)
    parser.add_argument("--clients", default="1,4,16,32")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--only", default="", help="comma-separated scenarios (institution,case,list,note,mix)"
    )
    args = parser.parse_args()
    clients = [int(c) for c in args.clients.split(",")]
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    data_dir = str(Path(tempfile.gettempdir()) / "ruta-bench-audit")
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    os.environ.update(_env(database_url, data_dir))
    sys.path.insert(0, str(SRC))
    _create_database(database_url)
    import django

    django.setup()
    _seed(args.cases, args.rebuild)
    fx = _fixtures(max(clients))
    from django.db import connections

    connections.close_all()

    only = set(filter(None, args.only.split(",")))
    audited = [k for k in ("institution", "case", "list", "note", "mix") if not only or k in only]
    results: dict[tuple[str, int], dict] = {}
    sealer = subprocess.Popen(
        [sys.executable, "-m", "ruta.manage", "audit", "seal", "--every", "2"],
        env=_env(database_url, data_dir),
        cwd=str(ROOT),
    )
    try:
        plan = [({}, audited)]
        if not only or "case" in only:
            plan.append(({"RUTA_AUDIT_READS": "0"}, ["case_unaudited"]))
        for extra, kinds in plan:
            server = Server(_env(database_url, data_dir, **extra), args.port, args.workers)
            try:
                for kind in kinds:
                    _run(args.port, kind, 2, 1.0, fx)  # warm the workers up
                    for c in clients:
                        results[kind, c] = r = _run(args.port, kind, c, args.duration, fx)
                        print(
                            f"{LABELS[kind]:<24} {c:>3} clients  {r['rps']:7.1f} req/s  "
                            f"p50 {r['p50']:6.1f}  p95 {r['p95']:6.1f}  p99 {r['p99']:6.1f} ms  "
                            f"errors {r['errors']}",
                            flush=True,
                        )
            finally:
                server.stop()
    finally:
        sealer.terminate()
        sealer.wait(20)

    print("\n| scenario | clients | req/s | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for (kind, c), r in results.items():
        print(
            f"| {LABELS[kind]} | {c} | {r['rps']:.0f} | {r['p50']:.0f} | {r['p95']:.0f} "
            f"| {r['p99']:.0f} | {r['errors']} |"
        )
    print("\nTargets at 16 and 32 clients:")
    for c in (16, 32):
        checks = []
        if ("institution", c) in results:
            checks.append(("institution >= 400 req/s", results["institution", c]["rps"] >= 400))
        if ("list", c) in results:
            checks.append(("case list >= 200 req/s", results["list", c]["rps"] >= 200))
        if ("case", c) in results and ("case_unaudited", c) in results:
            a, u = results["case", c], results["case_unaudited", c]
            checks.append(("audited >= 80% of unaudited", a["rps"] >= 0.8 * u["rps"]))
            checks.append(("audited p99 <= 2x unaudited", a["p99"] <= 2 * u["p99"]))
        checks.append(
            (
                "0 errors",
                all(r["errors"] == 0 for (k, cc), r in results.items() if cc == c),
            )
        )
        for label, ok in checks:
            print(f"  {c:>2} clients: {label:<30} {'ok' if ok else 'MISSED'}")
    verify = subprocess.run(
        [sys.executable, "-m", "ruta.manage", "audit", "verify"],
        env=_env(database_url, data_dir),
        cwd=str(ROOT),
        capture_output=True,
        text=True,
        check=False,
    )
    print("\nruta audit verify:", (verify.stdout or verify.stderr).strip())


if __name__ == "__main__":
    sys.exit(main())
