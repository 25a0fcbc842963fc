"""slice meetings: the records its routes name beyond the shared world.

- ``meetings_attachment``: a PDF of ``meeting`` (through the service, so that its file is
  stored).
- ``meetings_agenda_item2``: a second item of ``meeting``'s agenda (to reorder).
- ``meetings_scheduled``: 3/<year> of ``committee``, scheduled in a week (to cancel)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ruta.coordination.choices import MeetingStatus
from ruta.coordination.models import AgendaItem, Meeting
from ruta.coordination.services import meetings as services
from tests.factories import actor_of


def build(*, users: dict, home, world: dict) -> dict:
    secretary = actor_of(users["committee_secretary"])
    meeting = world["meeting"]
    attachment = services.attachment_upload(
        actor=secretary,
        meeting=meeting,
        title="Orden del día",
        filename="orden.pdf",
        content=b"%PDF-1.4 orden del dia",
    )
    item2 = AgendaItem.objects.create(meeting=meeting, order=2, title="Varios")
    starts_at = timezone.now() + timedelta(days=7)
    last = Meeting.objects.filter(committee=world["committee"], year=starts_at.year).count()
    scheduled = Meeting.objects.create(
        committee=world["committee"],
        year=starts_at.year,
        number=last + 1,
        title="Sesión programada",
        starts_at=starts_at,
        place="Sala de juntas",
        status=MeetingStatus.SCHEDULED,
    )
    return {
        "meetings_attachment": attachment,
        "meetings_agenda_item2": item2,
        "meetings_scheduled": scheduled,
    }
