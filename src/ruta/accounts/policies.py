"""Access rules for users, memberships, roles and tokens. Rules live here and nowhere else."""

from __future__ import annotations

from django.db.models import QuerySet

from ruta.accounts.models import ApiToken, Membership, Role, User
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
    if _manages_all(actor) or actor.can("accounts.manage_users"):
        return True
    return False


def can_manage_account(actor: Actor, user: User) -> bool:
    """Whole-account actions: names, e-mail, language, password reset, second-factor reset,
    unlock, deactivation and reactivation.

    An institution administrator acts on the account of a person who belongs to their
    institution and to no other one (active or not), and who holds no platform role: anything
    else would let one institution take over an account that reads another institution's
    records. Those accounts need the platform administrator.
    """
    if user.pk == actor.user_id:
        return False  # nobody changes their own roles or lock state here
    if _manages_all(actor):
        return True
    if actor.can("accounts.manage_users"):
        # Every membership, active or not: an inactive one can be reactivated elsewhere.
        memberships = list(Membership.objects.filter(user_id=user.pk).select_related("role"))
        return bool(memberships) and all(
            m.institution_id == actor.institution_id and not m.role.is_platform_role
            for m in memberships
        )
    return False


def can_add_membership(actor: Actor, user: User) -> bool:
    """Whether memberships may be added to ``user`` at all; which institution and role is
    ``can_grant_membership``'s question. An institution administrator adds only to users who
    already belong to their institution (a membership action, not a whole-account one)."""
    if user.pk == actor.user_id:
        return False
    if _manages_all(actor):
        return True
    if actor.can("accounts.manage_users"):
        return user.memberships.filter(institution_id=actor.institution_id).exists()
    return False


def can_create_user(actor: Actor) -> bool:
    if can_list_users(actor):
        return True
    return False


def can_grant_membership(actor: Actor, *, institution_id, role: Role) -> bool:
    """Institution administrators grant their own institution's non-platform roles only."""
    if _manages_all(actor):
        return True
    if actor.can("accounts.manage_users", institution_id) and not role.is_platform_role:
        return True
    return False


def can_change_membership(actor: Actor, membership: Membership) -> bool:
    if membership.user_id == actor.user_id:
        return False
    if _manages_all(actor):
        return True
    if (
        actor.can("accounts.manage_users", membership.institution_id)
        and not membership.role.is_platform_role
    ):
        return True
    return False


def grantable_roles(actor: Actor, qs: QuerySet[Role] | None = None) -> QuerySet[Role]:
    qs = Role.objects.all() if qs is None else qs
    if _manages_all(actor):
        return qs
    if not actor.can("accounts.manage_users"):
        return qs.none()
    return qs.exclude(pk__in=[r.pk for r in qs if r.is_platform_role])


def can_manage_roles(actor: Actor) -> bool:
    if actor.can("roles.manage"):
        return True
    return False


def can_view_roles(actor: Actor) -> bool:
    if can_manage_roles(actor) or can_list_users(actor):
        return True
    return False


def scope_roles(actor: Actor, qs: QuerySet[Role] | None = None) -> QuerySet[Role]:
    qs = Role.objects.all() if qs is None else qs
    if can_view_roles(actor):
        return qs
    return qs.none()


def scope_api_tokens(actor: Actor, qs: QuerySet[ApiToken] | None = None) -> QuerySet[ApiToken]:
    """A person sees and revokes their own tokens only, whichever membership they act for.
    Nobody else, administrators included, sees them: a token is a credential."""
    qs = ApiToken.objects.all() if qs is None else qs
    if actor.user_id is not None:
        return qs.filter(user_id=actor.user_id)
    return qs.none()


def can_revoke_api_token(actor: Actor, token: ApiToken) -> bool:
    """The owner revokes their own token, from any of their memberships; nobody else."""
    if token.user_id != actor.user_id:
        return False
    if token.revoked_at is None:
        return True  # revoking twice would rewrite when it happened
    return False
