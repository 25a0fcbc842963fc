"""Sign-in: passwords, lock-out, TOTP, sessions, tokens."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
import time_machine
from django.utils import timezone

from ruta.accounts.models import ApiToken, TOTPDevice, User
from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from tests.factories import PASSWORD, make_user, totp_now

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English here; the catalogue tests cover the other languages."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_wrong_password_is_refused_without_saying_which_part(home_institution):
    user = make_user("case_worker", home_institution)
    with pytest.raises(auth.SignInError) as exc:
        auth.password_check(username=user.username, password="wrong")
    assert "user name or password" in exc.value.message
    with pytest.raises(auth.SignInError) as exc2:
        auth.password_check(username="nobody-here", password="wrong")
    assert exc2.value.message == exc.value.message
    assert AuditEvent.objects.filter(action="accounts.user.sign_in_failed").count() == 2


def test_lock_out_after_repeated_failures_then_expiry(settings, home_institution):
    settings.RUTA_LOCKOUT_THRESHOLD = 3
    user = make_user("case_worker", home_institution)
    for _ in range(2):
        with pytest.raises(auth.SignInError):
            auth.password_check(username=user.username, password="wrong")
    with pytest.raises(auth.AccountLocked) as exc:
        auth.password_check(username=user.username, password="wrong")
    assert "locked" in exc.value.message
    # Even the right password is refused while locked.
    with pytest.raises(auth.AccountLocked):
        auth.password_check(username=user.username, password=PASSWORD)
    assert AuditEvent.objects.filter(action="accounts.user.locked", target_id=str(user.pk)).exists()
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        result = auth.password_check(username=user.username, password=PASSWORD)
    assert result.user == user


def test_failures_outside_the_window_do_not_add_up(settings, home_institution):
    settings.RUTA_LOCKOUT_THRESHOLD = 3
    user = make_user("case_worker", home_institution)
    start = timezone.now()
    for minutes in (0, 20, 40):
        with time_machine.travel(start + timedelta(minutes=minutes)):
            with pytest.raises(auth.SignInError) as exc:
                auth.password_check(username=user.username, password="wrong")
            assert not isinstance(exc.value, auth.AccountLocked)


def test_role_reading_personal_data_must_enrol(home_institution):
    worker = make_user("case_worker", home_institution)
    trainer = make_user("trainer", home_institution)
    assert auth.password_check(username=worker.username, password=PASSWORD).needs_setup
    assert not auth.password_check(username=trainer.username, password=PASSWORD).needs_setup


def test_demo_mode_relaxes_two_factor(settings, home_institution):
    settings.DEMO_MODE = True
    worker = make_user("case_worker", home_institution)
    assert not auth.password_check(username=worker.username, password=PASSWORD).needs_setup


def test_enrolled_user_needs_a_code_and_a_code_works_once(home_institution):
    user = make_user("case_worker", home_institution, with_2fa=True)
    assert auth.password_check(username=user.username, password=PASSWORD).needs_otp
    code = totp_now(user)
    auth.otp_verify(user=user, code=code)
    with pytest.raises(auth.SignInError, match="already been used"):
        auth.otp_verify(user=user, code=code)


def test_wrong_codes_count_toward_lock_out(settings, home_institution):
    settings.RUTA_LOCKOUT_THRESHOLD = 2
    user = make_user("case_worker", home_institution, with_2fa=True)
    with pytest.raises(auth.SignInError):
        auth.otp_verify(user=user, code="000000")
    with pytest.raises(auth.AccountLocked):
        auth.otp_verify(user=user, code="000001")


def test_totp_setup_needs_a_valid_code(home_institution):
    user = make_user("case_worker", home_institution)
    device = auth.totp_setup_begin(user=user)
    with pytest.raises(auth.SignInError):
        auth.totp_setup_confirm(user=user, code="123")
    # "²" is a digit to str.isdigit; compared as a code it was a TypeError (a server error).
    with pytest.raises(auth.SignInError):
        auth.totp_setup_confirm(user=user, code="12345²")
    auth.totp_setup_confirm(user=user, code=pyotp.TOTP(device.secret).now())
    assert auth.has_confirmed_device(user)


def test_totp_secret_is_encrypted_at_rest(home_institution):
    from django.db import connection

    user = make_user("case_worker", home_institution, with_2fa=True)
    secret = TOTPDevice.objects.get(user=user).secret
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT secret FROM accounts_totpdevice WHERE user_id = %s",
            [user.pk.hex if connection.vendor == "sqlite" else user.pk],
        )
        (stored,) = cursor.fetchone()
    assert secret not in stored
    assert stored.startswith("gAAAAA")


def test_sign_out_everywhere_raises_epoch_and_revokes_tokens(home_institution):
    user = make_user("trainer", home_institution)
    membership = user.memberships.get()
    auth.token_create(user=user, membership=membership, second_factor=False)
    epoch = user.session_epoch
    auth.sign_out_everywhere(user=user)
    user.refresh_from_db()
    assert user.session_epoch == epoch + 1
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_tokens_are_stored_hashed_and_expire(settings, home_institution):
    settings.RUTA_API_TOKEN_DAYS = 1
    user = make_user("trainer", home_institution)
    token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=False
    )
    assert key not in token.key_hash
    assert auth.token_lookup(key) == token
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert auth.token_lookup(key) is None
    assert auth.token_lookup(key + "x") is None


def test_password_change_validates(home_institution):
    user = make_user("trainer", home_institution)
    with pytest.raises(auth.SignInError):
        auth.password_change(user=user, old_password="nope", new_password="x")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        auth.password_change(user=user, old_password=PASSWORD, new_password="12345")
    # Refused by the password rules (a whole-form error: the form shows it on the new password).
    assert {"password_too_short", "password_entirely_numeric"} <= {
        e.code for e in exc.value.error_list
    }
    auth.password_change(user=user, old_password=PASSWORD, new_password="a much longer passphrase")
    assert User.objects.get(pk=user.pk).check_password("a much longer passphrase")
