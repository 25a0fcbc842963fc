"""Sign-in services: password with lock-out, TOTP two-factor, sessions, API tokens.

These are services like any other: each validates, writes, and records an audit event. Views
and the API call them; they never set session keys of their own.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import pyotp
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.accounts import policies
from ruta.accounts.models import ApiToken, Membership, TOTPDevice, User
from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.core.errors import DomainError, require


class SignInError(DomainError):
    status = 400


class AccountLocked(SignInError):
    status = 429


@dataclass(frozen=True)
class SignInResult:
    user: User
    needs_otp: bool  # a confirmed TOTP device exists: ask for the code next
    needs_setup: bool  # 2FA is required but not enrolled: only the enrolment page is reachable


def user_requires_2fa(user: User) -> bool:
    if not settings.REQUIRE_2FA or settings.DEMO_MODE:
        return False
    roles = [m.role for m in user.memberships.filter(is_active=True).select_related("role")]
    return any(role.requires_2fa for role in roles)


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def _locked_message(user: User) -> str:
    minutes = max(1, int((user.locked_until - timezone.now()).total_seconds() // 60) + 1)
    return _(
        "This account is locked after too many failed sign-ins. Try again in %(minutes)s "
        "minutes or ask your institution's administrator to unlock it."
    ) % {"minutes": minutes}


def _register_failure(user: User, *, ip: str | None, request_id: str, step: str) -> None:
    """Count a failure; lock the account when the threshold is reached inside the window."""
    now = timezone.now()
    window = timedelta(minutes=settings.RUTA_LOCKOUT_WINDOW_MINUTES)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.first_failed_login_at is None or now - user.first_failed_login_at > window:
            user.failed_logins, user.first_failed_login_at = 0, now
        user.failed_logins += 1
        locked = user.failed_logins >= settings.RUTA_LOCKOUT_THRESHOLD
        if locked:
            user.locked_until = now + timedelta(minutes=settings.RUTA_LOCKOUT_MINUTES)
            user.failed_logins, user.first_failed_login_at = 0, None
        user.save(update_fields=["failed_logins", "first_failed_login_at", "locked_until"])
        audit.record(
            action="accounts.user.sign_in_failed",
            user=user,
            target=user,
            data={"step": step},
            ip=ip,
            request_id=request_id,
        )
        if locked:
            audit.record(
                action="accounts.user.locked", user=user, target=user, ip=ip, request_id=request_id
            )


def _clear_failures(user: User) -> None:
    if user.failed_logins or user.locked_until:
        user.failed_logins, user.first_failed_login_at, user.locked_until = 0, None, None
        user.save(update_fields=["failed_logins", "first_failed_login_at", "locked_until"])


def password_check(
    *, username: str, password: str, ip: str | None = None, request_id: str = ""
) -> SignInResult:
    """First factor. Raises SignInError with a message fit for the user; never says which
    part was wrong."""
    invalid = SignInError(_("The user name or password is not correct."))
    user = User.objects.filter(username__iexact=username.strip()).first()
    if user is None:
        audit.record(
            action="accounts.user.sign_in_failed",
            data={"step": "password", "known_user": False},
            ip=ip,
            request_id=request_id,
        )
        raise invalid
    if user.locked_until and user.locked_until > timezone.now():
        audit.record(
            action="accounts.user.sign_in_refused",
            user=user,
            target=user,
            data={"reason": "locked"},
            ip=ip,
            request_id=request_id,
        )
        raise AccountLocked(_locked_message(user))
    if authenticate(username=user.username, password=password) is None:
        if not user.is_active:
            raise invalid
        _register_failure(user, ip=ip, request_id=request_id, step="password")
        user.refresh_from_db(fields=["locked_until"])
        if user.locked_until and user.locked_until > timezone.now():
            raise AccountLocked(_locked_message(user))
        raise invalid
    needs_otp = has_confirmed_device(user)
    needs_setup = not needs_otp and user_requires_2fa(user)
    if not needs_otp:
        _clear_failures(user)
    return SignInResult(user=user, needs_otp=needs_otp, needs_setup=needs_setup)


def _totp(device: TOTPDevice) -> pyotp.TOTP:
    return pyotp.TOTP(device.secret)


def _matching_step(device: TOTPDevice, code: str) -> int | None:
    """The time step a code belongs to (now, or one step either side), if any."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = _totp(device)
    now = timezone.now()
    for drift in (0, -1, 1):
        at = now + timedelta(seconds=30 * drift)
        if secrets.compare_digest(totp.at(at), code):
            return totp.timecode(at)
    return None


def otp_verify(*, user: User, code: str, ip: str | None = None, request_id: str = "") -> None:
    """Second factor. A code is accepted once (replay-safe); failures count toward lock-out."""
    if user.locked_until and user.locked_until > timezone.now():
        raise AccountLocked(_locked_message(user))
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed_at__isnull=False)
            .first()
        )
        step = _matching_step(device, code) if device else None
        if step is not None and step > device.last_step:
            device.last_step = step
            device.save(update_fields=["last_step", "updated_at"])
            _clear_failures(user)
            return
    _register_failure(user, ip=ip, request_id=request_id, step="otp")
    user.refresh_from_db(fields=["locked_until"])
    if user.locked_until and user.locked_until > timezone.now():
        raise AccountLocked(_locked_message(user))
    raise SignInError(_("The code is not correct or has already been used. Enter the current one."))


def signed_in(*, user: User, ip: str | None = None, request_id: str = "", via: str = "web") -> None:
    audit.record(
        action="accounts.user.signed_in",
        user=user,
        target=user,
        data={"via": via},
        ip=ip,
        request_id=request_id,
    )


def signed_out(*, user: User, ip: str | None = None, request_id: str = "") -> None:
    audit.record(
        action="accounts.user.signed_out", user=user, target=user, ip=ip, request_id=request_id
    )


def totp_setup_begin(*, user: User) -> TOTPDevice:
    """Create (or renew) an unconfirmed device with a fresh secret."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    if device.confirmed_at is None and not _created:
        device.secret = pyotp.random_base32()
        device.save(update_fields=["secret", "updated_at"])
    return device


def totp_pending_device(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user).first()


def totp_provisioning_uri(device: TOTPDevice) -> str:
    return _totp(device).provisioning_uri(name=device.user.username, issuer_name="Ruta")


@transaction.atomic
def totp_setup_confirm(*, user: User, code: str, ip: str | None = None) -> TOTPDevice:
    device = TOTPDevice.objects.select_for_update().filter(user=user).first()
    if device is None or device.confirmed_at is not None:
        raise SignInError(_("Start the set-up again: no device is waiting for confirmation."))
    step = _matching_step(device, code)
    if step is None:
        raise SignInError(_("The code is not correct. Check the time on your phone and try again."))
    device.confirmed_at, device.last_step = timezone.now(), step
    device.save(update_fields=["confirmed_at", "last_step", "updated_at"])
    audit.record(action="accounts.totp.confirmed", user=user, target=user, ip=ip)
    # Sessions and tokens opened before the second factor end: sign in again with it.
    credentials_revoke(user=user, reason="second_factor_enrolled", ip=ip)
    return device


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise SignInError(_("The current password is not correct."))
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit.record(action="accounts.user.password_changed", user=user, target=user)
    credentials_revoke(user=user, reason="password_changed")


@transaction.atomic
def password_set_from_reset(*, user: User, new_password: str) -> None:
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.failed_logins, user.first_failed_login_at, user.locked_until = 0, None, None
    user.save(
        update_fields=[
            "password",
            "must_change_password",
            "failed_logins",
            "first_failed_login_at",
            "locked_until",
        ]
    )
    audit.record(action="accounts.user.password_reset_completed", user=user, target=user)
    credentials_revoke(user=user, reason="password_reset_completed")


# Why credentials were revoked: stored as a code in the audit event.
REVOKE_REASONS = frozenset(
    {
        "signed_out_everywhere",
        "password_changed",
        "password_reset_requested",
        "password_reset_completed",
        "second_factor_enrolled",
        "second_factor_reset",
        "deactivated",
        "membership_changed",
        "role_changed",
    }
)


@transaction.atomic
def credentials_revoke(
    *,
    user: User,
    reason: str,
    membership: Membership | None = None,
    actor: Actor | None = None,
    ip: str | None = None,
) -> int:
    """End every session of ``user`` and revoke their API tokens: all of them, or only those
    acting for ``membership`` when the event concerns one membership. Returns how many tokens
    were revoked; audited with the reason and that number.

    Every event that changes how a person proves who they are (password, second factor) or
    what they may do (membership, role, deactivation) calls this, so that nothing opened
    before the event outlives it.
    """
    if reason not in REVOKE_REASONS:
        raise ValueError(f"unknown reason {reason!r}")
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    tokens = ApiToken.objects.filter(user_id=user.pk, revoked_at__isnull=True)
    if membership is not None:
        tokens = tokens.filter(membership_id=membership.pk)
    revoked = tokens.update(revoked_at=timezone.now())
    data: dict = {"reason": reason, "tokens_revoked": revoked}
    if membership is not None:
        data["membership"] = str(membership.pk)
    audit.record(
        action="accounts.user.credentials_revoked",
        actor=actor,
        user=None if actor is not None else user,
        target=user,
        target_institution_id=membership.institution_id if membership is not None else None,
        data=data,
        ip=ip,
    )
    return revoked


def sign_out_everywhere(*, user: User, ip: str | None = None) -> int:
    """End every session and revoke every API token of the user, at their own request."""
    return credentials_revoke(user=user, reason="signed_out_everywhere", ip=ip)


def membership_for_user(user: User, membership_id=None) -> Membership | None:
    qs = (
        Membership.objects.filter(user=user, is_active=True, institution__is_active=True)
        .select_related("role", "institution", "unit", "user")
        .order_by("created_at")  # without a choice, the user's first (primary) membership
    )
    if membership_id is not None:
        return qs.filter(pk=membership_id).first()
    return qs.first()


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class SecondFactorRequired(SignInError):
    """A token issued without a second factor, for a membership whose role now needs one."""

    status = 401


def membership_requires_2fa(membership: Membership) -> bool:
    """Whether acting for ``membership`` needs a second factor, under the settings and the
    role as they are now (not as they were when a session or token began)."""
    if not settings.REQUIRE_2FA or settings.DEMO_MODE:
        return False
    return membership.role.requires_2fa


@transaction.atomic
def token_create(
    *,
    user: User,
    membership: Membership,
    second_factor: bool,
    name: str = "",
    ip: str | None = None,
) -> tuple[ApiToken, str]:
    """Issue a token for one membership. The key is returned once and stored only hashed.

    ``second_factor`` says whether the person proved a second factor (a one-time code) to get
    it; a token without one stops working as soon as its role requires one.
    """
    key = "ruta_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        membership=membership,
        key_hash=_hash_key(key),
        prefix=key[5:13],
        name=name[:100],
        second_factor=second_factor,
        expires_at=timezone.now() + timedelta(days=settings.RUTA_API_TOKEN_DAYS),
    )
    audit.record(
        action="accounts.api_token.created",
        user=user,
        target=token,
        target_institution_id=membership.institution_id,
        data={"membership": str(membership.pk), "second_factor": second_factor},
        ip=ip,
    )
    return token, key


def token_lookup(key: str) -> ApiToken | None:
    """The valid token for ``key``, or None when it is unknown, expired, revoked, or its user,
    membership or institution is inactive. Raises ``SecondFactorRequired`` for a token issued
    without a second factor whose role requires one now."""
    token = (
        ApiToken.objects.select_related(
            "membership__role", "membership__institution", "membership__unit", "user"
        )
        .filter(key_hash=_hash_key(key), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active or not token.membership.is_active:
        return None
    if not token.membership.institution.is_active:
        return None
    if not token.second_factor and membership_requires_2fa(token.membership):
        raise SecondFactorRequired(
            _(
                "This token was issued without a second factor, and your role now requires "
                "one. Request a new token with your one-time code."
            )
        )
    return token


def token_touch(token: ApiToken) -> None:
    """Record use at most once a minute, so reads do not write on every request."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


@transaction.atomic
def token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens (the one in use, or one listed on the account
    page or at /api/v1/me/tokens/)."""
    require(policies.can_revoke_api_token(actor, token))
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit.record(
        action="accounts.api_token.revoked",
        actor=actor,
        target=token,
        target_institution_id=token.membership.institution_id,
        data={"membership": str(token.membership_id)},
    )
    token.refresh_from_db(fields=["revoked_at"])
    return token
