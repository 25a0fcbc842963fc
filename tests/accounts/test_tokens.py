"""Tokens and sessions that end when they should (issue 8, section 2).

Every event that changes how a person proves who they are (password, second factor) or what
they may do (membership, role, deactivation) ends their sessions and revokes their API tokens,
through one audited service. A token remembers whether it was issued after a second factor and
is refused when its role requires one now. People list and revoke their own tokens.
"""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

import pyotp
import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts import services
from ruta.accounts.models import ApiToken, Membership, Role, TOTPDevice, User
from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from tests.factories import (
    PASSWORD,
    actor_of,
    make_institution,
    make_unit,
    make_user,
    sign_in,
    totp_now,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another quite long passphrase 7"


def _key(user, membership=None, *, second_factor=True, **kw) -> tuple[ApiToken, str]:
    membership = membership or user.memberships.order_by("created_at").first()
    return auth.token_create(user=user, membership=membership, second_factor=second_factor, **kw)


def _me(key: str):
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en").get(
        "/api/v1/me/"
    )


def _works(key: str) -> bool:
    return _me(key).status_code == 200


def _signed_in(client) -> bool:
    return client.get("/").status_code == 200


def _revocations(user, reason):
    return AuditEvent.objects.filter(
        action="accounts.user.credentials_revoked", target_id=str(user.pk), data__reason=reason
    )


@pytest.fixture
def two_homes(home_institution, other_institution):
    """A case worker in two institutions, enrolled, with a token for each membership and a
    signed-in browser; the platform administrator manages her account."""
    user = make_user("case_worker", home_institution, with_2fa=True)
    Membership.objects.create(
        user=user, institution=other_institution, role=Role.objects.get(code="case_worker")
    )
    home = user.memberships.get(institution=home_institution)
    other = user.memberships.get(institution=other_institution)
    _t, home_key = _key(user, home)
    _t, other_key = _key(user, other)
    browser = sign_in(Client(), user)
    assert _works(home_key) and _works(other_key) and _signed_in(browser)
    return {
        "user": user,
        "home": home,
        "other": other,
        "home_key": home_key,
        "other_key": other_key,
        "browser": browser,
        "platform": actor_of(make_user("platform_admin", make_institution())),
        "home_admin": actor_of(make_user("institution_admin", home_institution)),
    }


def _enrol_again(w):
    TOTPDevice.objects.filter(user=w["user"]).delete()
    device = auth.totp_setup_begin(user=w["user"])
    auth.totp_setup_confirm(user=w["user"], code=pyotp.TOTP(device.secret).now())


ACCOUNT_EVENTS = {
    "password_changed": lambda w: auth.password_change(
        user=w["user"], old_password=PASSWORD, new_password=NEW_PASSWORD
    ),
    "password_reset_completed": lambda w: auth.password_set_from_reset(
        user=w["user"], new_password=NEW_PASSWORD
    ),
    "password_reset_requested": lambda w: services.user_password_reset(
        actor=w["platform"], user=w["user"]
    ),
    "second_factor_reset": lambda w: services.user_totp_reset(actor=w["platform"], user=w["user"]),
    "second_factor_enrolled": _enrol_again,
    "deactivated": lambda w: services.user_set_active(
        actor=w["platform"], user=w["user"], active=False, version=w["user"].version
    ),
    "signed_out_everywhere": lambda w: auth.sign_out_everywhere(user=w["user"]),
}


@pytest.mark.parametrize("reason", ACCOUNT_EVENTS)
def test_account_wide_events_revoke_every_token_and_end_every_session(two_homes, reason):
    w = two_homes
    ACCOUNT_EVENTS[reason](w)
    assert not _works(w["home_key"])
    assert not _works(w["other_key"])
    assert not ApiToken.objects.filter(user=w["user"], revoked_at__isnull=True).exists()
    assert not _signed_in(w["browser"])
    event = _revocations(w["user"], reason).get()
    assert event.data["tokens_revoked"] == 2


MEMBERSHIP_CHANGES = {
    "role": lambda m: {"role": Role.objects.get(code="trainer")},
    "unit": lambda m: {"unit": make_unit(m.institution)},
    "ended": lambda m: {"is_active": False},
}


@pytest.mark.parametrize("change", MEMBERSHIP_CHANGES)
def test_a_membership_change_revokes_that_memberships_tokens_and_ends_sessions(two_homes, change):
    w = two_homes
    home = w["home"]
    services.membership_update(
        actor=w["home_admin"],
        membership=home,
        version=home.version,
        **{"unit": home.unit, **MEMBERSHIP_CHANGES[change](home)},
    )
    assert not _works(w["home_key"])
    assert _works(w["other_key"])  # the membership elsewhere did not change
    assert not _signed_in(w["browser"])
    event = _revocations(w["user"], "membership_changed").get()
    assert event.data == {
        "reason": "membership_changed",
        "tokens_revoked": 1,
        "membership": str(home.pk),
    }


def test_a_role_template_edit_that_changes_access_revokes_its_holders_tokens(home_institution):
    platform = actor_of(make_user("platform_admin", make_institution()))
    trainers = [make_user("trainer", home_institution) for _ in range(2)]
    bystander = make_user("case_worker", home_institution, with_2fa=True)
    keys = [_key(u, second_factor=False)[1] for u in trainers]
    bystander_key = _key(bystander)[1]
    browser = sign_in(Client(), trainers[0])
    role = Role.objects.get(code="trainer")
    fields = {
        "name": "",
        "description": "",
        "capabilities": role.capabilities,
        "scope": role.scope,
        "read_sensitivities": [],
        "write_sensitivities": [],
    }
    # Renaming changes nothing anyone may do: tokens and sessions carry on.
    services.role_update(actor=platform, role=role, version=role.version, **{**fields, "name": "X"})
    assert all(_works(k) for k in keys) and _signed_in(browser)
    role.refresh_from_db()
    services.role_update(
        actor=platform,
        role=role,
        version=role.version,
        **{**fields, "capabilities": [*role.capabilities, "reporting.view_aggregates"]},
    )
    assert not any(_works(k) for k in keys)
    assert not _signed_in(browser)
    assert _works(bystander_key)
    assert AuditEvent.objects.filter(
        action="accounts.user.credentials_revoked", data__reason="role_changed"
    ).count() == len(trainers)


def test_changing_my_password_on_the_page_keeps_this_session_only(home_institution):
    user = make_user("trainer", home_institution)
    here, elsewhere = sign_in(Client(), user), sign_in(Client(), user)
    key = _key(user, second_factor=False)[1]
    response = here.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert _signed_in(here)
    assert not _signed_in(elsewhere)
    assert not _works(key)


def test_enrolling_a_second_factor_on_the_page_keeps_this_session_only(home_institution):
    user = make_user("trainer", home_institution)
    here, elsewhere = sign_in(Client(), user), sign_in(Client(), user)
    key = _key(user, second_factor=False)[1]
    assert here.get("/accounts/two-factor/").status_code == 200
    code = pyotp.TOTP(TOTPDevice.objects.get(user=user).secret).now()
    response = here.post("/accounts/two-factor/", {"code": code})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=user).confirmed_at is not None
    assert _signed_in(here)
    assert not _signed_in(elsewhere)
    assert not _works(key)


def test_reactivating_revokes_nothing_new_and_deactivated_tokens_stay_revoked(two_homes):
    w = two_homes
    services.user_set_active(
        actor=w["platform"], user=w["user"], active=False, version=w["user"].version
    )
    user = User.objects.get(pk=w["user"].pk)
    services.user_set_active(actor=w["platform"], user=user, active=True, version=user.version)
    assert not _works(w["home_key"])
    assert _revocations(w["user"], "deactivated").count() == 1


# --- Tokens remember the second factor --------------------------------------------------------


def test_the_token_endpoint_records_whether_a_code_was_given(settings, home_institution):
    enrolled = make_user("case_worker", home_institution, with_2fa=True)
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": enrolled.username, "password": PASSWORD, "otp_code": totp_now(enrolled)},
        format="json",
    )
    assert response.status_code == 201
    assert ApiToken.objects.get(user=enrolled).second_factor is True
    settings.DEMO_MODE = True
    relaxed = make_user("case_worker", home_institution)
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": relaxed.username, "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 201
    assert ApiToken.objects.get(user=relaxed).second_factor is False
    assert (
        AuditEvent.objects.get(action="accounts.api_token.created", actor_user_id=relaxed.pk).data[
            "second_factor"
        ]
        is False
    )


def test_a_token_from_the_relaxed_demo_mode_stops_when_it_is_switched_off(
    settings, home_institution
):
    settings.DEMO_MODE = True
    user = make_user("case_worker", home_institution)
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    key = response.json()["token"]
    assert _works(key)
    settings.DEMO_MODE = False
    response = _me(key)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"].endswith("/second-factor-required")
    assert "second factor" in body["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    # Decided when the token is used: with 2FA not required, the same token works again.
    settings.REQUIRE_2FA = False
    assert _works(key)


def test_a_token_issued_after_a_code_survives_the_switch(settings, home_institution):
    settings.DEMO_MODE = True
    user = make_user("case_worker", home_institution)
    _t, key = _key(user, second_factor=True)
    settings.DEMO_MODE = False
    assert _works(key)


def test_a_role_upgrade_does_not_keep_an_old_token(home_institution):
    admin = actor_of(make_user("institution_admin", home_institution))
    user = make_user("trainer", home_institution)  # a trainer needs no second factor
    membership = user.memberships.get()
    _t, key = _key(user, second_factor=False)
    assert _works(key)
    services.membership_update(
        actor=admin,
        membership=membership,
        version=membership.version,
        role=Role.objects.get(code="case_worker"),
    )
    assert not _works(key)


def test_a_token_without_a_second_factor_is_refused_when_its_role_now_needs_one(home_institution):
    """Even where no service revoked it (a role changed by a data migration, say), the token's
    own membership is checked against today's role at every request."""
    user = make_user("trainer", home_institution)
    _t, without = _key(user, second_factor=False)
    _t, with_code = _key(user, second_factor=True)
    assert _works(without)
    Role.objects.filter(code="trainer").update(capabilities=["prevention.view", "audit.view"])
    response = _me(without)
    assert response.status_code == 401
    assert response.json()["type"].endswith("/second-factor-required")
    assert _works(with_code)


def test_existing_tokens_count_as_second_factor_only_if_issued_after_enrolment(home_institution):
    migration = import_module("ruta.accounts.migrations.0004_apitoken_second_factor")
    enrolled = make_user("case_worker", home_institution, with_2fa=True)
    plain = make_user("trainer", home_institution)
    after, _k = _key(enrolled, second_factor=False)
    TOTPDevice.objects.filter(user=enrolled).update(confirmed_at=timezone.now() - timedelta(days=1))
    before_enrolment, _k = _key(enrolled, second_factor=False)
    ApiToken.objects.filter(pk=before_enrolment.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    never, _k = _key(plain, second_factor=False)
    migration.mark_tokens_issued_with_a_code(django_apps, None)
    flags = dict(ApiToken.objects.values_list("pk", "second_factor"))
    assert flags == {after.pk: True, before_enrolment.pk: False, never.pk: False}


# --- My tokens: list and revoke ---------------------------------------------------------------

TOKEN_FIELDS = {
    "id",
    "prefix",
    "name",
    "membership",
    "second_factor",
    "created_at",
    "expires_at",
    "last_used_at",
    "revoked_at",
}


@pytest.fixture
def my_tokens(two_homes):
    w = two_homes
    user = w["user"]
    named, _k = _key(user, w["home"], name="informe semanal")
    revoked, _k = _key(user, w["home"])
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    expired, _k = _key(user, w["other"])
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    stranger = make_user("case_worker", w["home"].institution, with_2fa=True)
    theirs, _their_key = _key(stranger)
    return {**w, "named": named, "revoked": revoked, "expired": expired, "theirs": theirs}


def test_api_lists_my_working_tokens_and_never_their_secrets(
    my_tokens, django_assert_max_num_queries
):
    t = my_tokens
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {t['home_key']}")
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/me/tokens/")
    assert response.status_code == 200
    results = response.json()["results"]
    mine = set(
        ApiToken.objects.filter(user=t["user"], revoked_at__isnull=True)
        .exclude(pk=t["expired"].pk)
        .values_list("pk", flat=True)
    )
    assert {r["id"] for r in results} == {str(pk) for pk in mine}
    assert len(results) == 3  # the two from the fixture and the named one, for both memberships
    assert all(set(r) == TOKEN_FIELDS for r in results)
    named = next(r for r in results if r["id"] == str(t["named"].pk))
    assert named["name"] == "informe semanal"
    assert named["second_factor"] is True
    assert named["membership"]["institution"]["id"] == str(t["home"].institution_id)
    assert named["membership"]["role"]["code"] == "case_worker"
    content = response.content.decode()
    for token in ApiToken.objects.all():
        assert token.key_hash not in content
    assert t["home_key"] not in content and t["other_key"] not in content
    assert str(t["theirs"].pk) not in content


def test_api_revokes_my_token_and_404s_anyone_elses(my_tokens):
    t = my_tokens
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {t['home_key']}")
    # A token of another membership of mine, revoked while acting for the first one.
    other = ApiToken.objects.get(
        user=t["user"], membership=t["other"], expires_at__gt=timezone.now()
    )
    response = client.post(f"/api/v1/me/tokens/{other.pk}/revoke/", format="json")
    assert response.status_code == 200, response.content
    assert response.json()["revoked_at"] is not None
    assert not _works(t["other_key"])
    assert _works(t["home_key"])
    event = AuditEvent.objects.get(action="accounts.api_token.revoked", target_id=str(other.pk))
    assert event.actor_user_id == t["user"].pk
    for token in (t["theirs"], t["revoked"], t["expired"]):
        before = ApiToken.objects.get(pk=token.pk).revoked_at
        response = client.post(f"/api/v1/me/tokens/{token.pk}/revoke/", format="json")
        assert response.status_code == 404
        assert ApiToken.objects.get(pk=token.pk).revoked_at == before
    assert ApiToken.objects.get(pk=t["theirs"].pk).revoked_at is None


def test_account_page_lists_my_tokens_with_a_revoke_button(my_tokens):
    t = my_tokens
    page = t["browser"].get("/accounts/account/").content.decode()
    assert f"/accounts/account/tokens/{t['named'].pk}/revoke/" in page
    assert "informe semanal" in page
    assert f"/accounts/account/tokens/{t['revoked'].pk}/revoke/" not in page
    assert f"/accounts/account/tokens/{t['expired'].pk}/revoke/" not in page
    assert f"/accounts/account/tokens/{t['theirs'].pk}/revoke/" not in page


def test_account_page_revokes_with_a_plain_form_and_with_htmx(my_tokens):
    t = my_tokens
    browser = t["browser"]
    response = browser.post(f"/accounts/account/tokens/{t['named'].pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == "/accounts/account/"
    assert ApiToken.objects.get(pk=t["named"].pk).revoked_at is not None
    other = ApiToken.objects.get(membership=t["other"], expires_at__gt=timezone.now())
    response = browser.post(
        f"/accounts/account/tokens/{other.pk}/revoke/",
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div id="api-tokens">')
    assert "<html" not in fragment
    assert "was revoked" in fragment
    assert f"/accounts/account/tokens/{other.pk}/revoke/" not in fragment
    assert f"/accounts/account/tokens/{t['home'].pk}/revoke/" not in fragment
    assert not _works(t["other_key"])
    assert _works(t["home_key"])


def test_account_page_cannot_revoke_someone_elses_token(my_tokens):
    t = my_tokens
    response = t["browser"].post(f"/accounts/account/tokens/{t['theirs'].pk}/revoke/")
    assert response.status_code == 404
    assert ApiToken.objects.get(pk=t["theirs"].pk).revoked_at is None


def test_token_revoke_service_refuses_another_persons_token(my_tokens):
    """The service asks the policy itself, whatever the caller looked the token up with."""
    from django.http import Http404

    me = actor_of(my_tokens["user"], my_tokens["home"].institution)
    with pytest.raises(Http404):
        auth.token_revoke(actor=me, token=my_tokens["theirs"])
    assert ApiToken.objects.get(pk=my_tokens["theirs"].pk).revoked_at is None
    revoked = auth.token_revoke(actor=me, token=my_tokens["named"])
    assert revoked.revoked_at is not None
