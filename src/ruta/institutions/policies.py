"""Access rules for institutions, units and contact points."""

from __future__ import annotations

from django.db.models import QuerySet

from ruta.core.actor import Actor
from ruta.institutions.models import Institution


def scope_institutions(actor: Actor, qs: QuerySet[Institution] | None = None):
    """The directory of institutions holds no personal data: every signed-in actor sees it.
    Inactive institutions are visible to platform administrators only."""
    qs = Institution.objects.all() if qs is None else qs
    if actor.can("institutions.manage"):
        return qs
    return qs.filter(is_active=True)


def can_create_institution(actor: Actor) -> bool:
    return actor.can("institutions.manage")


def can_edit_institution(actor: Actor, institution: Institution) -> bool:
    """Name, type, parent, status and territories: platform administrators only."""
    return actor.can("institutions.manage")


def can_edit_institution_details(actor: Actor, institution: Institution) -> bool:
    """Description, units and contact points: the institution's own administrator too."""
    return actor.can("institutions.manage") or actor.can("institutions.edit_own", institution.pk)
