"""Appending takes no lock; the sealer chains events later; verify proves nothing waits too long.

The PostgreSQL tests use two connections (threads) and are skipped on SQLite, where one writer
at a time is the database's own rule.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ruta.audit import services as audit
from ruta.audit.models import AuditChainHead, AuditEvent
from ruta.audit.services import chain_seal, chain_verify
from tests.factories import make_user, sign_in

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and two connections: PostgreSQL"
)


def _record(n: int, action: str = "tests.thing.done") -> list[AuditEvent]:
    return [audit.record(action=action, data={"n": i}) for i in range(n)]


def _chain() -> list[tuple[int, str, str]]:
    return list(AuditEvent.objects.order_by("seq").values_list("seq", "prev_hash", "hash"))


def test_record_appends_unsealed_without_touching_the_chain_head():
    before, _ = AuditChainHead.objects.get_or_create(pk=1)
    with CaptureQueriesContext(connection) as queries:
        event = audit.record(action="tests.thing.done")
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "audit_auditchainhead" not in sql
    assert "FOR UPDATE" not in sql.upper()
    event.refresh_from_db()
    assert (event.seq, event.prev_hash, event.hash) == (None, "", "")
    assert event.appended > 0
    after = AuditChainHead.objects.get(pk=1)
    assert (after.last_seq, after.last_hash) == (before.last_seq, before.last_hash)


def test_append_positions_increase():
    events = _record(3)
    positions = [e.appended for e in events]
    assert positions == sorted(positions)
    assert len(set(positions)) == 3
    # The position given by the database is the one stored (read back on insert).
    assert (
        list(
            AuditEvent.objects.filter(pk__in=[e.pk for e in events])
            .order_by("appended")
            .values_list("appended", flat=True)
        )
        == positions
    )


def test_sealer_chains_in_append_order_in_batches():
    head, _ = AuditChainHead.objects.get_or_create(pk=1)
    events = _record(7)
    assert chain_seal(batch_size=3) == 7
    sealed = list(AuditEvent.objects.filter(pk__in=[e.pk for e in events]).order_by("appended"))
    assert [e.seq for e in sealed] == list(range(head.last_seq + 1, head.last_seq + 8))
    prev = head.last_hash
    for event in sealed:
        assert event.prev_hash == prev
        assert event.hash == audit.event_hash(event)
        prev = event.hash
    head.refresh_from_db()
    assert (head.last_seq, head.last_hash) == (sealed[-1].seq, sealed[-1].hash)
    assert chain_seal() == 0  # nothing left
    assert chain_verify(seal=False).ok


def test_max_events_bounds_one_call():
    _record(5)
    assert chain_seal(batch_size=2, max_events=3) == 3
    assert AuditEvent.objects.filter(seq__isnull=True).count() == 2


def test_verify_seals_recent_events_and_passes():
    _record(3)
    report = chain_verify()
    assert report.ok
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()
    assert report.checked == AuditEvent.objects.count()


def test_verify_without_sealing_ignores_recent_unsealed_events():
    _record(2)
    chain_seal()
    _record(2)
    report = chain_verify(seal=False)
    assert report.ok
    assert AuditEvent.objects.filter(seq__isnull=True).count() == 2


def test_unsealed_events_older_than_the_limit_fail_verify(settings):
    settings.RUTA_AUDIT_SEAL_WITHIN_SECONDS = 30
    _record(2)
    chain_seal()
    stale = _record(2)
    AuditEvent.objects.filter(pk__in=[e.pk for e in stale]).update(
        occurred_at=timezone.now() - timedelta(seconds=31)
    )
    # Without sealing: the first stale event is named by its append position.
    report = chain_verify(seal=False)
    assert (report.ok, report.problem, report.appended) == (False, "unsealed", stale[0].appended)
    assert report.broken_seq is None
    with pytest.raises(CommandError, match=f"appended #{stale[0].appended}.*sealed"):
        call_command("audit", "verify", "--no-seal")
    # Sealing them now protects them, but verify still reports that they waited too long.
    report = chain_verify()
    stale[0].refresh_from_db()
    assert (report.ok, report.problem, report.broken_seq) == (False, "unsealed", stale[0].seq)
    assert stale[0].seq is not None
    # Once sealed, the chain itself is intact.
    assert chain_verify().ok


def test_limit_is_a_setting(settings):
    (event,) = _record(1)
    AuditEvent.objects.filter(pk=event.pk).update(
        occurred_at=timezone.now() - timedelta(seconds=10)
    )
    settings.RUTA_AUDIT_SEAL_WITHIN_SECONDS = 60
    assert chain_verify(seal=False).ok
    settings.RUTA_AUDIT_SEAL_WITHIN_SECONDS = 5
    assert chain_verify(seal=False).problem == "unsealed"


def test_seal_command_seals_and_says_how_many(capsys):
    _record(4)
    call_command("audit", "seal")
    assert "Sealed 4 audit events." in capsys.readouterr().out
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()


def test_rolled_back_appends_leave_no_hole_in_the_chain():
    _record(1)

    def abandoned_request() -> None:
        with transaction.atomic():
            audit.record(action="tests.thing.abandoned")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        abandoned_request()
    _record(1)
    chain_seal()
    seqs = [s for s, _p, _h in _chain()]
    assert seqs == list(range(1, len(seqs) + 1))
    assert not AuditEvent.objects.filter(action="tests.thing.abandoned").exists()
    assert chain_verify().ok


def test_unsealing_a_sealed_event_to_alter_it_is_detected():
    events = _record(4)
    chain_seal()
    victim = AuditEvent.objects.get(pk=events[1].pk)
    # Someone clears its chain fields and edits it, hoping the sealer re-chains it.
    AuditEvent.objects.filter(pk=victim.pk).update(seq=None, prev_hash="", hash="", reason="x")
    report = chain_verify()
    assert (report.ok, report.broken_seq, report.problem) == (False, victim.seq, "missing")


def test_deleting_a_sealed_event_while_others_wait_is_detected():
    events = _record(3)
    chain_seal()
    _record(2)  # unsealed, after the chain's end
    AuditEvent.objects.filter(pk=events[-1].pk).delete()
    report = chain_verify()
    assert not report.ok
    assert report.problem in {"missing", "link"}
    assert report.broken_seq == AuditEvent.objects.get(pk=events[-2].pk).seq + 1


def test_on_commit_sealing_outside_production(settings, django_capture_on_commit_callbacks):
    settings.RUTA_AUDIT_SEAL_ON_COMMIT = True
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        first = audit.record(action="tests.thing.done")
        second = audit.record(action="tests.thing.done")
    assert len(callbacks) == 1  # one seal per transaction, however many events
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.seq, second.seq) == (second.seq - 1, second.seq)


def test_no_on_commit_sealing_when_switched_off(settings, django_capture_on_commit_callbacks):
    settings.RUTA_AUDIT_SEAL_ON_COMMIT = False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event = audit.record(action="tests.thing.done")
    assert callbacks == []
    event.refresh_from_db()
    assert event.seq is None


def _in_thread(target, *args) -> threading.Thread:
    def run():
        try:
            target(*args)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_do_not_wait_for_each_other(settings):
    settings.RUTA_AUDIT_SEAL_ON_COMMIT = False
    recorded, release = threading.Event(), threading.Event()

    def slow_request():
        with transaction.atomic():
            audit.record(action="tests.slow.done")
            recorded.set()
            release.wait(10)  # an open transaction that has appended an event

    thread = _in_thread(slow_request)
    assert recorded.wait(10)
    try:
        started = time.monotonic()
        with transaction.atomic():
            audit.record(action="tests.fast.done")
        took = time.monotonic() - started
        # The sealer does not wait for the open transaction either: it seals what is committed.
        assert chain_seal() == 1
        sealer_took = time.monotonic() - started - took
    finally:
        release.set()
        thread.join(10)
    assert took < 2, f"the second append waited {took:.1f} s for the first"
    assert sealer_took < 2
    assert chain_seal() == 1  # the slow one, once committed, next in the chain
    fast = AuditEvent.objects.get(action="tests.fast.done")
    slow = AuditEvent.objects.get(action="tests.slow.done")
    assert slow.seq == fast.seq + 1
    assert slow.prev_hash == fast.hash
    assert chain_verify().ok


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_one_sealer_at_a_time_and_readers_do_not_wait(settings):
    settings.RUTA_AUDIT_SEAL_ON_COMMIT = False
    AuditChainHead.objects.get_or_create(pk=1)  # a flushed database has none
    _record(3)
    locked, release = threading.Event(), threading.Event()

    def sealer_holding_the_lock():
        with transaction.atomic():
            AuditChainHead.objects.select_for_update().get(pk=1)
            locked.set()
            release.wait(10)

    thread = _in_thread(sealer_holding_the_lock)
    assert locked.wait(10)
    try:
        started = time.monotonic()
        assert chain_seal(wait=False) == 0  # another sealer is at work: give up at once
        assert time.monotonic() - started < 2
    finally:
        release.set()
        thread.join(10)
    assert chain_seal(wait=False) == 3
    assert chain_verify().ok


def test_a_forged_event_in_the_way_fails_verify_not_the_audit_page(client, home_institution):
    auditor_client = sign_in(client, make_user("auditor", home_institution))
    _record(2)
    chain_seal()
    head = AuditChainHead.objects.get(pk=1)
    (pending,) = _record(1)
    # A forged, "sealed" event takes the next place in the chain behind the sealer's back.
    AuditEvent.objects.create(
        appended=pending.appended + 1000,
        seq=head.last_seq + 1,
        occurred_at=timezone.now(),
        action="tests.thing.forged",
        prev_hash=head.last_hash,
        hash="f" * 64,
    )
    assert auditor_client.get("/audit/").status_code == 200  # the page still answers
    with pytest.raises(IntegrityError):
        chain_seal()  # the sealer itself stops loudly
    report = chain_verify(seal=False)
    assert (report.ok, report.broken_seq, report.problem) == (False, head.last_seq + 1, "altered")
