"""The follow-up questionnaire three months after a session: a one-time link by e-mail
(only the token's hash is kept), answered once on a public page that shows the course's
title and nothing else."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ruta.accounts.tasks import send_email_task
from ruta.audit import services as audit
from ruta.core.views import absolute_link
from ruta.prevention.choices import EnrolmentStatus, SessionStatus
from ruta.prevention.models import Enrolment, FollowUp

FOLLOW_UP_AFTER = timedelta(days=90)
FOLLOW_UP_VALID = timedelta(days=30)
COMMENT_MAX = 2000


class FollowUpUse:
    """How what was learnt was applied (codes; labels are translated on the page)."""

    IDENTIFIED = "identified_victim"
    REFERRED = "referred_person"
    INTERVIEWS = "changed_interviews"
    TRAINED = "trained_colleagues"
    OTHER = "other"

    @staticmethod
    def choices() -> list[tuple[str, str]]:
        return [
            (FollowUpUse.IDENTIFIED, _("I identified a possible victim")),
            (FollowUpUse.REFERRED, _("I referred a person to a service")),
            (FollowUpUse.INTERVIEWS, _("I changed how I interview")),
            (FollowUpUse.TRAINED, _("I trained colleagues")),
            (FollowUpUse.OTHER, _("Other")),
        ]

    @staticmethod
    def values() -> list[str]:
        return [
            FollowUpUse.IDENTIFIED,
            FollowUpUse.REFERRED,
            FollowUpUse.INTERVIEWS,
            FollowUpUse.TRAINED,
            FollowUpUse.OTHER,
        ]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def follow_up_by_token(token: str) -> FollowUp | None:
    """The follow-up a link's token names, with its course (None: unknown)."""
    if not token or len(token) > 100:
        return None
    return (
        FollowUp.objects.select_related("enrolment__session__course")
        .filter(token_hash=token_hash(token))
        .first()
    )


def due_enrolments(now: datetime | None = None):
    """Enrolments of sessions that ended at least 90 days ago, with a participant's e-mail
    and no follow-up yet (the session not cancelled, the participant not withdrawn)."""
    today = timezone.localdate(now or timezone.now())
    return (
        Enrolment.objects.filter(
            session__ends_on__lte=today - FOLLOW_UP_AFTER,
            status=EnrolmentStatus.ENROLLED,
            follow_up__isnull=True,
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .exclude(participant__email="")
        .select_related("participant", "session__course")
        .order_by("session__ends_on", "pk")
    )


def _email(enrolment: Enrolment, path: str, base_url: str) -> tuple[str, str]:
    course = enrolment.session.course.title
    with translation.override("es"):
        subject = _("Three months after your training: one question")
        body = "\n\n".join(
            [
                _("Hello,"),
                _(
                    'Three months ago you took part in the training "%(course)s". Did you '
                    "apply what you learnt at work? Your answer takes a minute and helps "
                    "improve the trainings."
                )
                % {"course": course},
                _("Open this link to answer (it works once and expires in 30 days):"),
                absolute_link(path, base_url),
            ]
        )
    return subject, body


def _sender(subject: str, body: str, to: list[str]) -> Callable[[], object]:
    return lambda: send_email_task.enqueue(subject=subject, body=body, to=to)


def follow_ups_send(*, now: datetime | None = None, base_url: str = "", limit: int = 500) -> int:
    """Create a follow-up for each due enrolment and e-mail its one-time link (after the
    commit). Returns how many were sent. Each follow-up is its own transaction."""
    now = now or timezone.now()
    sent = 0
    for enrolment in due_enrolments(now)[:limit]:
        with transaction.atomic():
            token = secrets.token_urlsafe(32)
            follow_up = FollowUp.objects.create(
                enrolment=enrolment,
                token_hash=token_hash(token),
                sent_at=now,
                expires_at=now + FOLLOW_UP_VALID,
            )
            path = reverse("prevention_public:follow-up", kwargs={"token": token})
            subject, body = _email(enrolment, path, base_url)
            to = [enrolment.participant.email]
            transaction.on_commit(_sender(subject, body, to))
            audit.record(
                action="prevention.follow_up.sent",
                target=follow_up,
                target_institution_id=enrolment.session.institution_id,
                data={"enrolment": str(enrolment.pk)},
            )
        sent += 1
    return sent


class FollowUpClosed(Exception):
    """The link was used already, or it expired."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "answered" or "expired"


def follow_up_state(follow_up: FollowUp, now: datetime | None = None) -> str:
    """'open', 'answered' or 'expired'."""
    if follow_up.answered_at is not None:
        return "answered"
    if (now or timezone.now()) >= follow_up.expires_at:
        return "expired"
    return "open"


@transaction.atomic
def follow_up_answer(
    *, follow_up: FollowUp, applied: bool | None, uses: list[str], comment: str
) -> FollowUp:
    """Record the one answer a link allows (a second use or an expired link is refused)."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    state = follow_up_state(follow_up)
    if state != "open":
        raise FollowUpClosed(state)
    errors: dict = {}
    if applied is None:
        errors["applied"] = [_("This field is required.")]
    uses = list(dict.fromkeys(uses or []))
    bad = [u for u in uses if u not in FollowUpUse.values()]
    if bad:
        errors["uses"] = [_("Unknown code: %(code)s") % {"code": ", ".join(bad)[:40]}]
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [_("At most %(n)s characters.") % {"n": COMMENT_MAX}]
    if errors:
        raise ValidationError(errors)
    follow_up.answered_at = timezone.now()
    follow_up.applied = applied
    follow_up.uses = uses if applied else []
    follow_up.comment = comment
    follow_up.save(update_fields=["answered_at", "applied", "uses", "comment", "updated_at"])
    audit.record(
        action="prevention.follow_up.answered",
        target=follow_up,
        target_institution_id=follow_up.enrolment.session.institution_id,
        data={"applied": bool(applied), "uses": follow_up.uses},
    )
    return follow_up
