"""Time limits of referrals and the reminders sent when one passes."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ruta.audit import services as audit
from ruta.core.holidays import is_working_day
from ruta.institutions.models import Institution
from ruta.referrals.choices import ReferralStatus
from ruta.referrals.models import Referral
from ruta.referrals.services._common import notify, responders


def answer_due(sent_at: datetime, institution: Institution, urgent: bool) -> datetime:
    """When the receiver should have answered: within hours when urgent, otherwise within
    working days (Monday to Friday, national holidays excepted), counted in local time."""
    if urgent:
        return sent_at + timedelta(hours=institution.referral_urgent_hours)
    local = timezone.localtime(sent_at)
    days = institution.referral_answer_days
    while days:
        local += timedelta(days=1)
        if is_working_day(local.date()):
            days -= 1
    return local


def remind_overdue() -> int:
    """Notify the receivers of referrals past their answer time, once each."""
    now = timezone.now()
    count = 0
    for referral in Referral.objects.filter(
        status=ReferralStatus.SENT, due_at__lt=now, reminded_at__isnull=True
    ).select_related("case"):
        with transaction.atomic():
            updated = Referral.objects.filter(pk=referral.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not updated:
                continue
            notify(
                responders(referral.to_institution_id),
                referral.to_institution_id,
                "referrals.overdue",
                gettext_lazy("A referral to your institution is waiting past its time limit"),
                referral,
                urgent=True,
            )
            notify(
                [referral.sent_by],
                referral.from_institution_id,
                "referrals.overdue",
                gettext_lazy("A referral you sent has not been answered in time"),
                referral,
            )
            audit.record(
                action="referrals.referral.reminded",
                target=referral,
                target_institution_id=referral.to_institution_id,
            )
            count += 1
    return count
