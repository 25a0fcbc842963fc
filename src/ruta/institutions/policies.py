"""Access rules for institutions, units and contact points."""

from __future__ import annotations

from django.db.models import QuerySet

from ruta.core.actor import Actor
from ruta.institutions.models import Institution, Unit


def scope_institutions(actor: Actor, qs: QuerySet[Institution] | None = None):
    """The directory of institutions holds no personal data: every signed-in actor sees it.
    Inactive institutions are visible to platform administrators only."""
    qs = Institution.objects.all() if qs is None else qs
    if actor.can("institutions.manage"):
        return qs
    return qs.filter(is_active=True)


def scope_units(actor: Actor, qs: QuerySet[Unit] | None = None) -> QuerySet[Unit]:
    """Units an administrator may place a member in: every unit for a platform
    administrator of accounts, the own institution's for an institution administrator.
    Administration, not records: the record scope does not narrow it."""
    qs = Unit.objects.all() if qs is None else qs
    if actor.can("accounts.manage_all_users"):
        return qs
    if actor.can("accounts.manage_users") or actor.can("institutions.edit_own"):
        return qs.filter(institution_id=actor.institution_id)
    return qs.none()


def can_create_institution(actor: Actor) -> bool:
    if actor.can("institutions.manage"):
        return True
    return False


def can_view_institution_summary(actor: Actor) -> bool:
    """The home page's institutions-by-type card: for platform administrators."""
    if actor.can("institutions.manage"):
        return True
    return False


def can_edit_institution(actor: Actor, institution: Institution) -> bool:
    """Name, type, parent, status and territories: platform administrators only."""
    if actor.can("institutions.manage"):
        return True
    return False


def can_edit_institution_details(actor: Actor, institution: Institution) -> bool:
    """Description, units and contact points: the institution's own administrator too."""
    if actor.can("institutions.manage") or actor.can("institutions.edit_own", institution.pk):
        return True
    return False
