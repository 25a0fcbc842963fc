"""Writes on institutions, units and contact points."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.core.errors import check_version, require
from ruta.core.models import Department
from ruta.institutions import policies
from ruta.institutions.models import ContactPoint, Institution, Unit

CORE_FIELDS = ("name", "acronym", "type", "parent", "is_active", "receives_public_reports")
DETAIL_FIELDS = (
    "description",
    "first_contact_hours",
    "plan_review_days",
    "referral_answer_days",
    "referral_urgent_hours",
)
MAX_REVIEW_DAYS = 730


def _check_parent(institution: Institution, parent: Institution | None) -> None:
    """Walk up from the new parent, as stored, and refuse a cycle."""
    node_id, seen = (parent.pk if parent else None), set()
    while node_id is not None and node_id not in seen:
        if node_id == institution.pk:
            raise ValidationError({"parent": _("An institution cannot be part of itself.")})
        seen.add(node_id)
        node_id = Institution.objects.filter(pk=node_id).values_list("parent_id", flat=True).first()


def _review_days(days) -> list[int]:
    """1 to 10 distinct whole days, each between 1 and MAX_REVIEW_DAYS, in order."""
    if (
        not isinstance(days, list | tuple)
        or not 0 < len(days) <= 10
        or any(not isinstance(d, int) or isinstance(d, bool) for d in days)
        or any(not 0 < d <= MAX_REVIEW_DAYS for d in days)
        or len(set(days)) != len(days)
    ):
        raise ValidationError(
            {
                "plan_review_days": _(
                    "Give up to 10 different numbers of days between 1 and %(max)s, "
                    "for example 30, 90, 180."
                )
                % {"max": MAX_REVIEW_DAYS}
            }
        )
    return sorted(days)


@transaction.atomic
def institution_create(
    *,
    actor: Actor,
    name: str,
    type: str,
    acronym: str = "",
    parent: Institution | None = None,
    description: str = "",
    territories: list[Department] | None = None,
) -> Institution:
    require(policies.can_create_institution(actor))
    institution = Institution(
        name=name.strip(),
        acronym=acronym.strip(),
        type=type,
        parent=parent,
        description=description.strip(),
    )
    institution.full_clean()
    institution.save(force_insert=True)
    if territories:
        institution.territories.set(territories)
    audit.record(
        action="institutions.institution.created",
        actor=actor,
        target=institution,
        data={"type": type, "territories": sorted(d.code for d in territories or [])},
    )
    return institution


@transaction.atomic
def institution_update(
    *, actor: Actor, institution: Institution, version: int | None, **changes
) -> Institution:
    """Platform administrators change everything; an institution's own administrator only the
    description and its time limits. Territories are given as a list of departments."""
    require(policies.can_edit_institution_details(actor, institution))
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    check_version(institution, version)
    core_requested = [f for f in (*CORE_FIELDS, "territories") if f in changes]
    if core_requested:
        require(policies.can_edit_institution(actor, institution))
    if "parent" in changes:
        _check_parent(institution, changes["parent"])
    if "plan_review_days" in changes:
        changes["plan_review_days"] = _review_days(changes["plan_review_days"])
    changed: list[str] = []
    for field in (*CORE_FIELDS, *DETAIL_FIELDS):
        if field in changes and getattr(institution, field) != changes[field]:
            setattr(institution, field, changes[field])
            changed.append(field)
    territories_changed = False
    if "territories" in changes:
        new_codes = {d.code for d in changes["territories"]}
        old_codes = set(institution.territories.values_list("code", flat=True))
        territories_changed = new_codes != old_codes
    if not changed and not territories_changed:
        return institution
    institution.full_clean()
    institution.version += 1
    institution.save(update_fields=[*changed, "version", "updated_at"])
    if territories_changed:
        institution.territories.set(changes["territories"])
        changed.append("territories")
    audit.record(
        action="institutions.institution.updated",
        actor=actor,
        target=institution,
        changed_fields=changed,
    )
    return institution


@transaction.atomic
def unit_create(
    *, actor: Actor, institution: Institution, name: str, department: Department | None = None
) -> Unit:
    require(policies.can_edit_institution_details(actor, institution))
    if institution.units.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("This institution already has a unit with this name.")})
    unit = Unit(institution=institution, name=name.strip(), department=department)
    unit.full_clean()
    unit.save(force_insert=True)
    audit.record(action="institutions.unit.created", actor=actor, target=unit)
    return unit


@transaction.atomic
def contact_point_create(
    *,
    actor: Actor,
    institution: Institution,
    name: str,
    position: str = "",
    phone: str = "",
    email: str = "",
) -> ContactPoint:
    require(policies.can_edit_institution_details(actor, institution))
    contact = ContactPoint(
        institution=institution,
        name=name.strip(),
        position=position.strip(),
        phone=phone.strip(),
        email=email.strip(),
    )
    contact.full_clean()
    contact.save(force_insert=True)
    audit.record(action="institutions.contact_point.created", actor=actor, target=contact)
    return contact


@transaction.atomic
def contact_point_delete(*, actor: Actor, contact: ContactPoint) -> None:
    require(policies.can_edit_institution_details(actor, contact.institution))
    audit.record(action="institutions.contact_point.deleted", actor=actor, target=contact)
    contact.delete()
