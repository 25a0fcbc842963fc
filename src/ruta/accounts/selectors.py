"""Reads of accounts data, each starting from a policy scope."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ruta.accounts import policies
from ruta.accounts.models import ApiToken, Membership, Role, TOTPDevice, User
from ruta.accounts.services.credentials import membership_for_user
from ruta.core.actor import Actor, actor_for_membership
from ruta.core.middleware import client_ip

SESSION_MEMBERSHIP_KEY = "ruta_membership_id"
NEEDS_2FA_SETUP_KEY = "ruta_needs_2fa_setup"


def actor_for_request(request) -> Actor | None:
    """The Actor of a signed-in page request: the membership chosen in the session, else the
    user's first active membership. One query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if request.session.get(NEEDS_2FA_SETUP_KEY):
        return None  # enrolment first: no actor, so no page and no API call acts for anyone
    membership = membership_for_user(user, request.session.get(SESSION_MEMBERSHIP_KEY))
    if membership is None and request.session.get(SESSION_MEMBERSHIP_KEY):
        membership = membership_for_user(user)
    if membership is None:
        return None
    if request.session.get(SESSION_MEMBERSHIP_KEY) != str(membership.pk):
        request.session[SESSION_MEMBERSHIP_KEY] = str(membership.pk)  # else: no session write
    return actor_for_membership(
        membership, request_id=getattr(request, "request_id", ""), ip=client_ip(request)
    )


def _member_institution_ids(user_id) -> list[str]:
    if user_id is None:
        return []
    ids = Membership.objects.filter(user_id=user_id, is_active=True).values_list(
        "institution_id", flat=True
    )
    return sorted({str(i) for i in ids})


def user_institution_ids(user: User) -> list[str]:
    """The institutions (ids, sorted) the user is an active member of."""
    return _member_institution_ids(user.pk)


def account_holder_institution_ids(record: Membership | ApiToken | TOTPDevice) -> list[str]:
    """The same, for the person a membership, an API token or a second-factor device is of."""
    return _member_institution_ids(record.user_id)


def memberships_of(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, is_active=True, institution__is_active=True)
        .select_related("institution", "role")
        .order_by("institution__name")
    )


# The home page's account figures, each a filter of the user list (?state=...).
USER_STATES = ("active", "without_2fa", "locked")


def _in_state(qs: QuerySet[User], state: str) -> QuerySet[User]:
    if state not in USER_STATES:
        return qs
    qs = qs.filter(is_active=True)
    if state == "without_2fa":
        return qs.exclude(
            pk__in=TOTPDevice.objects.filter(confirmed_at__isnull=False).values("user_id")
        )
    if state == "locked":
        return qs.filter(locked_until__gt=timezone.now())
    return qs


def user_list(
    *, actor: Actor, search: str = "", institution_id=None, role_id=None, state: str = ""
) -> QuerySet[User]:
    scoped_memberships = policies.scope_memberships(actor).select_related("institution", "role")
    qs = policies.scope_users(actor).prefetch_related(
        Prefetch("memberships", queryset=scoped_memberships, to_attr="visible_memberships")
    )
    if search:
        qs = qs.filter(
            Q(username__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(email__icontains=search)
        )
    if institution_id:
        qs = qs.filter(memberships__institution_id=institution_id)
    if role_id:
        qs = qs.filter(memberships__role_id=role_id)
    return _in_state(qs, state).order_by("last_name", "first_name", "username").distinct()


def user_get(*, actor: Actor, user_id) -> User:
    return get_object_or_404(user_list(actor=actor), pk=user_id)


def membership_get(*, actor: Actor, membership_id) -> Membership:
    return get_object_or_404(
        policies.scope_memberships(actor).select_related("institution", "role", "unit", "user"),
        pk=membership_id,
    )


def role_list(*, actor: Actor) -> QuerySet[Role]:
    return policies.scope_roles(actor).annotate(member_count=Count("memberships")).order_by("code")


def role_get(*, actor: Actor, role_id) -> Role:
    return get_object_or_404(policies.scope_roles(actor), pk=role_id)


def api_token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    """The actor's own tokens that still work (not revoked, not expired), newest first, with
    the membership each one acts for."""
    return (
        policies.scope_api_tokens(actor)
        .filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("membership__institution", "membership__role")
        .order_by("-created_at")
    )


def api_token_get(*, actor: Actor, token_id) -> ApiToken:
    return get_object_or_404(api_token_list(actor=actor), pk=token_id)


def user_admin_summary(*, actor: Actor) -> dict:
    """Figures for an administrator's home page, within the administrator's scope."""
    users = policies.scope_users(actor)
    return {
        "active": _in_state(users, "active").count(),
        "locked": list(_in_state(users, "locked").order_by("username")[:10]),
        "without_2fa": _in_state(users, "without_2fa").count(),
    }


def grantable_role_get(*, actor: Actor, role_id) -> Role:
    return get_object_or_404(policies.grantable_roles(actor), pk=role_id)


def membership_places(*, membership: Membership) -> dict[str, list[str]]:
    """The departments and municipalities a membership itself names (not its institution's)."""
    return {
        "departments": sorted(membership.departments.values_list("pk", flat=True)),
        "municipalities": sorted(membership.municipalities.values_list("pk", flat=True)),
    }


def membership_list(*, actor: Actor) -> QuerySet[Membership]:
    return (
        policies.scope_memberships(actor)
        .select_related("institution", "role")
        .order_by("institution__name", "created_at")
    )


def members_with_capability(*, institution_id, capability: str) -> list[User]:
    """Active users whose active membership in the institution grants ``capability``."""
    memberships = Membership.objects.filter(
        institution_id=institution_id, is_active=True, user__is_active=True
    ).select_related("role", "user")
    return [m.user for m in memberships if capability in m.role.capabilities]
