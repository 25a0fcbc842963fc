"""``record`` is the only writer of AuditEvent; ``chain_verify`` checks the whole chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db import models, transaction
from django.utils import timezone

from ruta.audit.models import AuditChainHead, AuditEvent, AuditEventInstitution
from ruta.core.middleware import current_request_context
from ruta.core.registry import account_institutions, record_institutions

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from ruta.core.actor import Actor

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
    """Append one event to the chain.

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
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditChainHead.objects.create(pk=1)
        event = AuditEvent(
            seq=head.last_seq + 1,
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
            prev_hash=head.last_hash,
            **_target_fields(target, target_institution_id),
        )
        event.hash = event_hash(event, related)
        event.save(force_insert=True)
        AuditEventInstitution.objects.bulk_create(
            AuditEventInstitution(event=event, institution_id=i) for i in related
        )
        head.last_seq, head.last_hash = event.seq, event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    head_hash: str
    broken_seq: int | None = None
    problem: str = ""


def chain_verify(*, batch_size: int = 2000) -> ChainReport:
    """Walk the chain in order and name the first broken link.

    Detects an altered event (its hash no longer matches its content), an inserted or deleted
    event (a gap or a repeated sequence number, or a previous-hash that does not match), and a
    deleted tail (the head remembers the last link).
    """
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    qs = AuditEvent.objects.order_by("seq")
    last_seq = 0
    while True:
        batch = list(qs.filter(seq__gt=last_seq)[:batch_size])
        if not batch:
            break
        related: dict[UUID, list[str]] = {}
        for event_id, inst_id in AuditEventInstitution.objects.filter(
            event_id__in=[e.pk for e in batch]
        ).values_list("event_id", "institution_id"):
            related.setdefault(event_id, []).append(str(inst_id))
        for event in batch:
            if event.seq != expected_seq:
                problem = "missing" if event.seq > expected_seq else "duplicate"
                return ChainReport(False, checked, expected_prev, expected_seq, problem)
            if event.prev_hash != expected_prev:
                return ChainReport(False, checked, expected_prev, event.seq, "link")
            if event_hash(event, related.get(event.pk, ())) != event.hash:
                return ChainReport(False, checked, expected_prev, event.seq, "altered")
            expected_prev, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
            last_seq = event.seq
    head = AuditChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS)
    if head_seq != checked or head_hash != expected_prev:
        return ChainReport(False, checked, expected_prev, checked + 1, "truncated")
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
