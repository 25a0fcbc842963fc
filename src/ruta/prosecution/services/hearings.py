"""Hearings: scheduled with date, time, type and court; their result and the next hearing."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.core.actor import Actor
from ruta.prosecution.choices import STAGE_ORDER, HearingResult, HearingType, Stage, stage_index
from ruta.prosecution.models import CriminalFile, Hearing
from ruta.prosecution.services._common import bump, choice, file_for_write, present, record, text


def _check_schedule(errors: dict, file: CriminalFile, type: str, starts_at: datetime | None):
    choice(errors, "type", type, HearingType.values)
    if starts_at is None:
        errors["starts_at"] = [_("This field is required.")]
    elif timezone.localdate(starts_at) < file.complaint_on:
        errors["starts_at"] = [_("This hearing is before the complaint.")]
    if stage_index(file.stage) < STAGE_ORDER.index(Stage.INVESTIGATION):
        errors["type"] = [_("Hearings are scheduled once the investigation has started.")]


@transaction.atomic
def hearing_schedule(
    *,
    actor: Actor,
    file: CriminalFile,
    type: str,
    starts_at: datetime | None,
    court: str = "",
) -> Hearing:
    file = file_for_write(actor, file)
    errors: dict = {}
    _check_schedule(errors, file, type, starts_at)
    court = text(errors, "court", court, required=False, limit=200) or file.court
    if errors:
        raise ValidationError(errors)
    starts_at = present(starts_at)
    hearing = Hearing.objects.create(
        file=file, type=type, starts_at=starts_at, court=court, created_by=actor.user
    )
    record("hearing.scheduled", actor, hearing, file, data={"type": type})
    return hearing


@transaction.atomic
def hearing_record_result(
    *,
    actor: Actor,
    hearing: Hearing,
    version: int | None,
    result: str,
    note: str = "",
    next_starts_at: datetime | None = None,
    next_type: str = "",
) -> Hearing:
    """What happened; a postponed or suspended hearing usually names the next one, which is
    scheduled in the same step."""
    file = file_for_write(actor, hearing.file)
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk, file=file)
    from ruta.core.errors import check_version

    check_version(hearing, version)
    errors: dict = {}
    choice(errors, "result", result, HearingResult.values)
    note = text(errors, "note", note, required=False)
    if hearing.result:
        errors["result"] = [_("The result of this hearing is already recorded.")]
    elif hearing.starts_at > timezone.now():
        errors["result"] = [_("This hearing has not taken place yet.")]
    if next_starts_at is not None:
        _check_schedule(errors, file, next_type or hearing.type, next_starts_at)
        if next_starts_at <= hearing.starts_at:
            errors["next_starts_at"] = [_("The next hearing comes after this one.")]
    if errors:
        raise ValidationError(errors)
    hearing.result = result
    hearing.result_note = note
    fields = ["result", "result_note"]
    if next_starts_at is not None:
        hearing.next_hearing = Hearing.objects.create(
            file=file,
            type=next_type or hearing.type,
            starts_at=next_starts_at,
            court=hearing.court,
            created_by=actor.user,
        )
        fields.append("next_hearing")
        record(
            "hearing.scheduled",
            actor,
            hearing.next_hearing,
            file,
            data={"type": hearing.next_hearing.type},
        )
    bump(hearing, fields)
    record("hearing.result_recorded", actor, hearing, file, data={"result": result})
    return hearing
