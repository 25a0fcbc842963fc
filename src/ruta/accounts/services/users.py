"""Writes on users, their memberships and roles. Each checks a policy, validates, saves, audits."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ruta.accounts import policies
from ruta.accounts.models import Membership, Role, TOTPDevice, User
from ruta.accounts.services.credentials import credentials_revoke, sign_in_locks_clear
from ruta.accounts.tasks import send_email_task
from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.core.capabilities import unknown_codes
from ruta.core.choices import RecordScope, Sensitivity
from ruta.core.errors import NotPermitted, check_version, require
from ruta.core.views import absolute_link
from ruta.institutions.models import Institution, Unit

USER_FIELDS = ("first_name", "last_name", "email", "preferred_language")
# Role fields that change what a holder may do (the name and description do not).
ACCESS_FIELDS = frozenset({"capabilities", "scope", "read_sensitivities", "write_sensitivities"})


def _validate_unit(institution: Institution, unit: Unit | None) -> None:
    if unit is not None and unit.institution_id != institution.pk:
        raise ValidationError({"unit": _("The unit does not belong to this institution.")})


def _send_reset_link(user: User, *, base_url: str, invitation: bool) -> None:
    """Queue an e-mail with a one-time link to set a password, in the user's language."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})
    with translation.override(user.preferred_language):
        if invitation:
            subject = _("Your Ruta account")
            intro = _("An account has been created for you on Ruta.")
        else:
            subject = _("Set a new password for Ruta")
            intro = _("Your administrator has asked for your Ruta password to be reset.")
        body = "\n\n".join(
            [
                _("Hello %(name)s,") % {"name": user.get_full_name() or user.username},
                intro,
                _("Open this link to choose your password (it works once and expires):"),
                absolute_link(path, base_url),
                _("If you did not expect this message, tell your institution's administrator."),
            ]
        )
    if user.email:
        transaction.on_commit(
            lambda: send_email_task.enqueue(subject=subject, body=body, to=[user.email])
        )


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    institution: Institution,
    role: Role,
    unit: Unit | None = None,
    preferred_language: str = "es",
    base_url: str = "",
) -> User:
    """Create an account with a first membership and e-mail an invitation to set a password."""
    require(policies.can_create_user(actor))
    require(policies.can_grant_membership(actor, institution_id=institution.pk, role=role))
    _validate_unit(institution, unit)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is already taken.")})
    user = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        preferred_language=preferred_language,
        must_change_password=True,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save(force_insert=True)
    membership = Membership.objects.create(user=user, institution=institution, role=role, unit=unit)
    audit.record(
        action="accounts.user.created",
        actor=actor,
        target=user,
        target_institution_id=institution.pk,
        changed_fields=["username", *USER_FIELDS],
    )
    audit.record(
        action="accounts.membership.created",
        actor=actor,
        target=membership,
        data={"role": role.code, "user": str(user.pk)},
    )
    _send_reset_link(user, base_url=base_url, invitation=True)
    return user


@transaction.atomic
def user_update(*, actor: Actor, user: User, version: int | None, **changes: Any) -> User:
    require(policies.can_manage_account(actor, user))
    user = User.objects.select_for_update().get(pk=user.pk)
    check_version(user, version)
    changed = [
        name for name in USER_FIELDS if name in changes and getattr(user, name) != changes[name]
    ]
    for name in changed:
        setattr(user, name, changes[name])
    if not changed:
        return user
    user.full_clean()
    user.version += 1
    user.save(update_fields=[*changed, "version"])
    audit.record(action="accounts.user.updated", actor=actor, target=user, changed_fields=changed)
    return user


@transaction.atomic
def notification_preferences_set(*, actor: Actor, email_notifications: bool) -> User:
    """The actor's own choice of whether notifications also reach them by e-mail. In-app
    notifications always happen. Audited only when the value changes."""
    user = User.objects.select_for_update().get(pk=actor.user_id)
    if user.email_notifications == email_notifications:
        return user
    user.email_notifications = email_notifications
    user.save(update_fields=["email_notifications"])
    audit.record(
        action="accounts.user.preferences_changed",
        actor=actor,
        target=user,
        changed_fields=["email_notifications"],
    )
    return user


@transaction.atomic
def user_set_active(*, actor: Actor, user: User, active: bool, version: int | None) -> User:
    """Deactivate (signs out everywhere) or reactivate an account."""
    require(policies.can_manage_account(actor, user))
    user = User.objects.select_for_update().get(pk=user.pk)
    check_version(user, version)
    if user.is_active == active:
        return user
    user.is_active = active
    user.version += 1
    user.save(update_fields=["is_active", "version"])
    audit.record(
        action="accounts.user.activated" if active else "accounts.user.deactivated",
        actor=actor,
        target=user,
        changed_fields=["is_active"],
    )
    if not active:
        credentials_revoke(actor=actor, user=user, reason="deactivated")
        user.refresh_from_db(fields=["session_epoch"])
    return user


@transaction.atomic
def user_unlock(*, actor: Actor, user: User) -> User:
    require(policies.can_manage_account(actor, user))
    User.objects.filter(pk=user.pk).update(
        locked_until=None, failed_logins=0, first_failed_login_at=None
    )
    sign_in_locks_clear(user)  # the locks of single addresses and of codes, in the cache
    audit.record(action="accounts.user.unlocked", actor=actor, target=user)
    user.refresh_from_db()
    return user


@transaction.atomic
def user_password_reset(*, actor: Actor, user: User, base_url: str = "") -> None:
    """Administrator-initiated reset: the old password stops working, sessions end, and the
    user receives a one-time link to choose a new one."""
    require(policies.can_manage_account(actor, user))
    if not user.email:
        raise ValidationError(_("This user has no e-mail address: add one first."))
    user.set_unusable_password()
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit.record(action="accounts.user.password_reset_requested", actor=actor, target=user)
    credentials_revoke(actor=actor, user=user, reason="password_reset_requested")
    _send_reset_link(user, base_url=base_url, invitation=False)


@transaction.atomic
def user_totp_reset(*, actor: Actor, user: User) -> None:
    """Remove a lost two-factor device; the user enrols again at the next sign-in."""
    require(policies.can_manage_account(actor, user))
    deleted, _rows = TOTPDevice.objects.filter(user=user).delete()
    audit.record(
        action="accounts.totp.reset", actor=actor, target=user, data={"removed": bool(deleted)}
    )
    credentials_revoke(actor=actor, user=user, reason="second_factor_reset")


@transaction.atomic
def membership_create(
    *, actor: Actor, user: User, institution: Institution, role: Role, unit: Unit | None = None
) -> Membership:
    require(policies.can_grant_membership(actor, institution_id=institution.pk, role=role))
    require(policies.can_add_membership(actor, user))
    _validate_unit(institution, unit)
    if Membership.objects.filter(user=user, institution=institution).exists():
        raise ValidationError({"institution": _("This user already belongs to this institution.")})
    membership = Membership.objects.create(user=user, institution=institution, role=role, unit=unit)
    audit.record(
        action="accounts.membership.created",
        actor=actor,
        target=membership,
        data={"role": role.code, "user": str(user.pk)},
    )
    return membership


@transaction.atomic
def membership_update(
    *,
    actor: Actor,
    membership: Membership,
    version: int | None,
    role: Role | None = None,
    unit: Unit | None = None,
    is_active: bool | None = None,
) -> Membership:
    require(policies.can_change_membership(actor, membership))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    check_version(membership, version)
    changed: list[str] = []
    if role is not None and role.pk != membership.role_id:
        require(
            policies.can_grant_membership(
                actor, institution_id=membership.institution_id, role=role
            )
        )
        membership.role = role
        changed.append("role")
    if unit != membership.unit and "unit" not in changed:
        _validate_unit(membership.institution, unit)
        membership.unit = unit
        changed.append("unit")
    if is_active is not None and is_active != membership.is_active:
        membership.is_active = is_active
        changed.append("is_active")
    if not changed:
        return membership
    membership.version += 1
    membership.save(update_fields=[*changed, "version", "updated_at"])
    audit.record(
        action="accounts.membership.updated",
        actor=actor,
        target=membership,
        changed_fields=changed,
        data={"role": membership.role.code},
    )
    # What the membership may do changed: its tokens go, and every session restarts.
    credentials_revoke(
        actor=actor, user=membership.user, membership=membership, reason="membership_changed"
    )
    return membership


def _validate_role_fields(capabilities, read, write, scope) -> None:
    errors: dict[str, list[str]] = {}
    bad = unknown_codes(list(capabilities))
    if bad:
        errors["capabilities"] = [_("Unknown capability: %(code)s") % {"code": ", ".join(bad)}]
    valid_levels = set(Sensitivity.values)
    for field, values in (("read_sensitivities", read), ("write_sensitivities", write)):
        unknown = [v for v in values if v not in valid_levels]
        if unknown:
            errors[field] = [
                _("Unknown sensitivity level: %(code)s") % {"code": ", ".join(unknown)}
            ]
    if not set(write) <= set(read):
        errors.setdefault("write_sensitivities", []).append(
            _("A role can only write the sensitivity levels it can read.")
        )
    if scope not in RecordScope.values:
        errors["scope"] = [_("Unknown record scope.")]
    if scope == RecordScope.AGGREGATE and read:
        errors.setdefault("read_sensitivities", []).append(
            _("An aggregate-only role cannot read personal data.")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def role_update(
    *,
    actor: Actor,
    role: Role,
    version: int | None,
    name: str,
    description: str,
    capabilities: list[str],
    scope: str,
    read_sensitivities: list[str],
    write_sensitivities: list[str],
) -> Role:
    require(policies.can_manage_roles(actor))
    role = Role.objects.select_for_update().get(pk=role.pk)
    check_version(role, version)
    _validate_role_fields(capabilities, read_sensitivities, write_sensitivities, scope)
    new = {
        "name": name.strip(),
        "description": description.strip(),
        "capabilities": sorted(set(capabilities)),
        "scope": scope,
        "read_sensitivities": sorted(set(read_sensitivities)),
        "write_sensitivities": sorted(set(write_sensitivities)),
    }
    changed = [k for k, v in new.items() if getattr(role, k) != v]
    if not changed:
        return role
    for k in changed:
        setattr(role, k, new[k])
    role.version += 1
    role.save(update_fields=[*changed, "version", "updated_at"])
    audit.record(
        action="accounts.role.updated",
        actor=actor,
        target=role,
        changed_fields=changed,
        data={"capabilities": new["capabilities"], "scope": scope},
    )
    if ACCESS_FIELDS.intersection(changed):
        # What every holder may do changed: their sessions restart with the new role, and the
        # tokens of those memberships are revoked.
        for membership in role.memberships.select_related("user", "institution"):
            credentials_revoke(
                actor=actor, user=membership.user, membership=membership, reason="role_changed"
            )
    return role


@transaction.atomic
def role_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    description: str = "",
    capabilities: list[str],
    scope: str,
    read_sensitivities: list[str],
    write_sensitivities: list[str],
) -> Role:
    require(policies.can_manage_roles(actor))
    _validate_role_fields(capabilities, read_sensitivities, write_sensitivities, scope)
    if Role.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A role with this code already exists.")})
    role = Role(
        code=code,
        name=name.strip(),
        description=description.strip(),
        capabilities=sorted(set(capabilities)),
        scope=scope,
        read_sensitivities=sorted(set(read_sensitivities)),
        write_sensitivities=sorted(set(write_sensitivities)),
    )
    role.full_clean()
    role.save(force_insert=True)
    audit.record(
        action="accounts.role.created",
        actor=actor,
        target=role,
        data={"capabilities": role.capabilities, "scope": scope},
    )
    return role


def membership_switch(*, actor: Actor, membership_id) -> Membership:
    """Choose which membership the user acts for next. The user's own memberships only."""
    from ruta.accounts.services.credentials import membership_for_user

    membership = membership_for_user(actor.user, membership_id)
    if membership is None:
        raise NotPermitted
    audit.record(
        action="accounts.membership.switched",
        actor=actor,
        target=membership,
        data={"from": str(actor.membership.pk)},
    )
    return membership


@transaction.atomic
def platform_bootstrap(
    *,
    username: str,
    email: str,
    password: str,
    institution_name: str,
    institution_type: str,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create the first platform administrator and the institution it belongs to.

    Refused once any platform administrator exists: after that, accounts are created by
    administrators through ``user_create``.
    """
    platform_roles = [r for r in Role.objects.all() if r.is_platform_role]
    if Membership.objects.filter(role__in=platform_roles).exists():
        raise ValidationError(_("A platform administrator already exists."))
    role = Role.objects.get(code="platform_admin")
    institution, _created = Institution.objects.get_or_create(
        name=institution_name, defaults={"type": institution_type}
    )
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save(force_insert=True)
    membership = Membership.objects.create(user=user, institution=institution, role=role)
    audit.record(
        action="accounts.user.bootstrapped",
        user=user,
        target=membership,
        data={"role": role.code},
    )
    return user


@transaction.atomic
def membership_set_territory(
    *,
    actor: Actor,
    membership: Membership,
    version: int | None,
    departments: list,
    municipalities: list,
) -> Membership:
    """The departments and municipalities a membership serves (what a "territory" scope
    reaches). Both empty: the institution's territories apply."""
    require(policies.can_change_membership(actor, membership))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    check_version(membership, version)
    new_d = sorted({d.pk for d in departments})
    new_m = sorted({m.pk for m in municipalities})
    old_d = sorted(membership.departments.values_list("pk", flat=True))
    old_m = sorted(membership.municipalities.values_list("pk", flat=True))
    changed = [
        name
        for name, old, new in (("departments", old_d, new_d), ("municipalities", old_m, new_m))
        if old != new
    ]
    if not changed:
        return membership
    membership.departments.set(new_d)
    membership.municipalities.set(new_m)
    membership.version += 1
    membership.save(update_fields=["version", "updated_at"])
    audit.record(
        action="accounts.membership.territory_changed",
        actor=actor,
        target=membership,
        changed_fields=changed,
        data={"departments": new_d, "municipalities": new_m},
    )
    return membership
