"""What a case's closure asks of its referrals (``core.registry.closure_checks``) and does to
them (``core.registry.case_closed_hooks``).

Open referrals are listed; a child's case cannot close before the child-protection agency has
answered its mandatory referral. On closure, a referral still waiting for an answer is
withdrawn and an accepted one ends with the outcome "ended when the case was closed", each
with the reason the closure carried; the receiver's access ends and its responders are told.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruta.audit import services as audit
from ruta.cases.choices import ActivityKind
from ruta.cases.models import Case
from ruta.cases.services.grants import grant_close
from ruta.cases.services.timeline import timeline_add
from ruta.core.actor import Actor
from ruta.core.registry import ClosureItem
from ruta.referrals.choices import OPEN_STATUSES, Outcome, ReferralStatus
from ruta.referrals.models import Referral
from ruta.referrals.services._common import SOURCE, notify_about, responders


def _key(referral: Referral) -> str:
    return f"referral:{referral.pk}"


def closure_check(case: Case, reason: str) -> list[ClosureItem]:
    referrals = list(
        Referral.objects.filter(case=case).select_related("to_institution").order_by("sent_at")
    )
    items = []
    for referral in referrals:
        if referral.status not in OPEN_STATUSES:
            continue
        unanswered_mandatory = referral.mandatory and referral.status == ReferralStatus.SENT
        label = (
            _(
                "Referral %(reference)s to %(institution)s (%(status)s): the child-protection "
                "agency must answer it"
            )
            if unanswered_mandatory
            else _("Referral %(reference)s to %(institution)s (%(status)s)")
        ) % {
            "reference": referral.reference,
            "institution": referral.to_institution.short_name,
            "status": referral.get_status_display().lower(),
        }
        items.append(
            ClosureItem(
                key=_key(referral),
                kind="referral",
                label=label,
                blocking=unanswered_mandatory,
                url=reverse("referrals:referral-detail", kwargs={"referral_id": referral.pk}),
            )
        )
    answered = any(r.mandatory and r.answered_at for r in referrals)
    waiting = any(r.mandatory and r.status == ReferralStatus.SENT for r in referrals)
    if case.is_child and not answered and not waiting:
        items.append(
            ClosureItem(
                key="referral:child-protection",
                kind="referral",
                label=_(
                    "A child's case: the child-protection agency has received no referral and "
                    "answered none"
                ),
                blocking=True,
                url=reverse("referrals:referral-new", kwargs={"case_id": case.pk}),
            )
        )
    return items


def on_case_closed(*, case: Case, actor: Actor, carried: dict[str, str]) -> None:
    """End the case's open referrals in the closure's transaction."""
    now = timezone.now()
    open_referrals = list(
        Referral.objects.select_for_update(of=("self",)).filter(case=case, status__in=OPEN_STATUSES)
    )
    for referral in open_referrals:
        reason = carried.get(_key(referral), "")
        if referral.status == ReferralStatus.SENT:
            referral.status, referral.withdrawn_at, referral.withdraw_reason = (
                ReferralStatus.WITHDRAWN,
                now,
                reason,
            )
            fields = ["status", "withdrawn_at", "withdraw_reason"]
        else:
            referral.status, referral.completed_at = ReferralStatus.COMPLETED, now
            referral.outcome, referral.outcome_reason = Outcome.CASE_CLOSED, ""
            referral.outcome_note = reason
            fields = ["status", "completed_at", "outcome", "outcome_reason", "outcome_note"]
        referral.version += 1
        referral.save(update_fields=[*fields, "version", "updated_at"])
        grant_close(actor=actor, source=SOURCE, source_id=referral.pk)
        timeline_add(case, ActivityKind.REFERRAL_CLOSED, actor, detail="case_closed")
        audit.record(
            action="referrals.referral.ended_with_case",
            actor=actor,
            target=referral,
            target_institution_id=case.institution_id,
            data={"case": str(case.pk), "status": referral.status},
            reason=reason,
        )
        notify_about(
            [*responders(referral.to_institution_id), referral.assigned_to],
            referral.to_institution_id,
            "referrals.ended_with_case",
            gettext_lazy("A referral to your institution ended: the case was closed"),
            referral,
        )
