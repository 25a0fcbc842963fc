"""Agreements (acuerdos) taken at a meeting and the action items they assign to institutions,
with the daily reminder of overdue items.

Agreements are numbered per committee and year (the committee row is locked while the next
number is taken). An action item is owned by a member institution (or the secretariat); the
owner reports progress and marks it done with evidence; the secretariat edits or cancels it.
Done and cancelled items are closed: nothing changes them any more."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ruta.accounts.selectors import members_with_capability
from ruta.accounts.tasks import send_email_task
from ruta.audit import services as audit
from ruta.coordination import policies
from ruta.coordination.choices import OPEN_ACTION_STATUSES, ActionStatus
from ruta.coordination.models import (
    ActionItem,
    Agreement,
    Committee,
    CommitteeMember,
    Meeting,
)
from ruta.core.actor import Actor
from ruta.core.errors import check_version, require
from ruta.core.validation import bump, day, present
from ruta.core.validation import text as clean_text
from ruta.core.views import absolute_link
from ruta.institutions.models import Institution

ACTION_FIELDS = ("description", "owner_institution", "responsible", "due_on")
REMINDER_CAPABILITIES = ("coordination.update_actions", "coordination.manage")


def _record(action: str, actor: Actor | None, target, institution_id, **kwargs) -> None:
    audit.record(
        action=f"coordination.{action}",
        actor=actor,
        target=target,
        target_institution_id=institution_id,
        **kwargs,
    )


# --- agreements ------------------------------------------------------------------------------
@transaction.atomic
def agreement_create(*, actor: Actor, meeting: Meeting, text: str) -> Agreement:
    """An agreement of ``meeting``, numbered next in its committee and year:
    ``<ACRONYM>-ACU-<year>-<nnn>``."""
    meeting = Meeting.objects.select_related("committee").get(pk=meeting.pk)
    require(policies.can_manage_meeting(actor, meeting))
    errors: dict = {}
    body = clean_text(errors, "text", text, required=True)
    if errors:
        raise ValidationError(errors)
    committee = Committee.objects.select_for_update(of=("self",)).get(pk=meeting.committee_id)
    year = meeting.year
    last = Agreement.objects.filter(committee=committee, year=year).aggregate(n=Max("number"))
    number = (last["n"] or 0) + 1
    agreement = Agreement.objects.create(
        committee=committee,
        meeting=meeting,
        year=year,
        number=number,
        reference=f"{committee.acronym}-ACU-{year}-{number:03d}",
        text=body,
    )
    _record(
        "agreement.created",
        actor,
        agreement,
        committee.secretariat_id,
        data={"meeting": str(meeting.pk), "number": number, "year": year},
    )
    return agreement


def _agreement_for_write(actor: Actor, agreement: Agreement) -> Agreement:
    agreement = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("committee", "meeting")
        .get(pk=agreement.pk)
    )
    require(policies.can_edit_agreement(actor, agreement))
    return agreement


@transaction.atomic
def agreement_update(
    *, actor: Actor, agreement: Agreement, version: int | None, text: str
) -> Agreement:
    """Amend the text of an agreement (its number and reference never change)."""
    agreement = _agreement_for_write(actor, agreement)
    check_version(agreement, version)
    errors: dict = {}
    body = clean_text(errors, "text", text, required=True)
    if errors:
        raise ValidationError(errors)
    if body == agreement.text:
        return agreement
    agreement.text = body
    bump(agreement, ["text"])
    _record(
        "agreement.updated",
        actor,
        agreement,
        agreement.committee.secretariat_id,
        changed_fields=["text"],
    )
    return agreement


# --- action items ----------------------------------------------------------------------------
def _owner_ok(committee: Committee, owner: Institution | None) -> bool:
    if not isinstance(owner, Institution):
        return False
    if owner.pk == committee.secretariat_id:
        return True
    return CommitteeMember.objects.filter(committee=committee, institution=owner).exists()


def _validate_action(values: dict, errors: dict, committee: Committee, meeting: Meeting) -> dict:
    out: dict = {}
    if "description" in values:
        out["description"] = clean_text(errors, "description", values["description"], required=True)
    if "responsible" in values:
        out["responsible"] = clean_text(
            errors, "responsible", values["responsible"], required=True, limit=200
        )
    if "owner_institution" in values:
        owner = values["owner_institution"]
        if owner is None:
            errors["owner_institution"] = [_("This field is required.")]
        elif not _owner_ok(committee, owner):
            errors["owner_institution"] = [
                _("Choose a member institution or the secretariat of the committee.")
            ]
        out["owner_institution"] = owner
    if "due_on" in values:
        day(
            errors,
            "due_on",
            values["due_on"],
            future=True,
            not_before=timezone.localdate(meeting.starts_at),
        )
        out["due_on"] = values["due_on"]
    return out


@transaction.atomic
def action_item_create(
    *,
    actor: Actor,
    agreement: Agreement,
    owner_institution: Institution | None,
    responsible: str,
    description: str,
    due_on: date | None,
) -> ActionItem:
    """Assign an action under ``agreement`` to a member institution (or the secretariat)."""
    agreement = Agreement.objects.select_related("committee", "meeting").get(pk=agreement.pk)
    require(policies.can_add_action_item(actor, agreement))
    errors: dict = {}
    values = _validate_action(
        {
            "description": description,
            "responsible": responsible,
            "owner_institution": owner_institution,
            "due_on": due_on,
        },
        errors,
        agreement.committee,
        agreement.meeting,
    )
    if errors:
        raise ValidationError(errors)
    item = ActionItem.objects.create(
        agreement=agreement,
        committee=agreement.committee,
        owner_institution=present(values["owner_institution"]),
        responsible=values["responsible"],
        description=values["description"],
        due_on=present(values["due_on"]),
    )
    _record(
        "actionitem.created",
        actor,
        item,
        agreement.committee.secretariat_id,
        data={"agreement": str(agreement.pk), "owner": str(item.owner_institution_id)},
    )
    return item


def _item_for_write(actor: Actor, item: ActionItem, rule: Callable) -> ActionItem:
    item = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("committee", "agreement__meeting")
        .get(pk=item.pk)
    )
    require(rule(actor, item))
    return item


@transaction.atomic
def action_item_update(
    *, actor: Actor, item: ActionItem, version: int | None, **changes
) -> ActionItem:
    """The secretariat changes what is asked, of whom and by when (an open item only)."""
    item = _item_for_write(actor, item, policies.can_edit_action_item)
    check_version(item, version)
    unknown = set(changes) - set(ACTION_FIELDS)
    if unknown:
        raise ValueError(f"not a detail of the action item: {sorted(unknown)}")
    errors: dict = {}
    values = _validate_action(changes, errors, item.committee, item.agreement.meeting)
    if errors:
        raise ValidationError(errors)
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    if not changed:
        return item
    for name in changed:
        setattr(item, name, values[name])
    bump(item, changed)
    _record(
        "actionitem.updated",
        actor,
        item,
        item.committee.secretariat_id,
        changed_fields=changed,
        data={"owner": str(item.owner_institution_id)},
    )
    return item


@transaction.atomic
def action_item_progress(
    *, actor: Actor, item: ActionItem, version: int | None, note: str
) -> ActionItem:
    """The owner institution (or the secretariat) reports progress: the item is in progress."""
    item = _item_for_write(actor, item, policies.can_update_action_item)
    check_version(item, version)
    errors: dict = {}
    note = clean_text(errors, "progress_note", note, required=True)
    if errors:
        raise ValidationError(errors)
    changed = ["progress_note"]
    item.progress_note = note
    if item.status == ActionStatus.PENDING:
        item.status = ActionStatus.IN_PROGRESS
        changed.append("status")
    bump(item, changed)
    _record(
        "actionitem.progressed",
        actor,
        item,
        item.owner_institution_id,
        changed_fields=changed,
        data={"status": item.status},
    )
    return item


@transaction.atomic
def action_item_done(
    *,
    actor: Actor,
    item: ActionItem,
    version: int | None,
    evidence: str,
    evidence_url: str = "",
    done_on: date | None = None,
) -> ActionItem:
    """Close the item as done, with the evidence of what was done (required)."""
    item = _item_for_write(actor, item, policies.can_update_action_item)
    check_version(item, version)
    errors: dict = {}
    evidence = clean_text(errors, "evidence", evidence, required=True)
    evidence_url = (evidence_url or "").strip()
    if evidence_url:
        try:
            URLValidator(schemes=["http", "https"])(evidence_url)
        except ValidationError:
            errors["evidence_url"] = [_("Enter a valid URL.")]
        if len(evidence_url) > 500:
            errors["evidence_url"] = [_("At most %(n)s characters.") % {"n": 500}]
    done_on = done_on or timezone.localdate()
    day(
        errors,
        "done_on",
        done_on,
        not_before=timezone.localdate(item.agreement.meeting.starts_at),
    )
    if errors:
        raise ValidationError(errors)
    item.status = ActionStatus.DONE
    item.evidence = evidence
    item.evidence_url = evidence_url
    item.done_on = done_on
    changed = ["status", "evidence", "evidence_url", "done_on"]
    bump(item, changed)
    _record(
        "actionitem.done",
        actor,
        item,
        item.owner_institution_id,
        changed_fields=changed,
        data={"late": done_on > item.due_on},
    )
    return item


@transaction.atomic
def action_item_cancel(
    *, actor: Actor, item: ActionItem, version: int | None, reason: str
) -> ActionItem:
    """The secretariat cancels an open item, saying why."""
    item = _item_for_write(actor, item, policies.can_edit_action_item)
    check_version(item, version)
    errors: dict = {}
    reason = clean_text(errors, "cancel_reason", reason, required=True)
    if errors:
        raise ValidationError(errors)
    item.status = ActionStatus.CANCELLED
    item.cancel_reason = reason
    bump(item, ["status", "cancel_reason"])
    _record(
        "actionitem.cancelled",
        actor,
        item,
        item.committee.secretariat_id,
        changed_fields=["status", "cancel_reason"],
    )
    return item


# --- reminders -------------------------------------------------------------------------------
def _sender(subject: str, body: str, to: list[str]) -> Callable[[], object]:
    return lambda: send_email_task.enqueue(subject=subject, body=body, to=to)


def _recipients(institution_id, capabilities) -> list[str]:
    emails: dict[str, None] = {}
    for capability in capabilities:
        for user in members_with_capability(institution_id=institution_id, capability=capability):
            if user.email:
                emails[user.email] = None
    return sorted(emails)


def action_reminders_send(*, today: date | None = None, base_url: str = "") -> int:
    """E-mail each owner institution a digest of its overdue open action items (once a day:
    items already reminded today are skipped). Returns how many digests were sent."""
    today = today or timezone.localdate()
    items = (
        ActionItem.objects.filter(status__in=OPEN_ACTION_STATUSES, due_on__lt=today)
        .exclude(last_reminded_on=today)
        .select_related("committee", "agreement")
        .order_by("owner_institution_id", "due_on", "pk")
    )
    by_owner: dict = defaultdict(list)
    for item in items:
        by_owner[item.owner_institution_id].append(item)
    sent = 0
    path = reverse("coordination:action-list") + "?filter=overdue"
    for owner_id, owned in by_owner.items():
        with transaction.atomic():
            to = _recipients(owner_id, REMINDER_CAPABILITIES)
            ActionItem.objects.filter(pk__in=[i.pk for i in owned]).update(last_reminded_on=today)
            if not to:
                continue
            with translation.override("es"):
                subject = _("Overdue action items of your institution")
                lines = [
                    _("Hello,"),
                    _("These action items assigned to your institution are overdue:"),
                    "\n".join(
                        f"- {i.committee.acronym} {i.agreement.reference}: "
                        f"{i.description[:200]} ({_('due on')} {i.due_on:%d/%m/%Y})"
                        for i in owned
                    ),
                    _("Report progress or mark them done here:"),
                    absolute_link(path, base_url),
                ]
            transaction.on_commit(_sender(subject, "\n\n".join(lines), to))
            audit.record(
                action="coordination.actionitem.reminded",
                target=owned[0],
                target_institution_id=owner_id,
                data={"items": len(owned), "recipients": len(to)},
            )
        sent += 1
    return sent
