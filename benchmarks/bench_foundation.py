"""Benchmark of the platform foundation at a national deployment's size.

Seeds a throwaway database (SQLite by default, or DATABASE_URL) with many users, institutions
and audit events, then measures:
- audit.record appends per second (the chain serialises writes),
- ruta audit verify over the whole chain,
- the user list page and /api/v1/users/ (p50 / p95 over repeated requests),
- the audit search page filtered by user.

Usage: .venv/bin/python benchmarks/bench_foundation.py [--users 20000] [--events 200000]
A benchmark, not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

# The test helpers (tests/factories.py) are imported from the repository's root.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20000)
    parser.add_argument("--institutions", type=int, default=300)
    parser.add_argument("--events", type=int, default=200000)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()

    os.environ.setdefault("RUTA_DATA_DIR", tempfile.mkdtemp(prefix="ruta-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruta.config.settings")
    os.environ["RUTA_DEMO"] = "1"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from ruta.accounts.models import Membership, Role, User
    from ruta.accounts.services import credentials as auth
    from ruta.audit import services as audit
    from ruta.audit.models import AuditChainHead, AuditEvent
    from ruta.audit.services import event_hash
    from ruta.institutions.models import Institution
    from tests.factories import sign_in

    print(f"database: {connection.vendor}; users={args.users} events={args.events}")
    t0 = time.perf_counter()
    institutions = Institution.objects.bulk_create(
        [Institution(name=f"Institución {i:04d}", type="ngo") for i in range(args.institutions)]
    )
    roles = list(Role.objects.exclude(code="platform_admin"))
    users = User.objects.bulk_create(
        [
            User(
                username=f"usuario{i:06d}",
                first_name=f"Nombre{i % 997}",
                last_name=f"Apellido{i % 1009} Segundo{i % 101}",
                email=f"u{i}@example.org",
                password="!",
            )
            for i in range(args.users)
        ],
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        [
            Membership(
                user=u, institution=institutions[i % len(institutions)], role=roles[i % len(roles)]
            )
            for i, u in enumerate(users)
        ],
        batch_size=2000,
    )
    # A valid chain written in bulk (the hash of each event covers the previous one).
    head = AuditChainHead.objects.get(pk=1)
    prev, seq, batch = head.last_hash, head.last_seq, []
    now = timezone.now()
    for i in range(args.events):
        seq += 1
        e = AuditEvent(
            appended=seq,
            seq=seq,
            occurred_at=now,
            actor_user_id=users[i % len(users)].pk,
            actor_username=users[i % len(users)].username,
            institution_id=institutions[i % len(institutions)].pk,
            action="bench.thing.done",
            target_type="accounts.user",
            target_id=str(users[(i * 7) % len(users)].pk),
            prev_hash=prev,
        )
        e.hash = event_hash(e)
        prev = e.hash
        batch.append(e)
        if len(batch) == 5000:
            AuditEvent.objects.bulk_create(batch)
            batch = []
    AuditEvent.objects.bulk_create(batch)
    AuditChainHead.objects.filter(pk=1).update(last_seq=seq, last_hash=prev)
    if connection.vendor == "postgresql":  # appended positions continue after the bulk ones
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval('audit_auditevent_appended_seq', %s)", [seq])
    print(f"seeded in {time.perf_counter() - t0:.1f} s")

    n = 500
    t = time.perf_counter()
    for i in range(n):
        audit.record(action="bench.append.done", data={"i": i})
    rate = n / (time.perf_counter() - t)
    print(f"audit.record: {rate:.0f} appends/s (sequential, one transaction each)")
    t = time.perf_counter()
    sealed = audit.chain_seal()
    print(f"audit seal: {sealed} events in {time.perf_counter() - t:.2f} s")

    t = time.perf_counter()
    report = audit.chain_verify()
    took = time.perf_counter() - t
    print(f"audit verify: {report.checked} events in {took:.1f} s, ok={report.ok}")

    admin = User.objects.create(username="bench.admin", password="!")
    Membership.objects.create(
        user=admin, institution=institutions[0], role=Role.objects.get(code="platform_admin")
    )
    auditor = User.objects.create(username="bench.auditor", password="!")
    Membership.objects.create(
        user=auditor, institution=institutions[0], role=Role.objects.get(code="auditor")
    )
    client = sign_in(Client(), admin)
    _t, key = auth.token_create(user=admin, membership=admin.memberships.get())
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    audit_client = sign_in(Client(), auditor)

    def measure(label, fn):
        fn()  # warm up
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            response = fn()
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, response.status_code
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"{label:<40} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms")

    measure("user list page (all users)", lambda: client.get("/accounts/users/"))
    measure(
        "user list page, search 'Apellido17'", lambda: client.get("/accounts/users/?q=Apellido17")
    )
    measure("GET /api/v1/users/", lambda: api.get("/api/v1/users/"))
    measure("institutions page", lambda: client.get("/institutions/"))
    measure(
        "audit page, filtered by user",
        lambda: audit_client.get(f"/audit/?user={users[5].username}"),
    )
    measure("audit page, no filter", lambda: audit_client.get("/audit/"))


if __name__ == "__main__":
    sys.exit(main())
