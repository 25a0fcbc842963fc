"""The case's to-do list (time limits such as first contact)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.cases import policies
from ruta.cases.choices import TASKS_DONE_BY_RECORD, ActivityKind, TaskEnd, TaskKind
from ruta.cases.models import Case, Task
from ruta.cases.services._common import CaseClosed
from ruta.cases.services.timeline import timeline_add
from ruta.core.actor import Actor
from ruta.core.errors import DomainError, require


@transaction.atomic
def task_complete(*, actor: Actor, task: Task, note: str = "") -> Task:
    task = Task.objects.select_for_update().select_related("case").get(pk=task.pk)
    require(policies.can_complete_task(actor, task))
    if task.case.is_closed:
        raise CaseClosed
    if task.kind in TASKS_DONE_BY_RECORD:
        raise DomainError(_("Record the review on the care plan: that completes this task."))
    task.done_at, task.done_by, task.note = timezone.now(), actor.user, note.strip()
    task.ended_as = TaskEnd.DONE
    task.save(update_fields=["done_at", "done_by", "note", "ended_as", "updated_at"])
    if task.kind == TaskKind.FIRST_CONTACT and task.case.first_contact_at is None:
        Case.objects.filter(pk=task.case_id).update(first_contact_at=task.done_at)
    timeline_add(task.case, ActivityKind.TASK_DONE, actor, detail=task.kind)
    audit.record(
        action="cases.task.completed",
        actor=actor,
        target=task,
        target_institution_id=task.case.institution_id,
        data={"case": str(task.case_id), "kind": task.kind},
    )
    return task


def task_end_by_record(*, actor: Actor, case: Case, kind: str) -> int:
    """End the case's open task of ``kind`` because the record it asked for now exists (the
    mandatory child-protection referral sent is the notification). Called inside the
    transaction that writes the record; returns how many tasks ended (0 or 1)."""
    now = timezone.now()
    ended = Task.objects.filter(case=case, kind=kind, done_at__isnull=True).update(
        done_at=now, done_by=actor.user, ended_as=TaskEnd.BY_RECORD, updated_at=now
    )
    if ended:
        timeline_add(case, ActivityKind.TASK_DONE, actor, detail=kind)
        audit.record(
            action="cases.task.ended_by_record",
            actor=actor,
            target=case,
            data={"kind": kind},
        )
    return ended
