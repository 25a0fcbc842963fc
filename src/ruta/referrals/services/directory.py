"""The service directory: what each institution offers, and where."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.care.choices import ServiceType
from ruta.core.actor import Actor
from ruta.core.errors import require
from ruta.core.models import Department
from ruta.institutions.models import ContactPoint, Institution
from ruta.referrals import policies
from ruta.referrals.models import ServiceOffering
from ruta.referrals.services._common import text


@transaction.atomic
def offering_save(
    *,
    actor: Actor,
    institution: Institution,
    service: str,
    departments: list[Department],
    capacity_notes: str = "",
    contact_point: ContactPoint | None = None,
    is_active: bool = True,
) -> ServiceOffering:
    """Add or update what an institution offers; its own administrator keeps it."""
    require(policies.can_manage_offering(actor, institution.pk))
    errors: dict[str, list[str]] = {}
    if service not in ServiceType.values:
        errors["service"] = [_("Unknown code: %(code)s") % {"code": service}]
    if contact_point is not None and contact_point.institution_id != institution.pk:
        errors["contact_point"] = [_("This contact point belongs to another institution.")]
    capacity_notes = text(errors, "capacity_notes", capacity_notes, required=False)
    if errors:
        raise ValidationError(errors)
    offering, created = ServiceOffering.objects.select_for_update().get_or_create(
        institution=institution, service=service
    )
    offering.capacity_notes, offering.contact_point, offering.is_active = (
        capacity_notes,
        contact_point,
        is_active,
    )
    if not created:
        offering.version += 1
    offering.save(
        update_fields=["capacity_notes", "contact_point", "is_active", "version", "updated_at"]
    )
    offering.departments.set(departments)
    audit.record(
        action="referrals.offering.created" if created else "referrals.offering.updated",
        actor=actor,
        target=offering,
        target_institution_id=institution.pk,
        data={"service": service, "departments": sorted(d.code for d in departments)},
    )
    return offering
