"""Committee meetings: scheduling (numbered per committee and year), details, cancelling,
the agenda, the attendance register, the minutes (closing them freezes the meeting) and
the attachments.

Attachments are kept like campaign materials: in ``RUTA_ATTACHMENT_DIR`` (a
``meeting-attachments`` folder), encrypted; what a file is comes from its first bytes, never
from what the browser says. Audit events ``coordination.meeting.<verb>`` name the changed
fields, never their values."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.coordination import policies
from ruta.coordination.choices import MeetingStatus, Presence
from ruta.coordination.models import (
    AgendaItem,
    Committee,
    Meeting,
    MeetingAttachment,
    MeetingAttendance,
)
from ruta.core.actor import Actor
from ruta.core.crypto import fernet
from ruta.core.errors import DomainError, check_version, require
from ruta.core.validation import bump, text

MEETING_FIELDS = ("title", "is_extraordinary", "starts_at", "place", "online_link")
MAX_MINUTES = 100_000
MIN_YEAR, MAX_YEAR = 2000, 2100

# extension -> (content type, test on the first bytes)
_ZIP = b"PK\x03\x04"
ATTACHMENT_TYPES = {
    "pdf": ("application/pdf", lambda b: b.startswith(b"%PDF-")),
    "png": ("image/png", lambda b: b.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("image/jpeg", lambda b: b.startswith(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", lambda b: b.startswith(b"\xff\xd8\xff")),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        lambda b: b.startswith(_ZIP),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda b: b.startswith(_ZIP),
    ),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        lambda b: b.startswith(_ZIP),
    ),
    "odt": ("application/vnd.oasis.opendocument.text", lambda b: b.startswith(_ZIP)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", lambda b: b.startswith(_ZIP)),
}


def attachment_type(filename: str, head: bytes) -> str | None:
    """The content type when the name's extension and the first bytes agree, else None."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    entry = ATTACHMENT_TYPES.get(extension)
    if entry is None or not entry[1](head):
        return None
    return entry[0]


def _attachment_path(storage_key: str) -> Path:
    folder = Path(settings.RUTA_ATTACHMENT_DIR) / "meeting-attachments"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{storage_key}.bin"


def attachment_content(attachment: MeetingAttachment) -> bytes:
    return fernet().decrypt(_attachment_path(attachment.storage_key).read_bytes())


def _record(verb: str, actor: Actor, meeting: Meeting, **kwargs) -> None:
    audit.record(
        action=f"coordination.meeting.{verb}",
        actor=actor,
        target=meeting,
        target_institution_id=meeting.committee.secretariat_id,
        **kwargs,
    )


# --- validation ------------------------------------------------------------------------------
def _link(errors: dict, value: str | None) -> str:
    value = text(errors, "online_link", value, required=False, limit=500)
    if value and "online_link" not in errors:
        try:
            URLValidator(schemes=["https", "http"])(value)
        except ValidationError:
            errors["online_link"] = [_("Enter a web address (https://...).")]
    return value


def _validate(values: dict, errors: dict, current: Meeting | None) -> dict:
    out: dict = {}
    if "title" in values:
        out["title"] = text(errors, "title", values["title"], required=True, limit=200)
    if "is_extraordinary" in values:
        out["is_extraordinary"] = bool(values["is_extraordinary"])
    if "starts_at" in values:
        starts_at = values["starts_at"]
        if not isinstance(starts_at, datetime):
            errors["starts_at"] = [_("This field is required.")]
        else:
            if timezone.is_naive(starts_at):
                starts_at = timezone.make_aware(starts_at)
            if not MIN_YEAR <= starts_at.year <= MAX_YEAR:
                errors["starts_at"] = [
                    _("Give a date between %(first)s and %(last)s.")
                    % {"first": MIN_YEAR, "last": MAX_YEAR}
                ]
            else:
                out["starts_at"] = starts_at
    if "place" in values:
        out["place"] = text(errors, "place", values["place"], required=False, limit=200)
    if "online_link" in values:
        out["online_link"] = _link(errors, values["online_link"])
    place = out.get("place", current.place if current else "")
    link = out.get("online_link", current.online_link if current else "")
    if not place and not link and "place" not in errors and "online_link" not in errors:
        errors["place"] = [_("Give the place of the meeting, its online link, or both.")]
    return out


def _year(starts_at: datetime) -> int:
    return timezone.localtime(starts_at).year


# --- meetings ----------------------------------------------------------------------------------
@transaction.atomic
def meeting_schedule(
    *,
    actor: Actor,
    committee: Committee,
    title: str,
    starts_at: datetime | None,
    place: str = "",
    online_link: str = "",
    is_extraordinary: bool = False,
) -> Meeting:
    """A scheduled meeting of ``committee`` (its secretariat only), numbered after the
    committee's last meeting of the same year."""
    # The committee's row is the lock that serialises the numbering of its meetings.
    committee = Committee.objects.select_for_update(of=("self",)).get(pk=committee.pk)
    require(policies.can_manage_committee(actor, committee))
    errors: dict = {}
    values = _validate(
        {
            "title": title,
            "is_extraordinary": is_extraordinary,
            "starts_at": starts_at,
            "place": place,
            "online_link": online_link,
        },
        errors,
        None,
    )
    if not committee.is_active:
        errors.setdefault("__all__", []).append(_("This committee is no longer active."))
    if errors:
        raise ValidationError(errors)
    year = _year(values["starts_at"])
    last = Meeting.objects.filter(committee=committee, year=year).aggregate(n=Max("number"))["n"]
    meeting = Meeting.objects.create(
        committee=committee,
        year=year,
        number=(last or 0) + 1,
        status=MeetingStatus.SCHEDULED,
        **values,
    )
    _record(
        "scheduled",
        actor,
        meeting,
        data={
            "number": meeting.number,
            "year": year,
            "extraordinary": meeting.is_extraordinary,
        },
    )
    return meeting


def _meeting_for_write(actor: Actor, meeting: Meeting, *, open_only: bool = True) -> Meeting:
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("committee")
        .get(pk=meeting.pk)
    )
    require(policies.can_manage_meeting(actor, meeting))
    if open_only and meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_("This meeting was cancelled: it no longer changes."))
    return meeting


@transaction.atomic
def meeting_update(*, actor: Actor, meeting: Meeting, version: int | None, **changes) -> Meeting:
    """Change the details sent, naming the version read. A meeting keeps its year (its
    number is of that year): to move it to another year, cancel it and schedule a new one."""
    meeting = _meeting_for_write(actor, meeting)
    check_version(meeting, version)
    unknown = set(changes) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"not a detail of the meeting: {sorted(unknown)}")
    errors: dict = {}
    values = _validate(changes, errors, meeting)
    if "starts_at" in values and _year(values["starts_at"]) != meeting.year:
        errors["starts_at"] = [
            _(
                "The meeting is numbered in %(year)s: it cannot move to another year. "
                "Cancel it and schedule a new one."
            )
            % {"year": meeting.year}
        ]
    if errors:
        raise ValidationError(errors)
    changed = [name for name, value in values.items() if getattr(meeting, name) != value]
    if not changed:
        return meeting
    for name in changed:
        setattr(meeting, name, values[name])
    bump(meeting, changed)
    _record("updated", actor, meeting, changed_fields=changed)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Actor, meeting: Meeting, version: int | None, reason: str) -> Meeting:
    """Cancel a scheduled meeting, saying why (the reason is kept in the audit trail)."""
    meeting = _meeting_for_write(actor, meeting)
    check_version(meeting, version)
    errors: dict = {}
    reason = text(errors, "reason", reason, required=True, limit=1000)
    if meeting.status != MeetingStatus.SCHEDULED:
        errors.setdefault("__all__", []).append(
            _("Only a scheduled meeting can be cancelled: this one was held.")
        )
    if errors:
        raise ValidationError(errors)
    meeting.status = MeetingStatus.CANCELLED
    bump(meeting, ["status"])
    _record("cancelled", actor, meeting, changed_fields=["status"], reason=reason)
    return meeting


# --- agenda ------------------------------------------------------------------------------------
def _agenda_values(title, presenter, notes) -> dict:
    errors: dict = {}
    values = {
        "title": text(errors, "title", title, required=True, limit=300),
        "presenter": text(errors, "presenter", presenter, required=False, limit=200),
        "notes": text(errors, "notes", notes, required=False),
    }
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def agenda_item_add(
    *, actor: Actor, meeting: Meeting, title: str, presenter: str = "", notes: str = ""
) -> AgendaItem:
    """An item at the end of the agenda."""
    meeting = _meeting_for_write(actor, meeting)
    values = _agenda_values(title, presenter, notes)
    last = meeting.agenda.aggregate(n=Max("order"))["n"] or 0
    item = AgendaItem.objects.create(meeting=meeting, order=last + 1, **values)
    _record("agenda_added", actor, meeting, data={"item": str(item.pk), "order": item.order})
    return item


def _item_for_write(actor: Actor, item: AgendaItem) -> tuple[Meeting, AgendaItem]:
    meeting = _meeting_for_write(actor, item.meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    return meeting, item


@transaction.atomic
def agenda_item_update(
    *, actor: Actor, item: AgendaItem, title: str, presenter: str = "", notes: str = ""
) -> AgendaItem:
    meeting, item = _item_for_write(actor, item)
    values = _agenda_values(title, presenter, notes)
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    if changed:
        for name in changed:
            setattr(item, name, values[name])
        item.save(update_fields=[*changed, "updated_at"])
        _record(
            "agenda_updated", actor, meeting, changed_fields=changed, data={"item": str(item.pk)}
        )
    return item


def _renumber(meeting: Meeting, ordered: list[AgendaItem]) -> None:
    for position, item in enumerate(ordered, start=1):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order", "updated_at"])


@transaction.atomic
def agenda_item_remove(*, actor: Actor, item: AgendaItem) -> None:
    meeting, item = _item_for_write(actor, item)
    item_id = str(item.pk)
    item.delete()
    _renumber(meeting, list(meeting.agenda.order_by("order")))
    _record("agenda_removed", actor, meeting, data={"item": item_id})


@transaction.atomic
def agenda_reorder(*, actor: Actor, meeting: Meeting, item_ids: Iterable[UUID]) -> None:
    """Put the agenda in the order given: every item once."""
    meeting = _meeting_for_write(actor, meeting)
    items = {item.pk: item for item in meeting.agenda.select_for_update()}
    wanted = [UUID(str(pk)) for pk in item_ids]
    if len(wanted) != len(set(wanted)) or set(wanted) != set(items):
        raise ValidationError(
            {"items": [_("Name every item of the agenda once, in the order wanted.")]}
        )
    _renumber(meeting, [items[pk] for pk in wanted])
    _record("agenda_reordered", actor, meeting, data={"items": len(wanted)})


# --- attendance --------------------------------------------------------------------------------
@transaction.atomic
def attendance_record(
    *, actor: Actor, meeting: Meeting, version: int | None, lines: Iterable[dict]
) -> Meeting:
    """The whole register at once: one line per member institution of the committee
    (``institution`` id, ``presence``, ``person``: who came for it). It replaces the register
    and marks the meeting held. A meeting that has not started has no attendance yet."""
    meeting = _meeting_for_write(actor, meeting)
    check_version(meeting, version)
    lines = list(lines)
    members = set(meeting.committee.members.values_list("institution_id", flat=True))
    errors: dict = {}
    if meeting.starts_at > timezone.now():
        errors["__all__"] = [_("The meeting has not taken place yet: record who came after it.")]
    seen: dict[UUID, dict] = {}
    for line in lines:
        try:
            institution_id = UUID(str(line.get("institution")))
        except ValueError:
            errors["lines"] = [_("Only member institutions of the committee can be listed.")]
            break
        if institution_id not in members:
            errors["lines"] = [_("Only member institutions of the committee can be listed.")]
            break
        if institution_id in seen:
            errors["lines"] = [_("Each institution appears once in the register.")]
            break
        presence = line.get("presence") or ""
        person = (line.get("person") or "").strip()
        if presence not in Presence.values:
            errors["lines"] = [
                _("Say for each institution whether it was present, excused or absent.")
            ]
            break
        if len(person) > 200:
            errors["lines"] = [_("At most %(n)s characters.") % {"n": 200}]
            break
        if presence == Presence.PRESENT and not person:
            errors["lines"] = [_("Name the person who represented each institution present.")]
            break
        seen[institution_id] = {"presence": presence, "person": person}
    if "lines" not in errors and set(seen) != members:
        errors["lines"] = [
            _("Say for each member institution whether it was present, excused or absent.")
        ]
    if errors:
        raise ValidationError(errors)
    meeting.attendance.all().delete()
    MeetingAttendance.objects.bulk_create(
        MeetingAttendance(meeting=meeting, institution_id=pk, **values)
        for pk, values in seen.items()
    )
    changed = ["attendance"]
    if meeting.status != MeetingStatus.HELD:
        meeting.status = MeetingStatus.HELD
        changed.append("status")
    bump(meeting, [f for f in changed if f != "attendance"])
    counts = {p: sum(1 for v in seen.values() if v["presence"] == p) for p in Presence.values}
    _record("attendance_recorded", actor, meeting, changed_fields=changed, data=counts)
    return meeting


# --- minutes -----------------------------------------------------------------------------------
@transaction.atomic
def minutes_save(*, actor: Actor, meeting: Meeting, version: int | None, minutes: str) -> Meeting:
    meeting = _meeting_for_write(actor, meeting)
    check_version(meeting, version)
    errors: dict = {}
    minutes = text(errors, "minutes", minutes, required=False, limit=MAX_MINUTES)
    if errors:
        raise ValidationError(errors)
    if minutes != meeting.minutes:
        meeting.minutes = minutes
        bump(meeting, ["minutes"])
        _record("minutes_saved", actor, meeting, changed_fields=["minutes"])
    return meeting


@transaction.atomic
def minutes_close(*, actor: Actor, meeting: Meeting, version: int | None) -> Meeting:
    """Close the minutes of a held meeting: from then on nothing of the meeting changes."""
    meeting = _meeting_for_write(actor, meeting)
    check_version(meeting, version)
    errors: list[str] = []
    if meeting.status != MeetingStatus.HELD:
        errors.append(_("Record the attendance before closing the minutes."))
    if not meeting.minutes.strip():
        errors.append(_("Write the minutes before closing them."))
    if errors:
        raise ValidationError({"__all__": errors})
    meeting.minutes_closed_at = timezone.now()
    bump(meeting, ["minutes_closed_at"])
    _record("minutes_closed", actor, meeting, changed_fields=["minutes_closed_at"])
    return meeting


# --- attachments -------------------------------------------------------------------------------
@transaction.atomic
def attachment_upload(
    *, actor: Actor, meeting: Meeting, title: str, filename: str, content: bytes
) -> MeetingAttachment:
    """Keep a document of the meeting (PDF, image, office document). Its type is read from its
    first bytes; the size limit is the attachments' (``RUTA_ATTACHMENT_MAX_BYTES``)."""
    meeting = _meeting_for_write(actor, meeting, open_only=False)
    errors: dict = {}
    name = Path(filename or "").name.strip()[:200]
    title = text(errors, "title", title or name, required=True, limit=200)
    limit = settings.RUTA_ATTACHMENT_MAX_BYTES
    content_type = None
    if not content:
        errors["file"] = [_("The file is empty.")]
    elif len(content) > limit:
        errors["file"] = [_("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}]
    else:
        content_type = attachment_type(name, content[:16])
        if content_type is None:
            errors["file"] = [
                _(
                    "Only PDF documents, PNG or JPEG images and Word, Excel, PowerPoint or "
                    "OpenDocument files are accepted, and the file must really be what its "
                    "name says."
                )
            ]
    if errors:
        raise ValidationError(errors)
    storage_key = secrets.token_hex(16)
    attachment = MeetingAttachment.objects.create(
        meeting=meeting,
        title=title,
        filename=name,
        content_type=content_type or "",
        size=len(content),
        storage_key=storage_key,
        uploaded_by=actor.user,
    )
    _attachment_path(storage_key).write_bytes(fernet().encrypt(content))
    _record(
        "attachment_uploaded",
        actor,
        meeting,
        data={"attachment": str(attachment.pk), "type": content_type, "size": len(content)},
    )
    return attachment


@transaction.atomic
def attachment_remove(*, actor: Actor, attachment: MeetingAttachment) -> None:
    meeting = _meeting_for_write(actor, attachment.meeting, open_only=False)
    attachment = MeetingAttachment.objects.select_for_update().get(pk=attachment.pk)
    storage_key, attachment_id = attachment.storage_key, str(attachment.pk)
    attachment.delete()
    _record("attachment_removed", actor, meeting, data={"attachment": attachment_id})
    transaction.on_commit(lambda: _attachment_path(storage_key).unlink(missing_ok=True))
