"""Sign-in services: password with lock-out, TOTP two-factor, sessions, API tokens.

These are services like any other: each validates, writes, and records an audit event. Views
and the API call them; they never set session keys of their own.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import cast

import pyotp
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ruta.accounts import policies
from ruta.accounts.models import ApiToken, Membership, TOTPDevice, User
from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.core.errors import DomainError, require
from ruta.core.middleware import address_key


class SignInError(DomainError):
    status = 400


class AccountLocked(SignInError):
    status = 429


@dataclass(frozen=True)
class SignInResult:
    user: User
    needs_otp: bool  # a confirmed TOTP device exists: ask for the code next
    needs_setup: bool  # 2FA is required but not enrolled: only the enrolment page is reachable
    notice: str = ""  # a warning for the user (many failed sign-ins on the account)


def roles_require_2fa(user: User) -> bool:
    """Whether any active role of the user needs a second factor, whatever the settings."""
    roles = [m.role for m in user.memberships.filter(is_active=True).select_related("role")]
    return any(role.requires_2fa for role in roles)


def user_requires_2fa(user: User) -> bool:
    if not settings.REQUIRE_2FA or settings.DEMO_MODE:
        return False
    return roles_require_2fa(user)


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def _minutes_left(until: datetime) -> int:
    return max(1, math.ceil((until - timezone.now()).total_seconds() / 60))


def _locked_message(until: datetime) -> str:
    minutes = _minutes_left(until)
    return ngettext(
        "After too many failed sign-ins, this account is locked for sign-ins from your network. "
        "Try again in %(minutes)s minute, or ask your institution's administrator to unlock it.",
        "After too many failed sign-ins, this account is locked for sign-ins from your network. "
        "Try again in %(minutes)s minutes, or ask your institution's administrator to unlock it.",
        minutes,
    ) % {"minutes": minutes}


def _second_factor_needed_message(until: datetime) -> str:
    minutes = _minutes_left(until)
    return ngettext(
        "There were many failed sign-ins to this account, so it now needs a second factor, "
        "and none is set up. Try again in %(minutes)s minute, or ask your institution's "
        "administrator to unlock it.",
        "There were many failed sign-ins to this account, so it now needs a second factor, "
        "and none is set up. Try again in %(minutes)s minutes, or ask your institution's "
        "administrator to unlock it.",
        minutes,
    ) % {"minutes": minutes}


def _codes_locked_message(until: datetime) -> str:
    minutes = _minutes_left(until)
    return ngettext(
        "After too many wrong codes, this account is locked. Try again in %(minutes)s minute, "
        "or ask your institution's administrator to unlock it.",
        "After too many wrong codes, this account is locked. Try again in %(minutes)s minutes, "
        "or ask your institution's administrator to unlock it.",
        minutes,
    ) % {"minutes": minutes}


# Lock-out state in the shared cache (settings CACHES). Keys hold keyed hashes of the account
# name and of the client address, never either in clear. A generation number per account name
# lets the administrator's unlock drop every lock of the account at once.


def _name_key(username: str) -> str:
    return salted_hmac("ruta.sign-in.account", username.strip().lower()).hexdigest()[:32]


def _cache_prefix(username: str) -> str:
    name = _name_key(username)
    generation = cache.get(f"ruta:sign-in:gen:{name}", 0)
    return f"ruta:sign-in:{name}:{generation}"


def _lock_until(key: str) -> datetime | None:
    until = cache.get(key)
    if until is None:
        return None
    until = datetime.fromtimestamp(until, tz=UTC)
    return until if until > timezone.now() else None


def _count(key: str, window_seconds: int) -> int:
    """Add one to a counter that lives for the window opened by its first increment."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return 1


def address_locked_until(username: str, ip: str | None) -> datetime | None:
    """When the lock of this account for this client address ends, if it is locked."""
    return _lock_until(f"{_cache_prefix(username)}:{address_key(ip)}:locked")


def codes_locked_until(username: str) -> datetime | None:
    return _lock_until(f"{_cache_prefix(username)}:otp-locked")


def sign_in_locks_clear(user: User) -> None:
    """Drop every address lock and code lock of the account (the administrator's unlock)."""
    key = f"ruta:sign-in:gen:{_name_key(user.username)}"
    cache.set(key, cache.get(key, 0) + 1, timeout=None)


def _register_failure(
    username: str, user: User | None, *, ip: str | None, request_id: str, step: str
) -> datetime | None:
    """Count a failed sign-in; return when the account's lock for this address ends if this
    failure locked it.

    Three counters, all over RUTA_LOCKOUT_WINDOW_MINUTES:
    - per account name and client address (in the cache, for known and unknown names alike, so
      a lock says nothing about whether the account exists): at RUTA_LOCKOUT_THRESHOLD the
      account is locked *for that address* for RUTA_LOCKOUT_MINUTES;
    - per account, from every address (``User.failed_logins``): at
      RUTA_LOCKOUT_ACCOUNT_THRESHOLD, ``User.locked_until`` is set, which no longer refuses
      the account everywhere but requires the second factor from every address until then;
    - per account, wrong one-time codes from every address (in the cache): at the account
      threshold, codes are refused everywhere until the lock ends (whoever sends codes already
      has the password).
    """
    now = timezone.now()
    window = settings.RUTA_LOCKOUT_WINDOW_MINUTES * 60
    lock_seconds = settings.RUTA_LOCKOUT_MINUTES * 60
    prefix = _cache_prefix(username)
    address_failures = _count(f"{prefix}:{address_key(ip)}:failures", window)
    address_lock = None
    if address_failures >= settings.RUTA_LOCKOUT_THRESHOLD:
        address_lock = now + timedelta(seconds=lock_seconds)
        cache.set(f"{prefix}:{address_key(ip)}:locked", address_lock.timestamp(), lock_seconds)
        cache.delete(f"{prefix}:{address_key(ip)}:failures")
    if user is None:
        audit.record(
            action="accounts.user.sign_in_failed",
            data={"step": step, "known_user": False},
            ip=ip,
            request_id=request_id,
        )
        return address_lock
    codes_locked = False
    if step == "otp":
        code_failures = _count(f"{prefix}:otp-failures", window)
        if code_failures >= settings.RUTA_LOCKOUT_ACCOUNT_THRESHOLD:
            codes_locked = True
            until = now + timedelta(seconds=lock_seconds)
            cache.set(f"{prefix}:otp-locked", until.timestamp(), lock_seconds)
            cache.delete(f"{prefix}:otp-failures")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        account_window = timedelta(minutes=settings.RUTA_LOCKOUT_WINDOW_MINUTES)
        if user.first_failed_login_at is None or now - user.first_failed_login_at > account_window:
            user.failed_logins, user.first_failed_login_at = 0, now
        user.failed_logins += 1
        escalated = user.failed_logins >= settings.RUTA_LOCKOUT_ACCOUNT_THRESHOLD
        if escalated:
            user.locked_until = now + timedelta(seconds=lock_seconds)
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
        for scope, happened in (
            ("address", address_lock is not None),
            ("account", escalated),
            ("codes", codes_locked),
        ):
            if happened:
                audit.record(
                    action="accounts.user.locked",
                    user=user,
                    target=user,
                    data={"scope": scope},
                    ip=ip,
                    request_id=request_id,
                )
    return address_lock


def _clear_failures(user: User) -> None:
    if user.failed_logins:
        user.failed_logins, user.first_failed_login_at = 0, None
        user.save(update_fields=["failed_logins", "first_failed_login_at"])


def account_needs_second_factor(user: User) -> bool:
    """After many failures from anywhere, a password alone does not sign in until the time
    set in ``locked_until`` (see _register_failure)."""
    return bool(user.locked_until and user.locked_until > timezone.now())


def password_check(
    *, username: str, password: str, ip: str | None = None, request_id: str = ""
) -> SignInResult:
    """First factor. Raises SignInError with a message fit for the user; never says which
    part was wrong, nor whether the account exists (an unknown or inactive account costs a
    password hash like a known one, and locks per address like one)."""
    invalid = SignInError(_("The user name or password is not correct."))
    username = username.strip()
    user = User.objects.filter(username__iexact=username).first()
    locked_until = address_locked_until(username, ip)
    if locked_until is not None:
        if user is not None:
            audit.record(
                action="accounts.user.sign_in_refused",
                user=user,
                target=user,
                data={"reason": "locked"},
                ip=ip,
                request_id=request_id,
            )
        raise AccountLocked(_locked_message(locked_until))
    if user is None or not user.is_active or not user.has_usable_password():
        # The same work as checking a real password, with the configured hasher: the answer
        # takes as long for an unknown or inactive account as for a wrong password.
        make_password(password)
        until = _register_failure(username, user, ip=ip, request_id=request_id, step="password")
        if until is not None:
            raise AccountLocked(_locked_message(until))
        raise invalid
    if authenticate(username=user.username, password=password) is None:
        until = _register_failure(username, user, ip=ip, request_id=request_id, step="password")
        if until is not None:
            raise AccountLocked(_locked_message(until))
        raise invalid
    needs_otp = has_confirmed_device(user)
    needs_setup = not needs_otp and user_requires_2fa(user)
    notice = ""
    if account_needs_second_factor(user):
        if not needs_otp:
            audit.record(
                action="accounts.user.sign_in_refused",
                user=user,
                target=user,
                data={"reason": "second_factor_needed"},
                ip=ip,
                request_id=request_id,
            )
            raise AccountLocked(_second_factor_needed_message(cast(datetime, user.locked_until)))
        notice = _(
            "There were many failed attempts to sign in to this account. If they were not "
            "yours, tell your institution's administrator and change your password."
        )
    if not needs_otp:
        _clear_failures(user)
    return SignInResult(user=user, needs_otp=needs_otp, needs_setup=needs_setup, notice=notice)


def _totp(device: TOTPDevice) -> pyotp.TOTP:
    return pyotp.TOTP(device.secret)


def _matching_step(device: TOTPDevice, code: str) -> int | None:
    """The time step a code belongs to (now, or one step either side), if any."""
    code = "".join(ch for ch in code if ch in "0123456789")  # "²" is a digit to isdigit()
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
    """Second factor. A code is accepted once (replay-safe); failures count toward the lock of
    the account for this address, and toward the account-wide lock of codes."""
    for until, message in (
        (address_locked_until(user.username, ip), _locked_message),
        (codes_locked_until(user.username), _codes_locked_message),
    ):
        if until is not None:
            raise AccountLocked(message(until))
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed_at__isnull=False)
            .first()
        )
        step = _matching_step(device, code) if device else None
        if device is not None and step is not None and step > device.last_step:
            device.last_step = step
            device.save(update_fields=["last_step", "updated_at"])
            _clear_failures(user)
            return
    until = _register_failure(user.username, user, ip=ip, request_id=request_id, step="otp")
    if until is not None:
        raise AccountLocked(_locked_message(until))
    codes_until = codes_locked_until(user.username)
    if codes_until is not None:
        raise AccountLocked(_codes_locked_message(codes_until))
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
        institution_id=membership.institution_id,
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
    if token.membership.user_id != token.user_id:
        return None  # never: a token acts for one of its own user's memberships
    token.membership.user = token.user  # the Actor reads it: no second query for the same row
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
