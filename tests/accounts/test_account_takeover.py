"""Account takeover across institutions (issue 8, section 1).

The attack: the shelter's institution administrator changes the e-mail of a case worker who
also belongs to the ERI, resets her second factor and her password (the link goes to the new
address), signs in as her, switches to her ERI membership and reads the ERI's cases. An
institution administrator manages their own institution's memberships only: every step on the
whole account answers 404 and changes nothing, through the API and through the pages, while
the administrator can still change her membership in the shelter.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts import policies
from ruta.accounts.models import Membership, Role, TOTPDevice, User
from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.core.choices import InstitutionType
from tests.factories import (
    PASSWORD,
    actor_of,
    make_institution,
    make_user,
    sign_in,
)

pytestmark = pytest.mark.django_db

ATTACKER_EMAIL = "attacker@example.org"
ACCOUNT_ACTIONS = ("reset-2fa", "reset-password", "deactivate", "unlock")
# What each refused step would have recorded had it happened.
ACCOUNT_EVENTS = (
    "accounts.user.updated",
    "accounts.totp.reset",
    "accounts.user.password_reset_requested",
    "accounts.user.deactivated",
    "accounts.user.unlocked",
    "accounts.user.credentials_revoked",
)


@pytest.fixture
def world(home_institution):
    """The demo's situation: ERI (home_institution) and the shelter ARE; `trabajadora` is a case
    worker of both, enrolled in 2FA and (to show that unlock is refused too) locked."""
    eri = home_institution
    shelter = make_institution("Albergue ARE", InstitutionType.SHELTER)
    shared = make_user("case_worker", eri, with_2fa=True, username="trabajadora.social")
    Membership.objects.create(
        user=shared, institution=shelter, role=Role.objects.get(code="case_worker")
    )
    User.objects.filter(pk=shared.pk).update(locked_until=timezone.now() + timedelta(minutes=10))
    shared.refresh_from_db()
    shelter_admin = make_user("institution_admin", shelter, with_2fa=True)
    platform = make_user("platform_admin", eri, with_2fa=True)
    only_shelter = make_user("case_worker", shelter, with_2fa=True)
    User.objects.filter(pk=only_shelter.pk).update(
        locked_until=timezone.now() + timedelta(minutes=10)
    )
    return {
        "eri": eri,
        "shelter": shelter,
        "shared": shared,
        "shelter_admin": shelter_admin,
        "platform": platform,
        "only_shelter": only_shelter,
    }


def _api(user) -> APIClient:
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def _state(user: User) -> tuple:
    user = User.objects.get(pk=user.pk)
    return (
        user.email,
        user.first_name,
        user.is_active,
        bool(user.locked_until),
        user.has_usable_password(),
        user.check_password(PASSWORD),
        TOTPDevice.objects.filter(user=user).exists(),
        user.session_epoch,
        user.version,
    )


def _account_events(user: User) -> int:
    return AuditEvent.objects.filter(action__in=ACCOUNT_EVENTS, target_id=str(user.pk)).count()


# --- The attack through the API ---------------------------------------------------------------


def test_api_shelter_admin_cannot_take_over_a_user_shared_with_another_institution(
    world, django_capture_on_commit_callbacks
):
    shared = world["shared"]
    client = _api(world["shelter_admin"])
    before = _state(shared)
    # The administrator sees her (she is a member of the shelter)...
    assert client.get(f"/api/v1/users/{shared.pk}/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        # ...but cannot change her e-mail,
        response = client.patch(
            f"/api/v1/users/{shared.pk}/",
            {"version": shared.version, "email": ATTACKER_EMAIL},
            format="json",
        )
        assert response.status_code == 404, response.content
        assert response["Content-Type"] == "application/problem+json"
        # nor reset her second factor or password, deactivate or unlock her account.
        for action in ACCOUNT_ACTIONS:
            response = client.post(
                f"/api/v1/users/{shared.pk}/{action}/", {"version": shared.version}, format="json"
            )
            assert response.status_code == 404, (action, response.content)
    assert _state(shared) == before
    assert _account_events(shared) == 0
    assert mail.outbox == []  # no reset link went anywhere, least of all to the attacker


def test_api_same_admin_still_manages_the_shared_users_shelter_membership(world):
    shared = world["shared"]
    client = _api(world["shelter_admin"])
    in_shelter = shared.memberships.get(institution=world["shelter"])
    in_eri = shared.memberships.get(institution=world["eri"])
    trainer = Role.objects.get(code="trainer")
    response = client.patch(
        f"/api/v1/memberships/{in_shelter.pk}/",
        {"version": in_shelter.version, "role": str(trainer.pk)},
        format="json",
    )
    assert response.status_code == 200, response.content
    in_shelter.refresh_from_db()
    assert in_shelter.role == trainer
    response = client.patch(
        f"/api/v1/memberships/{in_shelter.pk}/",
        {"version": in_shelter.version, "is_active": False},
        format="json",
    )
    assert response.status_code == 200, response.content
    in_shelter.refresh_from_db()
    assert not in_shelter.is_active
    # The ERI membership is out of reach, and the account itself is untouched.
    response = client.patch(
        f"/api/v1/memberships/{in_eri.pk}/",
        {"version": in_eri.version, "is_active": False},
        format="json",
    )
    assert response.status_code == 404
    in_eri.refresh_from_db()
    assert in_eri.is_active and in_eri.role.code == "case_worker"
    assert User.objects.get(pk=shared.pk).is_active


def test_api_platform_admin_does_the_whole_account_actions(
    world, django_capture_on_commit_callbacks
):
    shared = world["shared"]
    client = _api(world["platform"])
    response = client.patch(
        f"/api/v1/users/{shared.pk}/",
        {"version": shared.version, "email": "maria.jose@example.org"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert User.objects.get(pk=shared.pk).email == "maria.jose@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        for action in ACCOUNT_ACTIONS:
            version = User.objects.get(pk=shared.pk).version
            response = client.post(
                f"/api/v1/users/{shared.pk}/{action}/", {"version": version}, format="json"
            )
            assert response.status_code == 200, (action, response.content)
    shared.refresh_from_db()
    assert not TOTPDevice.objects.filter(user=shared).exists()
    assert not shared.has_usable_password()
    assert not shared.is_active
    assert shared.locked_until is None
    assert [m.to for m in mail.outbox] == [["maria.jose@example.org"]]


def test_api_admin_still_manages_an_account_that_belongs_only_to_their_institution(
    world, django_capture_on_commit_callbacks
):
    own = world["only_shelter"]
    client = _api(world["shelter_admin"])
    response = client.patch(
        f"/api/v1/users/{own.pk}/",
        {"version": own.version, "email": "nuevo@example.org"},
        format="json",
    )
    assert response.status_code == 200, response.content
    with django_capture_on_commit_callbacks(execute=True):
        for action in ACCOUNT_ACTIONS:
            version = User.objects.get(pk=own.pk).version
            response = client.post(
                f"/api/v1/users/{own.pk}/{action}/", {"version": version}, format="json"
            )
            assert response.status_code == 200, (action, response.content)
    own.refresh_from_db()
    assert own.email == "nuevo@example.org"
    assert not TOTPDevice.objects.filter(user=own).exists()
    assert not own.has_usable_password()
    assert not own.is_active
    assert own.locked_until is None
    assert [m.to for m in mail.outbox] == [["nuevo@example.org"]]


# --- The attack through the pages -------------------------------------------------------------


def test_pages_shelter_admin_cannot_take_over_a_user_shared_with_another_institution(
    world, django_capture_on_commit_callbacks
):
    shared = world["shared"]
    client = sign_in(Client(), world["shelter_admin"])
    before = _state(shared)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/accounts/users/{shared.pk}/",
            {
                "version": shared.version,
                "first_name": "Otra",
                "last_name": "Persona",
                "email": ATTACKER_EMAIL,
                "preferred_language": "es",
            },
        )
        assert response.status_code == 404
        for action in (*ACCOUNT_ACTIONS, "activate"):
            response = client.post(
                f"/accounts/users/{shared.pk}/{action}/", {"version": shared.version}
            )
            assert response.status_code == 404, action
    assert _state(shared) == before
    assert _account_events(shared) == 0
    assert mail.outbox == []


def test_page_offers_the_shelter_admin_only_the_shelter_membership(world):
    shared = world["shared"]
    in_shelter = shared.memberships.get(institution=world["shelter"])
    in_eri = shared.memberships.get(institution=world["eri"])
    client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), world["shelter_admin"])
    page = client.get(f"/accounts/users/{shared.pk}/").content.decode()
    for action in (*ACCOUNT_ACTIONS, "activate"):
        assert f"/accounts/users/{shared.pk}/{action}/" not in page, action
    assert 'name="email"' not in page  # the profile is shown, not offered for editing
    assert "Only a platform administrator can change this account" in page
    assert f"/accounts/memberships/{in_shelter.pk}/" in page
    assert f"/accounts/memberships/{in_eri.pk}/" not in page
    # An account of the shelter alone still gets every button.
    own = world["only_shelter"]
    page = client.get(f"/accounts/users/{own.pk}/").content.decode()
    for action in ("reset-2fa", "reset-password", "deactivate", "unlock"):
        assert f"/accounts/users/{own.pk}/{action}/" in page, action
    assert 'name="email"' in page
    assert "Only a platform administrator can change this account" not in page


def test_pages_same_admin_changes_the_shelter_membership(world):
    shared = world["shared"]
    in_shelter = shared.memberships.get(institution=world["shelter"])
    prefix = f"m{in_shelter.pk.hex[:8]}"
    trainer = Role.objects.get(code="trainer")
    client = sign_in(Client(), world["shelter_admin"])
    response = client.post(
        f"/accounts/memberships/{in_shelter.pk}/",
        {f"{prefix}-version": in_shelter.version, f"{prefix}-role": trainer.pk},
    )
    assert response.status_code == 302
    in_shelter.refresh_from_db()
    assert in_shelter.role == trainer
    assert not in_shelter.is_active  # the unticked checkbox ends the membership
    assert User.objects.get(pk=shared.pk).is_active


def test_pages_platform_admin_and_sole_institution_admin_can_act(
    world, django_capture_on_commit_callbacks
):
    shared, own = world["shared"], world["only_shelter"]
    for admin, subject in ((world["platform"], shared), (world["shelter_admin"], own)):
        client = sign_in(Client(), admin)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/accounts/users/{subject.pk}/reset-2fa/")
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=subject).exists()
        response = client.post(
            f"/accounts/users/{subject.pk}/",
            {
                "version": User.objects.get(pk=subject.pk).version,
                "first_name": "Nombre",
                "last_name": "Cambiado",
                "email": f"{subject.username}@example.org",
                "preferred_language": "es",
            },
        )
        assert response.status_code == 302
        assert User.objects.get(pk=subject.pk).last_name == "Cambiado"


# --- The rule itself --------------------------------------------------------------------------


def test_an_inactive_membership_elsewhere_still_protects_the_account(world):
    shared = world["shared"]
    shared.memberships.filter(institution=world["eri"]).update(is_active=False)
    admin = actor_of(world["shelter_admin"])
    assert not policies.can_manage_account(admin, shared)
    response = _api(world["shelter_admin"]).post(
        f"/api/v1/users/{shared.pk}/reset-2fa/", {}, format="json"
    )
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=shared).exists()


def test_a_platform_role_in_the_institution_needs_the_platform_administrator(world):
    """A platform administrator whose membership sits in the shelter reaches every
    institution: the shelter's administrator must not reset their account either."""
    root = make_user("platform_admin", world["shelter"], with_2fa=True)
    admin = actor_of(world["shelter_admin"])
    assert not policies.can_manage_account(admin, root)
    response = _api(world["shelter_admin"]).post(
        f"/api/v1/users/{root.pk}/reset-2fa/", {}, format="json"
    )
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=root).exists()


def test_whole_account_versus_membership_answers(world):
    shared, own = world["shared"], world["only_shelter"]
    shelter_admin = actor_of(world["shelter_admin"])
    platform = actor_of(world["platform"])
    worker = actor_of(own)
    in_shelter = shared.memberships.get(institution=world["shelter"])
    in_eri = shared.memberships.get(institution=world["eri"])
    answers = {
        "admin/shared account": policies.can_manage_account(shelter_admin, shared),
        "admin/own account": policies.can_manage_account(shelter_admin, own),
        "admin/self": policies.can_manage_account(shelter_admin, world["shelter_admin"]),
        "admin/shelter membership": policies.can_change_membership(shelter_admin, in_shelter),
        "admin/eri membership": policies.can_change_membership(shelter_admin, in_eri),
        "platform/shared account": policies.can_manage_account(platform, shared),
        "worker/own colleague": policies.can_manage_account(worker, shared),
    }
    assert answers == {
        "admin/shared account": False,
        "admin/own account": True,
        "admin/self": False,
        "admin/shelter membership": True,
        "admin/eri membership": False,
        "platform/shared account": True,
        "worker/own colleague": False,
    }


def test_adding_memberships_stays_within_reach(world, other_institution):
    """The shelter's administrator adds no membership to a person outside the shelter, even
    by calling the service directly; the platform administrator adds one anywhere."""
    from django.http import Http404

    from ruta.accounts import services

    stranger = make_user("case_worker", other_institution)
    role = Role.objects.get(code="case_worker")
    with pytest.raises(Http404):
        services.membership_create(
            actor=actor_of(world["shelter_admin"]),
            user=stranger,
            institution=world["shelter"],
            role=role,
        )
    assert not stranger.memberships.filter(institution=world["shelter"]).exists()
    membership = services.membership_create(
        actor=actor_of(world["platform"]),
        user=stranger,
        institution=world["shelter"],
        role=role,
    )
    assert membership.user == stranger
