"""Sign-in abuse: equal work for unknown accounts, locks per address, the second factor from
elsewhere, throttles of the web and API sign-in, Secure cookies in production."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts import services
from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from tests.factories import PASSWORD, actor_of, make_user, totp_now

pytestmark = pytest.mark.django_db

HOME, CAFE, OFFICE = "198.51.100.10", "203.0.113.20", "192.0.2.30"


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def _fail(username, ip, times=1, password="wrong"):  # noqa: S107 - a deliberately wrong password
    for _ in range(times):
        with pytest.raises(auth.SignInError):
            auth.password_check(username=username, password=password, ip=ip)


# Equal work for every answer ------------------------------------------------------------


@pytest.mark.parametrize("who", ["unknown", "inactive", "unusable-password", "wrong-password"])
def test_every_refused_password_costs_one_hash(home_institution, who):
    user = make_user("trainer", home_institution)
    username = user.username
    if who == "unknown":
        username = "nobody-at-all"
    elif who == "inactive":
        user.is_active = False
        user.save(update_fields=["is_active"])
    elif who == "unusable-password":
        user.set_unusable_password()
        user.save(update_fields=["password"])
    with (
        mock.patch.object(
            MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode
        ) as encode,
        pytest.raises(auth.SignInError) as exc,
    ):
        auth.password_check(username=username, password="not-the-password", ip=HOME)
    assert encode.call_count == 1
    assert encode.call_args.args[1] == "not-the-password"
    assert exc.value.message == "The user name or password is not correct."


# Locks per address -----------------------------------------------------------------------


def test_a_stranger_locks_the_account_only_for_their_own_address(settings, home_institution):
    settings.RUTA_LOCKOUT_THRESHOLD = 3
    user = make_user("trainer", home_institution)
    _fail(user.username, CAFE, times=2)
    with pytest.raises(auth.AccountLocked) as exc:
        auth.password_check(username=user.username, password="wrong", ip=CAFE)
    assert "locked for sign-ins from your network" in exc.value.message
    assert "15 minutes" in exc.value.message
    # The right password from the stranger's address is refused too...
    with pytest.raises(auth.AccountLocked):
        auth.password_check(username=user.username, password=PASSWORD, ip=CAFE)
    # ...but the owner signs in from home, with no second factor needed.
    result = auth.password_check(username=user.username, password=PASSWORD, ip=HOME)
    assert result.user == user and not result.needs_otp and not result.notice
    event = AuditEvent.objects.get(action="accounts.user.locked", target_id=str(user.pk))
    assert event.data == {"scope": "address"}
    # The lock ends after RUTA_LOCKOUT_MINUTES.
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert auth.password_check(username=user.username, password=PASSWORD, ip=CAFE)


def test_unknown_names_lock_like_known_ones(settings, home_institution):
    """A lock must not tell a stranger that the account exists."""
    settings.RUTA_LOCKOUT_THRESHOLD = 2
    user = make_user("trainer", home_institution)
    messages = []
    for name in (user.username, "nobody-at-all"):
        _fail(name, CAFE)
        with pytest.raises(auth.AccountLocked) as exc:
            auth.password_check(username=name, password="wrong", ip=CAFE)
        messages.append(exc.value.message)
    assert messages[0] == messages[1]


def _flood_from_many_addresses(settings, username, failures):
    """Failures spread over addresses so that no single address is locked."""
    for i in range(failures):
        _fail(username, f"198.18.0.{i}")


def test_after_many_failures_from_anywhere_the_second_factor_is_required(
    settings, home_institution
):
    settings.RUTA_LOCKOUT_THRESHOLD = 3
    settings.RUTA_LOCKOUT_ACCOUNT_THRESHOLD = 6
    enrolled = make_user("case_worker", home_institution, with_2fa=True)
    _flood_from_many_addresses(settings, enrolled.username, 6)
    assert AuditEvent.objects.filter(
        action="accounts.user.locked", target_id=str(enrolled.pk), data={"scope": "account"}
    ).exists()
    # Not silence: the owner from an untouched address is asked for the code, with a warning.
    result = auth.password_check(username=enrolled.username, password=PASSWORD, ip=HOME)
    assert result.needs_otp and "many failed attempts" in result.notice
    auth.otp_verify(user=enrolled, code=totp_now(enrolled), ip=HOME)


def test_after_many_failures_an_account_without_a_device_waits_or_is_unlocked(
    settings, home_institution
):
    settings.RUTA_LOCKOUT_THRESHOLD = 3
    settings.RUTA_LOCKOUT_ACCOUNT_THRESHOLD = 6
    admin = actor_of(make_user("institution_admin", home_institution))
    user = make_user("trainer", home_institution)  # a role without compulsory 2FA, no device
    before = auth.password_check(username=user.username, password=PASSWORD, ip=HOME)
    assert not before.needs_otp
    _flood_from_many_addresses(settings, user.username, 6)
    with pytest.raises(auth.AccountLocked) as exc:
        auth.password_check(username=user.username, password=PASSWORD, ip=HOME)
    assert "needs a second factor" in exc.value.message and "15 minutes" in exc.value.message
    services.user_unlock(actor=admin, user=user)
    assert auth.password_check(username=user.username, password=PASSWORD, ip=HOME).user == user


def test_the_administrators_unlock_also_ends_the_locks_of_addresses(settings, home_institution):
    settings.RUTA_LOCKOUT_THRESHOLD = 2
    admin = actor_of(make_user("institution_admin", home_institution))
    user = make_user("trainer", home_institution)
    _fail(user.username, OFFICE, times=2)
    with pytest.raises(auth.AccountLocked):
        auth.password_check(username=user.username, password=PASSWORD, ip=OFFICE)
    services.user_unlock(actor=admin, user=user)
    assert auth.password_check(username=user.username, password=PASSWORD, ip=OFFICE).user == user


def test_wrong_codes_lock_the_address_then_codes_everywhere(settings, home_institution):
    settings.RUTA_LOCKOUT_THRESHOLD = 2
    settings.RUTA_LOCKOUT_ACCOUNT_THRESHOLD = 4
    user = make_user("case_worker", home_institution, with_2fa=True)
    with pytest.raises(auth.SignInError):
        auth.otp_verify(user=user, code="000000", ip=CAFE)
    with pytest.raises(auth.AccountLocked):
        auth.otp_verify(user=user, code="000001", ip=CAFE)
    # From another address the code still works: someone else's guesses do not lock it.
    auth.otp_verify(user=user, code=totp_now(user), ip=HOME)
    # But whoever sends codes holds the password: enough wrong codes from anywhere stop codes.
    with pytest.raises(auth.SignInError):
        auth.otp_verify(user=user, code="000002", ip=OFFICE)
    with pytest.raises(auth.AccountLocked) as exc:
        auth.otp_verify(user=user, code="000003", ip="192.0.2.99")
    assert "wrong codes" in exc.value.message
    with pytest.raises(auth.AccountLocked):
        auth.otp_verify(user=user, code="000004", ip=HOME)


def test_lock_keys_in_the_cache_hold_no_address_or_name(settings, home_institution):
    from django.core.cache import cache

    settings.RUTA_LOCKOUT_THRESHOLD = 2
    user = make_user("trainer", home_institution)
    _fail(user.username, CAFE, times=2)
    keys = list(cache._cache.keys())  # locmem in tests
    assert keys
    assert not any(CAFE in key or user.username in key for key in keys)


# Throttles --------------------------------------------------------------------------------


def _web_sign_in(user, ip, password="wrong"):  # noqa: S107
    return Client(REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE="en").post(
        "/accounts/sign-in/", {"username": user.username, "password": password}
    )


def test_web_sign_in_is_throttled_per_address(settings, home_institution):
    settings.RUTA_SIGN_IN_RATE_PER_ADDRESS = "3/m"
    settings.RUTA_LOCKOUT_THRESHOLD = 100
    users = [make_user("trainer", home_institution) for _ in range(4)]
    for user in users[:3]:
        assert _web_sign_in(user, CAFE).status_code == 400
    throttled = _web_sign_in(users[3], CAFE, password=PASSWORD)
    assert throttled.status_code == 429
    assert b"Too many sign-in attempts from your network" in throttled.content
    assert b"seconds" in throttled.content or b"second." in throttled.content
    # Nothing was checked: no failure recorded for the throttled attempt.
    assert not AuditEvent.objects.filter(target_id=str(users[3].pk)).exists()
    # Another address is not throttled.
    assert _web_sign_in(users[3], HOME, password=PASSWORD).status_code == 302


def test_web_sign_in_is_throttled_per_account_from_one_address(settings, home_institution):
    settings.RUTA_SIGN_IN_RATE_PER_ACCOUNT = "2/m"
    settings.RUTA_LOCKOUT_THRESHOLD = 100
    user = make_user("trainer", home_institution)
    other = make_user("trainer", home_institution)
    for _ in range(2):
        assert _web_sign_in(user, CAFE).status_code == 400
    assert _web_sign_in(user, CAFE, password=PASSWORD).status_code == 429
    assert _web_sign_in(other, CAFE, password=PASSWORD).status_code == 302
    assert _web_sign_in(user, HOME, password=PASSWORD).status_code == 302


def test_second_factor_page_is_throttled(settings, home_institution):
    settings.RUTA_SIGN_IN_RATE_PER_ACCOUNT = "2/m"  # the password step is one attempt
    user = make_user("case_worker", home_institution, with_2fa=True)
    client = Client(REMOTE_ADDR=CAFE, HTTP_ACCEPT_LANGUAGE="en")
    assert (
        client.post(
            "/accounts/sign-in/", {"username": user.username, "password": PASSWORD}
        ).status_code
        == 302
    )
    assert client.post("/accounts/sign-in/verify/", {"code": "000000"}).status_code == 400
    response = client.post("/accounts/sign-in/verify/", {"code": totp_now(user)})
    assert response.status_code == 429
    assert b"Too many sign-in attempts" in response.content


def test_api_sign_in_is_throttled_with_problem_json(settings, home_institution):
    settings.RUTA_SIGN_IN_RATE_PER_ADDRESS = "2/m"
    user = make_user("trainer", home_institution)
    client = APIClient(REMOTE_ADDR=CAFE, HTTP_ACCEPT_LANGUAGE="en")
    body = {"username": user.username, "password": "wrong"}
    for _ in range(2):
        assert client.post("/api/v1/auth/token/", body, format="json").status_code == 400
    body["password"] = PASSWORD
    response = client.post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("/throttled")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "seconds" in response.json()["detail"] or "second " in response.json()["detail"]
    other = APIClient(REMOTE_ADDR=HOME).post("/api/v1/auth/token/", body, format="json")
    assert other.status_code == 201


def test_web_and_api_sign_in_share_the_throttle(settings, home_institution):
    settings.RUTA_SIGN_IN_RATE_PER_ADDRESS = "2/m"
    user = make_user("trainer", home_institution)
    assert _web_sign_in(user, CAFE).status_code == 400
    assert _web_sign_in(user, CAFE).status_code == 400
    response = APIClient(REMOTE_ADDR=CAFE).post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 429


def test_throttle_uses_the_address_from_the_trusted_proxy(settings, home_institution):
    settings.RUTA_SIGN_IN_RATE_PER_ADDRESS = "1/m"
    settings.RUTA_TRUSTED_PROXIES = ["10.0.0.1"]
    user = make_user("trainer", home_institution)

    def through_proxy(client_address):
        return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=client_address).post(
            "/accounts/sign-in/", {"username": user.username, "password": PASSWORD}
        )

    assert through_proxy(CAFE).status_code == 302
    assert through_proxy(HOME).status_code == 302  # behind the same proxy, another client
    assert through_proxy(f"{HOME}, {CAFE}").status_code == 429  # a forged hop changes nothing


# Secure cookies in production ---------------------------------------------------------------

PRODUCTION_COOKIES = {
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "LANGUAGE_COOKIE_SECURE": True,
}


@override_settings(**PRODUCTION_COOKIES)
def test_every_cookie_is_secure_in_production(home_institution):
    user = make_user("trainer", home_institution)
    client = Client()
    cookies = []
    client.get("/accounts/sign-in/")
    cookies += client.cookies.values()
    response = client.post("/accounts/sign-in/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    cookies += response.cookies.values()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookies += response.cookies.values()
    response = client.post("/accounts/sign-out/")
    cookies += response.cookies.values()
    names = {cookie.key for cookie in cookies}
    assert {"ruta_had_session", "ruta_language", "sessionid", "csrftoken"} <= names
    # Every cookie that carries a value; Django's own deletion of the session cookie on
    # sign-out (empty, expired) has no Secure flag and needs none.
    insecure = [
        cookie.key
        for cookie in cookies
        if not cookie["secure"] and not (cookie.key == "sessionid" and cookie["max-age"] == 0)
    ]
    assert insecure == []
