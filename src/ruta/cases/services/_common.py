"""What the case services share: the closed-case error, the row lock and version bump, the
notifications and the child rule. Private to the package except ``CaseClosed``, which the
package re-exports (care raises it too)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from ruta.accounts.models import User
from ruta.cases.choices import TaskKind
from ruta.cases.models import Case, Task
from ruta.core.actor import Actor
from ruta.core.errors import DomainError, check_version
from ruta.core.registry import child_case_hooks
from ruta.intake.models import Report
from ruta.people.models import Person

CHILD_AGE = 18


class CaseClosed(DomainError):
    status = 409

    def __init__(self) -> None:
        super().__init__(_("This case is closed. Reopen it, with a justification, to change it."))


def locked(case: Case, version: int | None) -> Case:
    """The case row locked for the write, at the version the user read."""
    # Lock the case row only: PostgreSQL refuses to lock the nullable side of the report join.
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("institution", "person", "report")
        .get(pk=case.pk)
    )
    check_version(case, version)
    return case


def bump(case: Case, fields: list[str]) -> None:
    """Save ``fields`` and a new version (every write on a case or its parts bumps it)."""
    case.version += 1
    case.save(update_fields=[*fields, "version", "updated_at"])


def check_codes(values: list[str], allowed: list[str], field: str, errors: dict) -> None:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        errors[field] = [_("Unknown code: %(code)s") % {"code": ", ".join(unknown)}]


def notify_case(users: Iterable[User], case: Case, kind: str, title: Promise) -> None:
    """In-app and, as each user chooses, e-mail, once the write commits: a title and a link,
    no personal data."""
    from django.urls import reverse

    from ruta.notifications.services import notify_on_commit

    notify_on_commit(
        users=users,
        institution_id=case.institution_id,
        kind=kind,
        title=title,
        url=reverse("cases:case-detail", kwargs={"case_id": case.pk}),
    )


# --- The child rule ------------------------------------------------------------------------


def _end_of_local_day(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    return timezone.make_aware(datetime.combine(local.date(), time(23, 59, 59)))


def is_child_on(person: Person, on: date, report: Report | None) -> bool:
    age = person.age(on)
    if age is None:
        return bool(report and report.child_involved)
    return age < CHILD_AGE


def ensure_child_task(case: Case) -> None:
    """Every child's case notifies the child-protection agency the same day."""
    if not case.tasks.filter(kind=TaskKind.CHILD_PROTECTION_NOTIFICATION).exists():
        Task.objects.create(
            case=case,
            kind=TaskKind.CHILD_PROTECTION_NOTIFICATION,
            due_at=_end_of_local_day(timezone.now()),
        )


def child_case_found(*, case: Case, actor: Actor) -> None:
    """Inside the transaction that finds a case to be a child's (on opening, or when the
    identification decision shows it), run the hooks other apps registered in
    ``core.registry.child_case_hooks`` (the referrals app creates the mandatory referral to
    the child-protection agency) without cases importing them."""
    for hook in child_case_hooks:
        hook(case=case, actor=actor)
