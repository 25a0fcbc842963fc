"""Closing a case takes a request and another person's decision; reopening a justification.

A closure request lists what the case still has open (``closure_items``): its own open tasks
and what other apps answer through ``core.registry.closure_checks`` (referrals, services, the
care plan). Each item is resolved first or carried with a reason; an item the closure cannot
carry (a child's referral to the child-protection agency not answered, objectives not met
when the reason says they are) blocks the request. The supervisor's decision sees the same
list and is refused when something opened since the request. Closing ends what was carried:
open tasks end as "closed with the case", and each app's ``case_closed_hooks`` end theirs
(referrals with an outcome, their grants and a word to the receivers; services cancelled).
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruta.audit import services as audit
from ruta.cases import policies
from ruta.cases.choices import ActivityKind, CaseStatus, ClosureReason, TaskEnd
from ruta.cases.models import Case
from ruta.cases.services._common import CaseClosed, bump, locked, notify_case
from ruta.cases.services.timeline import timeline_add
from ruta.core.actor import Actor
from ruta.core.errors import ConflictError, require
from ruta.core.registry import ClosureItem, case_closed_hooks, closure_checks

CARRY_REASON_MAX = 500


def closure_items(case: Case, reason: str = "") -> list[ClosureItem]:
    """What is still open on ``case``, blocking items first. ``reason`` is the closure reason
    asked for: some items depend on it (objectives met)."""
    items = [
        ClosureItem(
            key=f"task:{task.pk}",
            kind="task",
            label=_("Task: %(task)s") % {"task": task.get_kind_display()},
            url=reverse("cases:case-detail", kwargs={"case_id": case.pk}) + "#tasks-h",
        )
        for task in case.tasks.filter(done_at__isnull=True).order_by("due_at")
    ]
    for check in closure_checks:
        items.extend(check(case, reason))
    return sorted(items, key=lambda item: not item.blocking)


def carried_items(case: Case) -> dict[str, dict[str, str]]:
    """The items the pending request carries: key -> {"kind", "label", "reason"}."""
    if not case.closure_carried:
        return {}
    try:
        value = json.loads(case.closure_carried)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _check_items(
    items: list[ClosureItem], carried: dict[str, str], field: str
) -> dict[str, dict[str, str]]:
    """The carried items as stored, or a ValidationError naming what is blocking and what
    lacks a reason (nothing is written then)."""
    errors: list[str] = []
    kept: dict[str, dict[str, str]] = {}
    for item in items:
        reason = (carried.get(item.key) or "").strip()
        if item.blocking:
            errors.append(_("%(item)s: resolve it before closing.") % {"item": item.label})
        elif not reason:
            errors.append(
                _("%(item)s: resolve it, or say why the case closes with it open.")
                % {"item": item.label}
            )
        elif len(reason) > CARRY_REASON_MAX:
            errors.append(
                _("%(item)s: the reason is longer than %(max)d characters.")
                % {"item": item.label, "max": CARRY_REASON_MAX}
            )
        else:
            kept[item.key] = {"kind": item.kind, "label": str(item.label), "reason": reason}
    if errors:
        raise ValidationError({field: errors})
    return kept


@transaction.atomic
def case_request_closure(
    *,
    actor: Actor,
    case: Case,
    version: int | None,
    reason: str,
    note: str,
    carried: dict[str, str] | None = None,
) -> Case:
    """Ask to close ``case``. ``carried`` maps each open item's key (``closure_items``) to
    the reason the case closes with it open."""
    case = locked(case, version)
    if case.is_closed:
        raise CaseClosed
    require(policies.can_request_closure(actor, case))
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": [_("Choose a reason for closing the case.")]})
    kept = _check_items(closure_items(case, reason), carried or {}, "carried")
    case.closure_requested_at, case.closure_requested_by = timezone.now(), actor.user
    case.closure_reason, case.closure_note, case.closure_comment = reason, note.strip(), ""
    case.closure_carried = json.dumps(kept, ensure_ascii=False) if kept else ""
    bump(
        case,
        [
            "closure_requested_at",
            "closure_requested_by",
            "closure_reason",
            "closure_note",
            "closure_comment",
            "closure_carried",
        ],
    )
    timeline_add(case, ActivityKind.CLOSURE_REQUESTED, actor, detail=reason)
    audit.record(
        action="cases.case.closure_requested",
        actor=actor,
        target=case,
        data={"reason": reason, "carried": sorted(kept)},
    )
    from ruta.accounts.selectors import members_with_capability

    deciders = [
        u
        for u in members_with_capability(
            institution_id=case.institution_id, capability="cases.approve_closure"
        )
        if u != actor.user
    ]
    notify_case(
        deciders, case, "cases.closure_requested", gettext_lazy("A case closure waits for you")
    )
    return case


@transaction.atomic
def case_decide_closure(
    *, actor: Actor, case: Case, version: int | None, approve: bool, comment: str
) -> Case:
    case = locked(case, version)
    require(policies.can_decide_closure(actor, case))
    if not approve and not comment.strip():
        raise ValidationError({"comment": [_("Say why the closure is rejected.")]})
    case.closure_comment = comment.strip()
    if approve:
        carried = carried_items(case)
        items = closure_items(case, case.closure_reason)
        new = [item for item in items if item.blocking or item.key not in carried]
        if new:
            raise ConflictError(
                _(
                    "Since the request, this is open and was not carried: %(items)s. Reject the "
                    "request and ask again."
                )
                % {"items": "; ".join(str(item.label) for item in new)}
            )
        _close(case, actor, {key: value["reason"] for key, value in carried.items()})
        kind, action = ActivityKind.CLOSURE_APPROVED, "cases.case.closed"
    else:
        case.closure_requested_at, case.closure_requested_by = None, None
        case.closure_carried = ""
        bump(
            case,
            ["closure_requested_at", "closure_requested_by", "closure_comment", "closure_carried"],
        )
        kind, action = ActivityKind.CLOSURE_REJECTED, "cases.case.closure_rejected"
    timeline_add(case, kind, actor)
    audit.record(action=action, actor=actor, target=case, data={"reason": case.closure_reason})
    return case


def _close(case: Case, actor: Actor, carried: dict[str, str]) -> None:
    """Close the case and end what it carried open, in the decision's transaction."""
    case.status = (
        CaseStatus.CLOSED_REFERRED
        if case.closure_reason == ClosureReason.TRANSFERRED
        else CaseStatus.CLOSED
    )
    case.closed_at = timezone.now()
    bump(case, ["status", "closed_at", "closure_comment"])
    tasks = list(case.tasks.filter(done_at__isnull=True))
    for task in tasks:
        task.done_at, task.done_by, task.ended_as = case.closed_at, actor.user, TaskEnd.CASE_CLOSED
        task.note = carried.get(f"task:{task.pk}", "")
        task.save(update_fields=["done_at", "done_by", "ended_as", "note", "updated_at"])
    if tasks:
        audit.record(
            action="cases.task.ended_with_case",
            actor=actor,
            target=case,
            data={"tasks": [str(task.pk) for task in tasks]},
        )
    for hook in case_closed_hooks:
        hook(case=case, actor=actor, carried=carried)


@transaction.atomic
def case_reopen(*, actor: Actor, case: Case, version: int | None, justification: str) -> Case:
    case = locked(case, version)
    require(policies.can_reopen_case(actor, case))
    if not justification.strip():
        raise ValidationError({"justification": [_("Say why the case is reopened.")]})
    case.status, case.closed_at = CaseStatus.OPEN, None
    case.closure_requested_at, case.closure_requested_by = None, None
    case.closure_carried = ""
    case.reopen_justification = justification.strip()
    bump(
        case,
        [
            "status",
            "closed_at",
            "closure_requested_at",
            "closure_requested_by",
            "closure_carried",
            "reopen_justification",
        ],
    )
    timeline_add(case, ActivityKind.REOPENED, actor)
    audit.record(action="cases.case.reopened", actor=actor, target=case)
    return case
