"""Reminders of hearings: the day before, the person in charge of the file hears of each
hearing once (``Hearing.reminded_at``). A file with nobody in charge reminds the members of
its institution who work on files. Run by ``ruta hearing_reminders`` from cron (see
docs/operations.md), like the referral reminders."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ruta.accounts.selectors import members_with_capability
from ruta.audit import services as audit
from ruta.notifications.services import notify_on_commit
from ruta.prosecution.models import Hearing


def _file_url(file_id) -> str:
    try:
        return reverse("prosecution:file-detail", kwargs={"file_id": file_id})
    except NoReverseMatch:  # the file page arrives with its own slice
        return reverse("prosecution:calendar")


def hearings_to_remind(now: datetime | None = None):
    """Hearings of tomorrow (local day) with no result, not reminded yet."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))
    return Hearing.objects.filter(
        starts_at__gte=start,
        starts_at__lt=start + timedelta(days=1),
        result="",
        reminded_at__isnull=True,
    ).select_related("file", "file__assigned_to")


def remind_hearings(now: datetime | None = None) -> int:
    """Notify, once per hearing, who must attend tomorrow's hearings; returns how many."""
    now = now or timezone.now()
    count = 0
    for hearing in hearings_to_remind(now):
        file = hearing.file
        with transaction.atomic():
            updated = Hearing.objects.filter(pk=hearing.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not updated:
                continue
            if file.assigned_to is not None and file.assigned_to.is_active:
                users = [file.assigned_to]
            else:
                users = members_with_capability(
                    institution_id=file.institution_id, capability="prosecution.edit"
                )
            # A title and a link, no personal data: the file's page names the hearing.
            notify_on_commit(
                users=users,
                institution_id=file.institution_id,
                kind="prosecution.hearing_tomorrow",
                title=gettext_lazy("A hearing of one of your criminal files is tomorrow"),
                url=_file_url(file.pk),
            )
            audit.record(
                action="prosecution.hearing.reminded",
                target=hearing,
                target_institution_id=file.institution_id,
                data={"type": hearing.type, "recipients": len(users)},
            )
            count += 1
    return count
