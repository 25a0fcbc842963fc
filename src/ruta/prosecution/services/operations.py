"""Police operations: where and when, who took part, and what came out of them. The reports
an operation raised go to the protection intake as any report does; the operation names them."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.core.errors import check_version, require
from ruta.core.models import Department, Municipality
from ruta.core.references import next_reference
from ruta.institutions.models import Institution
from ruta.prosecution import policies
from ruta.prosecution.models import Operation
from ruta.prosecution.services._common import day, text


def _validate(errors: dict, values: dict) -> None:
    if "name" in values:
        values["name"] = text(errors, "name", values["name"], required=True, limit=200)
    if "place" in values:
        values["place"] = text(errors, "place", values["place"], required=False)
    if "carried_out_on" in values:
        day(errors, "carried_out_on", values["carried_out_on"])
    department = values.get("department")
    if "department" in values and not isinstance(department, Department):
        errors["department"] = [_("This field is required.")]
    municipality = values.get("municipality")
    if municipality is not None and municipality.department_id != getattr(department, "pk", None):
        errors["municipality"] = [_("This municipality is not in the department.")]
    for name in ("victims_found", "suspects_arrested"):
        if values.get(name) is not None and not 0 <= values[name] <= 10_000:
            errors[name] = [_("Enter a number between 0 and 10,000.")]


@transaction.atomic
def operation_create(
    *,
    actor: Actor,
    name: str,
    carried_out_on: date | None,
    department: Department | None,
    municipality: Municipality | None = None,
    place: str = "",
    partners: list[Institution] | None = None,
    victims_found: int = 0,
    suspects_arrested: int = 0,
) -> Operation:
    require(policies.can_create_operation(actor))
    values = {
        "name": name,
        "carried_out_on": carried_out_on,
        "department": department,
        "municipality": municipality,
        "place": place,
        "victims_found": victims_found or 0,
        "suspects_arrested": suspects_arrested or 0,
    }
    errors: dict = {}
    _validate(errors, values)
    partners = [p for p in (partners or []) if p.pk != actor.institution_id]
    if errors:
        raise ValidationError(errors)
    operation = Operation.objects.create(
        reference=next_reference("OP"),
        institution_id=actor.institution_id,
        created_by=actor.user,
        **values,
    )
    operation.partners.set(partners)
    audit.record(
        action="prosecution.operation.created",
        actor=actor,
        target=operation,
        data={"partners": len(partners)},
    )
    return operation


@transaction.atomic
def operation_link_reports(
    *, actor: Actor, operation: Operation, version: int | None, reports: list
) -> Operation:
    """Name the reports the operation raised (reports the actor's institution received)."""
    operation = Operation.objects.select_for_update().get(pk=operation.pk)
    require(policies.can_edit_operation(actor, operation))
    check_version(operation, version)
    errors: dict = {}
    if any(r.institution_id != actor.institution_id for r in reports):
        errors["reports"] = [_("Only reports your institution received can be named.")]
    if errors:
        raise ValidationError(errors)
    operation.reports.add(*reports)
    operation.version += 1
    operation.save(update_fields=["version", "updated_at"])
    audit.record(
        action="prosecution.operation.reports_linked",
        actor=actor,
        target=operation,
        data={"reports": len(reports)},
    )
    return operation
