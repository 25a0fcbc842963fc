"""The facts of the exploitation: the case's codes and its trafficking events."""

from __future__ import annotations

from datetime import date

import pycountry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.cases import policies
from ruta.cases.choices import (
    ActivityKind,
    App,
    EventType,
    FormOfExploitation,
    MeansOfControl,
    RecruitmentMethod,
    RelationshipToRecruiter,
)
from ruta.cases.models import Case, TraffickingEvent
from ruta.cases.services._common import CaseClosed, bump, check_codes, locked
from ruta.cases.services.timeline import timeline_add
from ruta.core.actor import Actor
from ruta.core.errors import require
from ruta.core.models import Department, Municipality


@transaction.atomic
def case_update_facts(
    *,
    actor: Actor,
    case: Case,
    version: int | None,
    forms_of_exploitation: list[str],
    means_of_control: list[str],
    recruitment_methods: list[str],
    recruitment_apps: list[str],
    exploitation_apps: list[str],
    relationship_to_recruiter: str,
) -> Case:
    case = locked(case, version)
    require(policies.can_write_facts(actor, case))
    if case.is_closed:
        raise CaseClosed
    errors: dict[str, list[str]] = {}
    check_codes(forms_of_exploitation, FormOfExploitation.values, "forms_of_exploitation", errors)
    check_codes(means_of_control, MeansOfControl.values, "means_of_control", errors)
    check_codes(recruitment_methods, RecruitmentMethod.values, "recruitment_methods", errors)
    check_codes(recruitment_apps, App.values, "recruitment_apps", errors)
    check_codes(exploitation_apps, App.values, "exploitation_apps", errors)
    check_codes(
        [relationship_to_recruiter],
        RelationshipToRecruiter.values,
        "relationship_to_recruiter",
        errors,
    )
    if errors:
        raise ValidationError(errors)
    new = {
        "forms_of_exploitation": sorted(set(forms_of_exploitation)),
        "means_of_control": sorted(set(means_of_control)),
        "recruitment_methods": sorted(set(recruitment_methods)),
        "recruitment_apps": sorted(set(recruitment_apps)),
        "exploitation_apps": sorted(set(exploitation_apps)),
        "relationship_to_recruiter": relationship_to_recruiter,
    }
    changed = [k for k, v in new.items() if getattr(case, k) != v]
    if not changed:
        return case
    for k in changed:
        setattr(case, k, new[k])
    bump(case, changed)
    timeline_add(case, ActivityKind.DETAILS, actor)
    audit.record(
        action="cases.case.facts_updated", actor=actor, target=case, changed_fields=changed
    )
    return case


@transaction.atomic
def event_add(
    *,
    actor: Actor,
    case: Case,
    type: str,
    country: str,
    department: Department | None = None,
    municipality: Municipality | None = None,
    started_on: date | None = None,
    ended_on: date | None = None,
) -> TraffickingEvent:
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(policies.can_write_facts(actor, case))
    if case.is_closed:
        raise CaseClosed
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if type not in EventType.values:
        errors["type"] = [_("Unknown code: %(code)s") % {"code": type}]
    if not pycountry.countries.get(alpha_3=country or "-"):
        errors["country"] = [_("Unknown country code: %(code)s") % {"code": country}]
    if department is not None and country != "HND":
        errors["department"] = [_("Departments are recorded for events in Honduras only.")]
    if municipality is not None and (
        department is None or municipality.department_id != department.pk
    ):
        errors["municipality"] = [_("The municipality is not in the chosen department.")]
    for field, value in (("started_on", started_on), ("ended_on", ended_on)):
        if value and value > today:
            errors[field] = [_("An event cannot be in the future.")]
    if started_on and ended_on and ended_on < started_on:
        errors["ended_on"] = [_("The end is before the start.")]
    if errors:
        raise ValidationError(errors)
    event = TraffickingEvent.objects.create(
        case=case,
        type=type,
        country=country,
        department=department,
        municipality=municipality,
        started_on=started_on,
        ended_on=ended_on,
    )
    bump(case, [])
    timeline_add(case, ActivityKind.EVENT, actor, detail=type)
    audit.record(
        action="cases.event.added",
        actor=actor,
        target=event,
        target_institution_id=case.institution_id,
        data={"case": str(case.pk), "type": type, "country": country},
    )
    return event
