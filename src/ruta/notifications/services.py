"""Writing notifications: in-app rows now, e-mails on commit."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from ruta.accounts.models import User
from ruta.accounts.tasks import send_email_task
from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.core.views import absolute_link
from ruta.notifications.models import Notification
from ruta.notifications.policies import scope_notifications


def notify(
    *,
    users: Iterable[User],
    institution_id,
    kind: str,
    title: Promise,
    url: str = "",
    urgent: bool = False,
    email: bool = True,
    base_url: str = "",
) -> list[Notification]:
    """Notify each user in their own language. ``title`` is a lazy translation without
    personal data; the e-mail carries the title and a link, nothing more. The e-mail goes only
    to users who keep ``email_notifications`` on, urgent or not; the in-app row always."""
    created = []
    for user in users:
        with translation.override(user.preferred_language):
            text = str(title)
        created.append(
            Notification(
                user=user,
                institution_id=institution_id,
                kind=kind,
                title=text,
                url=url,
                urgent=urgent,
            )
        )
        if email and user.email and user.email_notifications:
            body = f"{text}\n\n{absolute_link(url, base_url)}" if url else text
            to = [user.email]
            transaction.on_commit(partial(send_email_task.enqueue, subject=text, body=body, to=to))
    return Notification.objects.bulk_create(created)


def notify_on_commit(
    *,
    users: Iterable[User | None],
    institution_id,
    kind: str,
    title: Promise,
    url: str = "",
    urgent: bool = False,
    base_url: str = "",
) -> None:
    """``notify`` once the current transaction commits, so that nobody hears of a change that
    was rolled back. The recipients are chosen now, when the change is made (each once)."""
    recipients = list({u.pk: u for u in users if u is not None}.values())
    if not recipients:
        return

    def send() -> None:
        with transaction.atomic():
            notify(
                users=recipients,
                institution_id=institution_id,
                kind=kind,
                title=title,
                url=url,
                urgent=urgent,
                base_url=base_url,
            )

    transaction.on_commit(send)


@transaction.atomic
def notifications_mark_read(*, actor: Actor, ids: list | None = None) -> int:
    """Mark the actor's own notifications read (all when ``ids`` is None): those of the
    institution the actor acts for, the ones the actor can see."""
    qs = scope_notifications(actor).filter(read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    count = qs.update(read_at=timezone.now())
    if count:
        audit.record(action="notifications.notification.read", actor=actor, data={"count": count})
    return count
