"""Reads of committee meetings. Every query starts from ``scope_meetings`` (or
``scope_committees``): outside it, 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from ruta.coordination import policies
from ruta.coordination.choices import MeetingStatus, MemberRole
from ruta.coordination.models import (
    ActionItem,
    AgendaItem,
    Agreement,
    Committee,
    CommitteeMember,
    Meeting,
    MeetingAttachment,
    MeetingAttendance,
)
from ruta.coordination.quorum import quorum_status
from ruta.core.actor import Actor
from ruta.core.errors import require, uuid_or_404

_MEMBERS = Prefetch(
    "committee__members",
    queryset=CommitteeMember.objects.select_related("institution").order_by("institution__name"),
)


def committee_get(*, actor: Actor, committee_id: UUID | str) -> Committee:
    committee = policies.scope_committees(actor).filter(pk=uuid_or_404(committee_id)).first()
    if committee is None:
        raise Http404
    return committee


def committee_for_scheduling(*, actor: Actor, committee_id: UUID | str) -> Committee:
    committee = committee_get(actor=actor, committee_id=committee_id)
    require(policies.can_manage_committee(actor, committee))
    return committee


def committee_meetings(*, actor: Actor, committee: Committee) -> list[Meeting]:
    """The committee's meetings, latest first, each with ``quorum`` (present, needed,
    reached) once held. Three queries whatever the number of meetings."""
    meetings = list(
        policies.scope_meetings(actor)
        .filter(committee=committee)
        .select_related("committee")
        .prefetch_related(_MEMBERS, "attendance")
        .order_by("-starts_at")
    )
    for meeting in meetings:
        held = meeting.status == MeetingStatus.HELD
        meeting.quorum = quorum_status(meeting) if held else None  # type: ignore[attr-defined]
    return meetings


def _detail_qs(actor: Actor) -> QuerySet[Meeting]:
    return (
        policies.scope_meetings(actor)
        .select_related("committee", "committee__secretariat")
        .prefetch_related(
            _MEMBERS,
            Prefetch("agenda", queryset=AgendaItem.objects.order_by("order")),
            Prefetch(
                "attendance",
                queryset=MeetingAttendance.objects.select_related("institution").order_by(
                    "institution__name"
                ),
            ),
            Prefetch("attachments", queryset=MeetingAttachment.objects.order_by("created_at")),
            Prefetch(
                "agreements",
                queryset=Agreement.objects.order_by("number").prefetch_related(
                    Prefetch(
                        "actions",
                        queryset=ActionItem.objects.select_related("owner_institution").order_by(
                            "due_on", "created_at"
                        ),
                    )
                ),
            ),
        )
    )


def meeting_get(*, actor: Actor, meeting_id: UUID | str) -> Meeting:
    """The meeting with its agenda, attendance, attachments, agreements and their actions."""
    meeting = _detail_qs(actor).filter(pk=uuid_or_404(meeting_id)).first()
    if meeting is None:
        raise Http404
    return meeting


def meeting_for_manage(*, actor: Actor, meeting_id: UUID | str) -> Meeting:
    """The meeting, for its secretariat while the minutes are open (else 404)."""
    meeting = meeting_get(actor=actor, meeting_id=meeting_id)
    require(policies.can_manage_meeting(actor, meeting))
    return meeting


def register(meeting: Meeting) -> list[dict[str, Any]]:
    """One row per member institution (name order): the member, its attendance line if any.
    ``meeting`` comes from ``meeting_get`` (members and attendance prefetched)."""
    lines = {line.institution_id: line for line in meeting.attendance.all()}
    return [
        {
            "member": member,
            "institution": member.institution,
            "observer": member.role == MemberRole.OBSERVER,
            "line": lines.get(member.institution_id),
        }
        for member in meeting.committee.members.all()
    ]


def meeting_page(*, actor: Actor, meeting: Meeting) -> dict[str, Any]:
    """What the meeting's page shows (``meeting`` from ``meeting_get``)."""
    present, needed, reached = quorum_status(meeting)
    return {
        "meeting": meeting,
        "committee": meeting.committee,
        "agenda": list(meeting.agenda.all()),
        "register": register(meeting),
        "attendance": list(meeting.attendance.all()),
        "quorum": {"present": present, "needed": needed, "reached": reached},
        "attachments": list(meeting.attachments.all()),
        "agreements": list(meeting.agreements.all()),
        "can_manage": policies.can_manage_meeting(actor, meeting),
        "is_scheduled": meeting.status == MeetingStatus.SCHEDULED,
        "is_cancelled": meeting.status == MeetingStatus.CANCELLED,
    }


def agenda_item_get(*, actor: Actor, item_id: UUID | str) -> AgendaItem:
    """An agenda item, for the secretariat while the minutes are open (else 404)."""
    item = (
        AgendaItem.objects.filter(
            pk=uuid_or_404(item_id), meeting__in=policies.scope_meetings(actor)
        )
        .select_related("meeting", "meeting__committee")
        .first()
    )
    if item is None:
        raise Http404
    require(policies.can_manage_meeting(actor, item.meeting))
    return item


def attachment_get(*, actor: Actor, attachment_id: UUID | str) -> MeetingAttachment:
    """An attachment, for whoever sees its meeting."""
    attachment = (
        MeetingAttachment.objects.filter(
            pk=uuid_or_404(attachment_id), meeting__in=policies.scope_meetings(actor)
        )
        .select_related("meeting", "meeting__committee")
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def attachment_for_remove(*, actor: Actor, attachment_id: UUID | str) -> MeetingAttachment:
    attachment = attachment_get(actor=actor, attachment_id=attachment_id)
    require(policies.can_manage_meeting(actor, attachment.meeting))
    return attachment
