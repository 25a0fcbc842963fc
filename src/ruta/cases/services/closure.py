"""Closing a case takes a request and another person's decision; reopening a
justification."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruta.audit import services as audit
from ruta.cases import policies
from ruta.cases.choices import ActivityKind, CaseStatus, ClosureReason
from ruta.cases.models import Case
from ruta.cases.services._common import CaseClosed, bump, locked, notify_case
from ruta.cases.services.timeline import timeline_add
from ruta.core.actor import Actor
from ruta.core.errors import require


@transaction.atomic
def case_request_closure(
    *, actor: Actor, case: Case, version: int | None, reason: str, note: str
) -> Case:
    case = locked(case, version)
    if case.is_closed:
        raise CaseClosed
    require(policies.can_request_closure(actor, case))
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": [_("Choose a reason for closing the case.")]})
    case.closure_requested_at, case.closure_requested_by = timezone.now(), actor.user
    case.closure_reason, case.closure_note, case.closure_comment = reason, note.strip(), ""
    bump(
        case,
        [
            "closure_requested_at",
            "closure_requested_by",
            "closure_reason",
            "closure_note",
            "closure_comment",
        ],
    )
    timeline_add(case, ActivityKind.CLOSURE_REQUESTED, actor, detail=reason)
    audit.record(
        action="cases.case.closure_requested", actor=actor, target=case, data={"reason": reason}
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
        case.status = (
            CaseStatus.CLOSED_REFERRED
            if case.closure_reason == ClosureReason.TRANSFERRED
            else CaseStatus.CLOSED
        )
        case.closed_at = timezone.now()
        bump(case, ["status", "closed_at", "closure_comment"])
        kind, action = ActivityKind.CLOSURE_APPROVED, "cases.case.closed"
    else:
        case.closure_requested_at, case.closure_requested_by = None, None
        bump(case, ["closure_requested_at", "closure_requested_by", "closure_comment"])
        kind, action = ActivityKind.CLOSURE_REJECTED, "cases.case.closure_rejected"
    timeline_add(case, kind, actor)
    audit.record(action=action, actor=actor, target=case, data={"reason": case.closure_reason})
    return case


@transaction.atomic
def case_reopen(*, actor: Actor, case: Case, version: int | None, justification: str) -> Case:
    case = locked(case, version)
    require(policies.can_reopen_case(actor, case))
    if not justification.strip():
        raise ValidationError({"justification": [_("Say why the case is reopened.")]})
    case.status, case.closed_at = CaseStatus.OPEN, None
    case.closure_requested_at, case.closure_requested_by = None, None
    case.reopen_justification = justification.strip()
    bump(
        case,
        [
            "status",
            "closed_at",
            "closure_requested_at",
            "closure_requested_by",
            "reopen_justification",
        ],
    )
    timeline_add(case, ActivityKind.REOPENED, actor)
    audit.record(action="cases.case.reopened", actor=actor, target=case)
    return case
