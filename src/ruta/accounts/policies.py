"""Access rules for users, memberships, roles and tokens. Rules live here and nowhere else."""

from __future__ import annotations

from django.db.models import QuerySet

from ruta.accounts.models import Membership, Role, User
from ruta.core.actor import Actor


def _manages_all(actor: Actor) -> bool:
    return actor.can("accounts.manage_all_users")


def scope_users(actor: Actor, qs: QuerySet[User] | None = None) -> QuerySet[User]:
    qs = User.objects.all() if qs is None else qs
    if _manages_all(actor):
        return qs
    if actor.can("accounts.manage_users"):
        return qs.filter(memberships__institution_id=actor.institution_id).distinct()
    return qs.none()


def scope_memberships(actor: Actor, qs: QuerySet[Membership] | None = None) -> QuerySet[Membership]:
    qs = Membership.objects.all() if qs is None else qs
    if _manages_all(actor):
        return qs
    if actor.can("accounts.manage_users"):
        return qs.filter(institution_id=actor.institution_id)
    return qs.none()


def can_list_users(actor: Actor) -> bool:
    return _manages_all(actor) or actor.can("accounts.manage_users")


def can_manage_user(actor: Actor, user: User) -> bool:
    """Administrators manage users who belong to their institution (platform: everyone)."""
    if user.pk == actor.user_id:
        return False  # nobody changes their own roles or lock state
    if _manages_all(actor):
        return True
    if not actor.can("accounts.manage_users"):
        return False
    return user.memberships.filter(institution_id=actor.institution_id).exists()


def can_create_user(actor: Actor) -> bool:
    return can_list_users(actor)


def can_grant_membership(actor: Actor, *, institution_id, role: Role) -> bool:
    """Institution administrators grant their own institution's non-platform roles only."""
    if _manages_all(actor):
        return True
    return actor.can("accounts.manage_users", institution_id) and not role.is_platform_role


def can_change_membership(actor: Actor, membership: Membership) -> bool:
    if membership.user_id == actor.user_id:
        return False
    if _manages_all(actor):
        return True
    return actor.can("accounts.manage_users", membership.institution_id) and (
        not membership.role.is_platform_role
    )


def grantable_roles(actor: Actor, qs: QuerySet[Role] | None = None) -> QuerySet[Role]:
    qs = Role.objects.all() if qs is None else qs
    if _manages_all(actor):
        return qs
    if not actor.can("accounts.manage_users"):
        return qs.none()
    return qs.exclude(pk__in=[r.pk for r in qs if r.is_platform_role])


def can_manage_roles(actor: Actor) -> bool:
    return actor.can("roles.manage")


def can_view_roles(actor: Actor) -> bool:
    return can_manage_roles(actor) or can_list_users(actor)


def scope_roles(actor: Actor, qs: QuerySet[Role] | None = None) -> QuerySet[Role]:
    qs = Role.objects.all() if qs is None else qs
    return qs if can_view_roles(actor) else qs.none()
