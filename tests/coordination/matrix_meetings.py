"""Permission-matrix specs of the meeting routes (slice meetings).

The home's committee secretary (``SEC``) is the secretariat of ``committee``: it manages
``meeting`` (held, minutes open). Whoever of a member institution holds
``coordination.view`` reads it (home: ERI, SUP, PROS, TRN, SEC, MEA; ``C_MEM``). Nobody
changes ``closed_meeting`` (minutes closed). ``C_SEC`` reads and manages only
``foreign_meeting``."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ruta.coordination.models import AgendaItem, Meeting, MeetingAttachment
from tests.matrix import Proof
from tests.matrix_spec import (
    C_MEM,
    C_SEC,
    ERI,
    MEA,
    PROS,
    SEC,
    SUP,
    TRN,
    Spec,
    count,
    cspec,
    kw,
    pk,
    value,
)

VIEWERS = (ERI, SUP, PROS, TRN, SEC, MEA, C_MEM)
COMMITTEE = kw(committee_id=pk("committee"))
FOREIGN_COMMITTEE = kw(committee_id=pk("foreign_committee"))
MEETING = kw(meeting_id=pk("meeting"))
CLOSED = kw(meeting_id=pk("closed_meeting"))
FOREIGN = kw(meeting_id=pk("foreign_meeting"))
SCHEDULED = kw(meeting_id=pk("meetings_scheduled"))
ITEM = kw(item_id=pk("agenda_item"))
ATTACHMENT = kw(attachment_id=pk("meetings_attachment"))
TITLE = "Sesión ordinaria 1"


def _pdf(_w=None):
    return SimpleUploadedFile("acta.pdf", b"%PDF-1.4 anexo", content_type="application/pdf")


def _version(key):
    return lambda w: Meeting.objects.get(pk=w[key].pk).version


def _local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def _schedule_form(w) -> dict:
    return {
        "title": "Sesión nueva",
        "starts_at": _local(timezone.now() + timedelta(days=3)),
        "place": "Sala 2",
    }


def _edit_form(w) -> dict:
    meeting = Meeting.objects.get(pk=w["meeting"].pk)
    return {
        "version": meeting.version,
        "title": "Sesión ordinaria 1 (cambiada)",
        "starts_at": _local(meeting.starts_at),
        "place": meeting.place,
    }


def _members(w) -> list:
    """Every member institution of the meeting's committee (other slices' worlds add some)."""
    return list(w["meeting"].committee.members.values_list("institution_id", flat=True))


def _attendance_form(w) -> dict:
    data: dict = {"version": _version("meeting")(w)}
    for institution_id in _members(w):
        data[f"presence_{institution_id}"] = "present"
        data[f"person_{institution_id}"] = "Representante Nueva"
    return data


def _attendance_api(w) -> dict:
    return {
        "version": _version("meeting")(w),
        "lines": [
            {"institution": str(i), "presence": "present", "person": "Representante"}
            for i in _members(w)
        ],
    }


def _attendance(w) -> tuple:
    meeting = Meeting.objects.get(pk=w["meeting"].pk)
    lines = tuple(meeting.attendance.order_by("institution_id").values_list("presence", "person"))
    return (meeting.version, lines)


def _agenda(w) -> tuple:
    return tuple(
        AgendaItem.objects.filter(meeting=w["meeting"]).order_by("order").values_list("title")
    )


SCHEDULED_P = Proof(count(Meeting), "coordination.meeting.scheduled")
UPDATED = Proof(value(Meeting, "meeting", "title", "version"), "coordination.meeting.updated")
CANCELLED = Proof(value(Meeting, "meetings_scheduled", "status"), "coordination.meeting.cancelled")
AGENDA_ADDED = Proof(count(AgendaItem, meeting=pk("meeting")), "coordination.meeting.agenda_added")
AGENDA_UPDATED = Proof(
    value(AgendaItem, "agenda_item", "title"), "coordination.meeting.agenda_updated"
)
AGENDA_REMOVED = Proof(
    count(AgendaItem, pk=pk("agenda_item")), "coordination.meeting.agenda_removed"
)
AGENDA_REORDERED = Proof(_agenda, "coordination.meeting.agenda_reordered")
ATTENDANCE = Proof(_attendance, "coordination.meeting.attendance_recorded")
MINUTES = Proof(value(Meeting, "meeting", "minutes"), "coordination.meeting.minutes_saved")
CLOSED_P = Proof(
    value(Meeting, "meeting", "minutes_closed_at"), "coordination.meeting.minutes_closed"
)
UPLOADED = Proof(
    count(MeetingAttachment, meeting=pk("meeting")), "coordination.meeting.attachment_uploaded"
)
REMOVED = Proof(
    count(MeetingAttachment, pk=pk("meetings_attachment")),
    "coordination.meeting.attachment_removed",
)
AGENDA_ITEM = {"title": "Informe de la secretaría", "presenter": "Secretaría"}


def _close(w) -> dict:
    return {"version": _version("meeting")(w)}


def _minutes(w) -> dict:
    return {"version": _version("meeting")(w), "minutes": "Acta nueva."}


def _cancel(w) -> dict:
    return {"version": _version("meetings_scheduled")(w), "reason": "Feriado nacional"}


def _reorder(w) -> dict:
    return {"items": [str(w["meetings_agenda_item2"].pk), str(w["agenda_item"].pk)]}


SPECS: list[Spec] = [
    # --- pages ---
    cspec("coordination:meeting-new", "GET", (SEC,), kwargs=COMMITTEE),
    cspec("coordination:meeting-new", "GET", (C_SEC,), target="foreign", kwargs=FOREIGN_COMMITTEE),
    cspec(
        "coordination:meeting-new",
        "POST",
        (SEC,),
        kwargs=COMMITTEE,
        data=_schedule_form,
        proof=SCHEDULED_P,
    ),
    cspec("coordination:meeting-detail", "GET", VIEWERS, kwargs=MEETING, shows=lambda w: TITLE),
    cspec(
        "coordination:meeting-detail",
        "GET",
        (C_SEC,),
        target="foreign",
        kwargs=FOREIGN,
        shows=lambda w: TITLE,
    ),
    cspec("coordination:meeting-minutes-pdf", "GET", VIEWERS, kwargs=MEETING),
    cspec("coordination:meeting-edit", "GET", (SEC,), kwargs=MEETING),
    cspec("coordination:meeting-edit", "GET", (), target="closed", kwargs=CLOSED),
    cspec(
        "coordination:meeting-edit",
        "POST",
        (SEC,),
        kwargs=MEETING,
        data=_edit_form,
        proof=UPDATED,
    ),
    cspec("coordination:meeting-cancel", "GET", (SEC,), kwargs=SCHEDULED),
    cspec(
        "coordination:meeting-cancel",
        "POST",
        (SEC,),
        kwargs=SCHEDULED,
        data=_cancel,
        proof=CANCELLED,
    ),
    cspec(
        "coordination:meeting-agenda-add",
        "POST",
        (SEC,),
        kwargs=MEETING,
        data=lambda w: AGENDA_ITEM,
        proof=AGENDA_ADDED,
    ),
    cspec("coordination:meeting-agenda-edit", "GET", (SEC,), kwargs=ITEM),
    cspec(
        "coordination:meeting-agenda-edit",
        "POST",
        (SEC,),
        kwargs=ITEM,
        data=lambda w: AGENDA_ITEM,
        proof=AGENDA_UPDATED,
    ),
    cspec("coordination:meeting-agenda-remove", "POST", (SEC,), kwargs=ITEM, proof=AGENDA_REMOVED),
    cspec("coordination:meeting-attendance", "GET", (SEC,), kwargs=MEETING),
    cspec(
        "coordination:meeting-attendance",
        "POST",
        (SEC,),
        kwargs=MEETING,
        data=_attendance_form,
        proof=ATTENDANCE,
    ),
    cspec("coordination:meeting-minutes", "GET", (SEC,), kwargs=MEETING),
    cspec(
        "coordination:meeting-minutes",
        "POST",
        (SEC,),
        kwargs=MEETING,
        data=_minutes,
        proof=MINUTES,
    ),
    # Closed minutes: nobody changes them.
    cspec(
        "coordination:meeting-minutes",
        "POST",
        (),
        target="closed",
        kwargs=CLOSED,
        data=lambda w: {"version": _version("closed_meeting")(w), "minutes": "Cambio."},
        proof=Proof(
            value(Meeting, "closed_meeting", "minutes"), "coordination.meeting.minutes_saved"
        ),
    ),
    cspec(
        "coordination:meeting-minutes-close",
        "POST",
        (SEC,),
        kwargs=MEETING,
        data=_close,
        proof=CLOSED_P,
    ),
    cspec(
        "coordination:meeting-attachment-upload",
        "POST",
        (SEC,),
        kwargs=MEETING,
        data=lambda w: {"title": "Anexo", "file": _pdf()},
        proof=UPLOADED,
    ),
    cspec("coordination:meeting-attachment-download", "GET", VIEWERS, kwargs=ATTACHMENT),
    cspec(
        "coordination:meeting-attachment-remove",
        "POST",
        (SEC,),
        kwargs=ATTACHMENT,
        proof=REMOVED,
    ),
    # --- API ---
    cspec(
        "api:coordination-meeting-list",
        "GET",
        VIEWERS,
        kwargs=COMMITTEE,
        shows=lambda w: TITLE,
    ),
    cspec(
        "api:coordination-meeting-list",
        "POST",
        (SEC,),
        status=201,
        kwargs=COMMITTEE,
        data=lambda w: {
            "title": "Sesión nueva",
            "starts_at": (timezone.now() + timedelta(days=3)).isoformat(),
            "online_link": "https://reunion.example.org/pleno",
        },
        proof=SCHEDULED_P,
    ),
    cspec(
        "api:coordination-meeting-detail",
        "GET",
        VIEWERS,
        kwargs=MEETING,
        shows=lambda w: TITLE,
    ),
    cspec("api:coordination-meeting-minutes-pdf", "GET", VIEWERS, kwargs=MEETING),
    cspec(
        "api:coordination-meeting-update",
        "POST",
        (SEC,),
        kwargs=MEETING,
        data=lambda w: {"version": _version("meeting")(w), "title": "Sesión cambiada"},
        proof=UPDATED,
    ),
    cspec(
        "api:coordination-meeting-cancel",
        "POST",
        (SEC,),
        kwargs=SCHEDULED,
        data=_cancel,
        proof=CANCELLED,
    ),
    cspec(
        "api:coordination-meeting-agenda-add",
        "POST",
        (SEC,),
        kwargs=MEETING,
        data=lambda w: AGENDA_ITEM,
        proof=AGENDA_ADDED,
    ),
    cspec(
        "api:coordination-meeting-agenda-reorder",
        "POST",
        (SEC,),
        kwargs=MEETING,
        data=_reorder,
        proof=AGENDA_REORDERED,
    ),
    cspec(
        "api:coordination-meeting-agenda-update",
        "POST",
        (SEC,),
        kwargs=ITEM,
        data=lambda w: AGENDA_ITEM,
        proof=AGENDA_UPDATED,
    ),
    cspec(
        "api:coordination-meeting-agenda-remove",
        "POST",
        (SEC,),
        kwargs=ITEM,
        proof=AGENDA_REMOVED,
    ),
    cspec(
        "api:coordination-meeting-attendance",
        "POST",
        (SEC,),
        kwargs=MEETING,
        data=_attendance_api,
        proof=ATTENDANCE,
    ),
    cspec(
        "api:coordination-meeting-minutes",
        "POST",
        (SEC,),
        kwargs=MEETING,
        data=_minutes,
        proof=MINUTES,
    ),
    cspec(
        "api:coordination-meeting-minutes-close",
        "POST",
        (SEC,),
        kwargs=MEETING,
        data=_close,
        proof=CLOSED_P,
    ),
    cspec(
        "api:coordination-meeting-attachment-upload",
        "POST",
        (SEC,),
        status=201,
        kwargs=MEETING,
        data=lambda w: {"title": "Anexo", "file": _pdf()},
        fmt="multipart",
        proof=UPLOADED,
    ),
    cspec("api:coordination-meeting-attachment-download", "GET", VIEWERS, kwargs=ATTACHMENT),
    cspec(
        "api:coordination-meeting-attachment-remove",
        "POST",
        (SEC,),
        status=204,
        kwargs=ATTACHMENT,
        proof=REMOVED,
    ),
]
