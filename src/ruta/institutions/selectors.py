"""Reads of institutions, each starting from the policy scope."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ruta.core.actor import Actor
from ruta.core.models import Department
from ruta.institutions.models import Institution, Unit
from ruta.institutions.policies import scope_institutions, scope_units


def institution_list(
    *, actor: Actor, search: str = "", type: str = "", department: str = ""
) -> QuerySet[Institution]:
    qs = (
        scope_institutions(actor)
        .select_related("parent")
        .prefetch_related("territories")
        .annotate(member_count=Count("memberships", filter=Q(memberships__is_active=True)))
    )
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(acronym__icontains=search))
    if type:
        qs = qs.filter(type=type)
    if department:
        qs = qs.filter(territories__code=department)
    return qs.order_by("name")


def institution_get(*, actor: Actor, institution_id) -> Institution:
    return get_object_or_404(
        scope_institutions(actor)
        .select_related("parent")
        .prefetch_related("territories", "units__department", "contact_points"),
        pk=institution_id,
    )


def unit_choices(*, actor: Actor, institution_id=None) -> QuerySet[Unit]:
    """Units an administrator may place a member in."""
    qs = scope_units(actor).select_related("institution").order_by("institution__name", "name")
    if institution_id is not None:
        qs = qs.filter(institution_id=institution_id)
    return qs


def department_list() -> QuerySet[Department]:
    return Department.objects.order_by("name")


def institution_type_summary(*, actor: Actor) -> list[dict]:
    from ruta.core.choices import InstitutionType

    labels = dict(InstitutionType.choices)
    rows = scope_institutions(actor).values("type").annotate(n=Count("id")).order_by("-n", "type")
    return [
        {"type": r["type"], "label": labels.get(r["type"], r["type"]), "count": r["n"]}
        for r in rows
    ]


def unit_get(*, actor: Actor, unit_id, institution_id=None) -> Unit:
    return get_object_or_404(unit_choices(actor=actor, institution_id=institution_id), pk=unit_id)


def departments_by_code(codes: list[str]) -> list[Department]:
    return list(Department.objects.filter(code__in=codes))


def places_by_code(*, departments: list[str], municipalities: list[str]) -> dict[str, list]:
    """Departments and municipalities from their codes; an unknown code is a clear 400."""
    from django.core.exceptions import ValidationError

    from ruta.core.models import Municipality

    found_d = list(Department.objects.filter(code__in=departments))
    found_m = list(Municipality.objects.filter(code__in=municipalities))
    errors = {}
    if len(found_d) != len(set(departments)):
        errors["departments"] = [_("Unknown place code.")]
    if len(found_m) != len(set(municipalities)):
        errors["municipalities"] = [_("Unknown place code.")]
    if errors:
        raise ValidationError(errors)
    return {"departments": found_d, "municipalities": found_m}


def department_get(code: str) -> Department:
    return get_object_or_404(Department, pk=code)


def municipality_get(code: str):
    from ruta.core.models import Municipality

    return get_object_or_404(Municipality, pk=code)
