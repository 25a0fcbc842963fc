"""The audit trail: ``record`` appends, ``chain_seal`` chains, ``chain_verify`` checks.

Appending takes no lock: ``record`` inserts the event with its ``appended`` position (a
PostgreSQL sequence; on SQLite the next number, under the write lock every SQLite transaction
holds) and no place in the chain. The sealer (``chain_seal``: ``ruta audit seal``, and
opportunistically ``ruta audit verify`` and the audit trail) takes the unsealed events in
``appended`` order, in short batches, and gives each the next ``seq``, the previous event's hash
and its own hash. Only the sealer locks the chain head, so requests never wait on one another
for the audit trail.

The chain's sequence is given at sealing time, so it has no holes by construction: a rolled-back
transaction burns an ``appended`` number (PostgreSQL sequences are not transactional) but never
a ``seq``. Verify checks that ``seq`` runs 1..N without a gap or a repeat, that every link and
hash holds, that the head names the last link, and that no event waited longer than
``RUTA_AUDIT_SEAL_WITHIN_SECONDS`` to be sealed (an unsealed event is not yet protected).
"""

from __future__ import annotations

import hashlib
import json
import logging
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from django.conf import settings
from django.db import DatabaseError, connections, models, router, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from ruta.audit.models import AuditChainHead, AuditEvent, AuditEventInstitution
from ruta.core.middleware import current_request_context
from ruta.core.registry import account_institutions, record_institutions

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from ruta.core.actor import Actor

logger = logging.getLogger(__name__)

GENESIS = "0" * 64
HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_user_id",
    "actor_username",
    "institution_id",
    "membership_id",
    "action",
    "target_type",
    "target_id",
    "target_institution_id",
    "changed_fields",
    "data",
    "reason",
    "request_id",
    "ip",
    "via",
    "prev_hash",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, UUID):
        return str(value)
    return value


def event_hash(event: AuditEvent, related_institution_ids: list[str] | tuple[str, ...] = ()) -> str:
    """The SHA-256 of the event's fields and of the further institutions it concerns.

    The related institutions enter the payload only when there are any, so events written
    before they existed keep their hash.
    """
    payload = {name: _canonical(getattr(event, name)) for name in HASHED_FIELDS}
    if related_institution_ids:
        payload["related_institution_ids"] = sorted(str(i) for i in related_institution_ids)
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _target_fields(target: models.Model | None, target_institution_id: UUID | None) -> dict:
    if target is None:
        return {"target_type": "", "target_id": "", "target_institution_id": target_institution_id}
    meta = target._meta
    inst = target_institution_id
    if inst is None:
        inst = getattr(target, "institution_id", None)
        owner = record_institutions.get(meta.label_lower) if inst is None else None
        if owner is not None:
            inst = owner(target)
    return {
        "target_type": meta.label_lower,
        "target_id": str(target.pk),
        "target_institution_id": inst,
    }


def _related_institution_ids(target: models.Model | None) -> list[str]:
    """Every institution the person behind an account record belongs to (active memberships),
    as the app owning the record type answers (``core.registry.account_institutions``)."""
    if target is None:
        return []
    concerned = account_institutions.get(target._meta.label_lower)
    return concerned(target) if concerned is not None else []


# The PostgreSQL sequence that numbers appended events (created by migration 0005).
APPEND_SEQUENCE = "audit_auditevent_appended_seq"


def _next_appended() -> RawSQL:
    """The next append position, computed by the database in the INSERT itself."""
    vendor = connections[router.db_for_write(AuditEvent)].vendor
    if vendor == "postgresql":
        return RawSQL("nextval(%s)", (APPEND_SEQUENCE,))
    # SQLite: every transaction is IMMEDIATE (settings), so the insert runs under the
    # database's write lock and the next number cannot be taken twice.
    return RawSQL("(SELECT COALESCE(MAX(appended), 0) + 1 FROM audit_auditevent)", ())


def record(
    *,
    action: str,
    actor: Actor | None = None,
    user: AbstractBaseUser | None = None,
    target: models.Model | None = None,
    target_institution_id: UUID | None = None,
    changed_fields: list[str] | tuple[str, ...] = (),
    data: dict[str, Any] | None = None,
    reason: str = "",
    request_id: str = "",
    ip: str | None = None,
    via: str = "",
    institution_id: UUID | None = None,
) -> AuditEvent:
    """Append one event to the trail (unsealed: the sealer chains it a moment later).

    ``actor`` is the acting membership; ``user`` names who acted when there is no actor yet
    (sign-in, failed sign-in), and ``institution_id`` the institution they act for when known
    (a token issued for a membership). ``data`` holds codes and ids only, never personal values.

    ``via`` and ``request_id`` default to the request being served (``api`` under /api/,
    else ``web``; ``system`` outside a request). The IP address is never taken from the
    request: only callers that may keep it pass it.
    """
    context_request_id, context_via = current_request_context()
    if actor is not None:
        user = actor.user
        institution_id = actor.institution_id
    via = via or context_via or (actor.via if actor is not None else "") or "system"
    request_id = request_id or (actor.request_id if actor is not None else "") or context_request_id
    related = _related_institution_ids(target)
    # One INSERT needs no transaction of its own (outside one, it commits alone: two round
    # trips fewer for an audited read); the event and its institutions go in together.
    with transaction.atomic() if related else nullcontext():
        event = AuditEvent(
            appended=_next_appended(),
            seq=None,
            occurred_at=timezone.now(),
            actor_user_id=user.pk if user is not None else None,
            actor_username=user.get_username() if user is not None else "",
            institution_id=institution_id,
            membership_id=actor.membership.pk if actor is not None else None,
            action=action,
            changed_fields=sorted(changed_fields),
            data=data or {},
            reason=reason,
            request_id=request_id[:32],
            ip=(actor.ip if actor is not None else None) or ip or "",
            via=via,
            prev_hash="",
            hash="",
            **_target_fields(target, target_institution_id),
        )
        event.save(force_insert=True)
        AuditEventInstitution.objects.bulk_create(
            AuditEventInstitution(event=event, institution_id=i) for i in related
        )
        if settings.RUTA_AUDIT_SEAL_ON_COMMIT:
            _seal_after_commit()
    return event


def _related_ids(event_ids: list[UUID]) -> dict[UUID, list[str]]:
    related: dict[UUID, list[str]] = {}
    for event_id, inst_id in AuditEventInstitution.objects.filter(
        event_id__in=event_ids
    ).values_list("event_id", "institution_id"):
        related.setdefault(event_id, []).append(str(inst_id))
    return related


def _locked_head(*, wait: bool) -> AuditChainHead | None:
    """The chain head, locked for this transaction; None when ``wait`` is false and another
    sealer holds it. (SQLite has no row locks: its IMMEDIATE transactions already run one
    writer at a time.)"""
    qs = AuditChainHead.objects.filter(pk=1)
    head = (qs.select_for_update() if wait else qs.select_for_update(skip_locked=True)).first()
    if head is not None:
        return head
    if not wait and qs.exists():
        return None  # locked by another sealer
    AuditChainHead.objects.get_or_create(pk=1)  # the head is gone (a flushed test database)
    return qs.select_for_update().first()


def _seal_batch(batch_size: int, *, wait: bool) -> int | None:
    with transaction.atomic():
        head = _locked_head(wait=wait)
        if head is None:
            return None
        batch = list(AuditEvent.objects.filter(seq__isnull=True).order_by("appended")[:batch_size])
        if not batch:
            return 0
        related = _related_ids([e.pk for e in batch])
        seq, prev = head.last_seq, head.last_hash
        for event in batch:
            seq += 1
            event.seq, event.prev_hash = seq, prev
            event.hash = prev = event_hash(event, related.get(event.pk, ()))
        AuditEvent.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
        head.last_seq, head.last_hash = seq, prev
        head.save(update_fields=["last_seq", "last_hash"])
        return len(batch)


def chain_seal(*, batch_size: int = 500, max_events: int | None = None, wait: bool = True) -> int:
    """Chain the unsealed events in append order; return how many were sealed.

    Each batch is one short transaction holding the chain head's lock, so appends never wait
    and a sealer never holds the lock for long. ``wait=False`` (opportunistic sealing by a
    reader) gives up at once when another sealer holds the lock. ``max_events`` bounds the
    work of one call (a page should not seal a backlog of hours).
    """
    if not AuditEvent.objects.filter(seq__isnull=True).exists():
        return 0  # the usual case for a reader: one probe of the partial index, no lock
    sealed = 0
    while max_events is None or sealed < max_events:
        size = batch_size if max_events is None else min(batch_size, max_events - sealed)
        done = _seal_batch(size, wait=wait)
        if not done:
            break
        sealed += done
        if done < size:
            break
    return sealed


def chain_seal_opportunistic(*, max_events: int) -> int:
    """Seal what is pending on the way (a reader, a commit), never waiting for another sealer
    and never failing the caller: a sealing error (a forged event in the way of the next
    ``seq``) is logged and left to ``ruta audit verify`` and the sealer to report."""
    try:
        return chain_seal(wait=False, max_events=max_events)
    except DatabaseError:
        logger.exception("Sealing the audit trail failed; run `ruta audit verify`.")
        return 0


def _seal_pending() -> None:
    chain_seal_opportunistic(max_events=5000)


def _seal_after_commit() -> None:
    """Seal once the current transaction commits (once per transaction, however many events
    it recorded; never waiting for another sealer)."""
    connection = transaction.get_connection(router.db_for_write(AuditEvent))
    if any(func is _seal_pending for _sids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(_seal_pending, using=connection.alias, robust=True)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    head_hash: str
    broken_seq: int | None = None
    problem: str = ""
    # For ``unsealed``: the append position of the first event that waited too long.
    appended: int | None = None


def _first_stale(now: datetime) -> AuditEvent | None:
    limit = now - timedelta(seconds=settings.RUTA_AUDIT_SEAL_WITHIN_SECONDS)
    return (
        AuditEvent.objects.filter(seq__isnull=True, occurred_at__lt=limit)
        .order_by("appended")
        .only("pk", "appended")
        .first()
    )


def chain_verify(*, batch_size: int = 2000, seal: bool = True) -> ChainReport:
    """Walk the chain in order and name the first broken link.

    Detects an altered event (its hash no longer matches its content), an inserted or deleted
    event (a gap or a repeated sequence number, or a previous-hash that does not match), a
    deleted tail (the head remembers the last link), and events left unsealed longer than
    ``RUTA_AUDIT_SEAL_WITHIN_SECONDS`` (the sealer is not running: they were unprotected).

    With ``seal`` (the default) the pending events are sealed first, so a verify right after a
    write sees it chained; events that had already waited too long are still reported.
    """
    stale = _first_stale(timezone.now())
    if seal:
        chain_seal()
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    qs = AuditEvent.objects.filter(seq__isnull=False).order_by("seq")
    while True:
        walked = 0
        while True:
            batch = list(qs.filter(seq__gte=expected_seq)[:batch_size])
            if not batch:
                break
            related = _related_ids([e.pk for e in batch])
            for event in batch:
                seq = cast(int, event.seq)  # sealed events only
                if seq != expected_seq:
                    problem = "missing" if seq > expected_seq else "duplicate"
                    return ChainReport(False, checked, expected_prev, expected_seq, problem)
                if event.prev_hash != expected_prev:
                    return ChainReport(False, checked, expected_prev, event.seq, "link")
                if event_hash(event, related.get(event.pk, ())) != event.hash:
                    return ChainReport(False, checked, expected_prev, event.seq, "altered")
                expected_prev, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
                walked += 1
        head = AuditChainHead.objects.filter(pk=1).first()
        head_seq, head_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS)
        # A sealer may have moved the head on while we walked: walk the new links too.
        if head_seq > checked and walked:
            continue
        break
    if head_seq != checked or head_hash != expected_prev:
        return ChainReport(False, checked, expected_prev, checked + 1, "truncated")
    if not seal:
        stale = _first_stale(timezone.now())
    if stale is not None:
        stale_seq = AuditEvent.objects.filter(pk=stale.pk).values_list("seq", flat=True).first()
        return ChainReport(
            False, checked, expected_prev, stale_seq, "unsealed", appended=stale.appended
        )
    return ChainReport(True, checked, expected_prev)


REFUSED_ACTION = "core.access.refused"


def access_refused_record(
    *,
    actor: Actor,
    route: str,
    method: str,
    kind: str,
    ids: dict[str, str] | None = None,
    suppressed: int = 0,
) -> AuditEvent:
    """Record that ``actor`` was refused (answered 404) on ``route``.

    ``ids`` are the identifiers the URL named (never its query string or other values);
    ``suppressed`` counts the refusals of the same person left out by the rate limit since the
    last recorded one.
    """
    data: dict[str, Any] = {"route": route, "method": method, "kind": kind}
    if ids:
        data["ids"] = ids
    if suppressed:
        data["suppressed"] = suppressed
    return record(action=REFUSED_ACTION, actor=actor, data=data)
