"""Survivors in the file: linked through their protection case (the legal grant), or recorded
by the prosecutor directly; their procedural role, participation and protection measures."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ruta.cases.models import Case
from ruta.core.actor import Actor
from ruta.core.errors import check_version, require
from ruta.people import services as people_services
from ruta.people.models import Person
from ruta.people.policies import person_in_scope
from ruta.prosecution import policies
from ruta.prosecution.choices import MeasureStatus, MeasureType, Participation, ProceduralRole
from ruta.prosecution.models import CriminalFile, FileVictim, ProtectionMeasure
from ruta.prosecution.services._common import (
    bump,
    choice,
    day,
    file_for_write,
    present,
    record,
    text,
)


def _is_child(victim: FileVictim) -> bool:
    """A child when the case says so, or (a victim known only to the file) by the age
    recorded; an unknown age does not refuse the measure."""
    if victim.case is not None:
        return victim.case.is_child
    age = victim.person.age() if victim.person is not None else None
    return age is None or age < 18


def _next_code(file: CriminalFile) -> str:
    return f"V-{file.victims.count() + 1}"


@transaction.atomic
def victim_link_case(
    *, actor: Actor, file: CriminalFile, case: Case, role: str = ProceduralRole.VICTIM
) -> FileVictim:
    """Join a survivor through their protection case: only a case the institution holds a
    legal grant on (404 otherwise, like any case out of reach)."""
    file = file_for_write(actor, file)
    require(policies.can_link_case(actor, file, case))
    errors: dict = {}
    choice(errors, "role", role, ProceduralRole.values)
    if file.victims.filter(case=case).exists():
        errors["case"] = [_("This survivor already takes part in this file.")]
    if errors:
        raise ValidationError(errors)
    victim = FileVictim.objects.create(
        file=file, case=case, code=_next_code(file), role=role, added_by=actor.user
    )
    record("victim.linked", actor, victim, file, data={"role": role, "via": "case"})
    return victim


@transaction.atomic
def victim_record(
    *,
    actor: Actor,
    file: CriminalFile,
    person: Person | None = None,
    identity: dict | None = None,
    role: str = ProceduralRole.VICTIM,
) -> FileVictim:
    """A victim or witness known only to the file: the prosecutor's own record."""
    file = file_for_write(actor, file, allowed=policies.can_record_person)
    errors: dict = {}
    choice(errors, "role", role, ProceduralRole.values)
    if person is not None:
        if not person_in_scope(actor, person):
            errors["person"] = [_("Unknown person.")]
        elif file.victims.filter(person=person).exists():
            errors["person"] = [_("This person already takes part in this file.")]
    elif not identity:
        errors["person"] = [_("Name the victim, or choose a person already recorded.")]
    if errors:
        raise ValidationError(errors)
    if person is None:
        person = people_services.person_create(actor=actor, **(identity or {}))
    victim = FileVictim.objects.create(
        file=file, person=person, code=_next_code(file), role=role, added_by=actor.user
    )
    record("victim.recorded", actor, victim, file, data={"role": role, "via": "file"})
    return victim


@transaction.atomic
def victim_update(
    *,
    actor: Actor,
    victim: FileVictim,
    version: int | None,
    role: str | None = None,
    participation: str | None = None,
) -> FileVictim:
    file = file_for_write(actor, victim.file, allow_closed=True)
    victim = FileVictim.objects.select_for_update().get(pk=victim.pk, file=file)
    check_version(victim, version)
    errors: dict = {}
    changes = {}
    if role is not None:
        choice(errors, "role", role, ProceduralRole.values)
        changes["role"] = role
    if participation is not None:
        choice(errors, "participation", participation, Participation.values)
        changes["participation"] = participation
    if errors:
        raise ValidationError(errors)
    changed = [k for k, v in changes.items() if getattr(victim, k) != v]
    if not changed:
        return victim
    for name in changed:
        setattr(victim, name, changes[name])
    bump(victim, changed)
    record("victim.updated", actor, victim, file, changed_fields=changed, data=changes)
    return victim


@transaction.atomic
def measure_request(
    *,
    actor: Actor,
    victim: FileVictim,
    type: str,
    requested_on: date | None,
    note: str = "",
) -> ProtectionMeasure:
    file = file_for_write(actor, victim.file, allow_closed=True)
    errors: dict = {}
    choice(errors, "type", type, MeasureType.values)
    note = text(errors, "note", note, required=False)
    day(errors, "requested_on", requested_on, not_before=file.complaint_on)
    if not errors and victim.measures.filter(type=type).exists():
        errors["type"] = [_("This measure is already recorded for this person.")]
    if not errors and type == MeasureType.GESELL and not _is_child(victim):
        errors["type"] = [_("The single recorded interview in a Gesell chamber is for children.")]
    if errors:
        raise ValidationError(errors)
    requested_on = present(requested_on)
    measure = ProtectionMeasure.objects.create(
        victim=victim, type=type, requested_on=requested_on, note=note
    )
    record("measure.requested", actor, measure, file, data={"type": type})
    return measure


@transaction.atomic
def measure_decide(
    *,
    actor: Actor,
    measure: ProtectionMeasure,
    version: int | None,
    status: str,
    decided_on: date | None,
) -> ProtectionMeasure:
    """Granted or refused by the court. A granted reserved identity hides the survivor's
    name from everyone but the prosecutor in charge (``policies.reserved_for``)."""
    file = file_for_write(actor, measure.victim.file, allow_closed=True)
    measure = ProtectionMeasure.objects.select_for_update().get(pk=measure.pk, victim__file=file)
    check_version(measure, version)
    errors: dict = {}
    choice(errors, "status", status, [MeasureStatus.GRANTED, MeasureStatus.REFUSED])
    if measure.status != MeasureStatus.REQUESTED:
        errors["status"] = [_("The court's decision on this measure is already recorded.")]
    day(errors, "decided_on", decided_on, not_before=measure.requested_on)
    if errors:
        raise ValidationError(errors)
    measure.status = status
    measure.decided_on = decided_on
    bump(measure, ["status", "decided_on"])
    record("measure.decided", actor, measure, file, data={"type": measure.type, "status": status})
    return measure
