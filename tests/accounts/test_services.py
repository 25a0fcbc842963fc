"""Administration of users, memberships and roles: scoped, validated, versioned, audited."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from ruta.accounts import services
from ruta.accounts.models import Membership, Role, User
from ruta.audit.models import AuditEvent
from ruta.core.errors import ConflictError
from tests.factories import actor_of, make_unit, make_user
from tests.validation import refused_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(home_institution):
    return actor_of(make_user("institution_admin", home_institution))


def _create(actor, institution, role_code="case_worker", username="nuevo.usuario", **kw):
    return services.user_create(
        actor=actor,
        username=username,
        first_name="Nuevo",
        last_name="Usuario",
        email=f"{username}@example.org",
        institution=institution,
        role=Role.objects.get(code=role_code),
        base_url="http://testserver/",
        **kw,
    )


def test_admin_creates_a_user_who_receives_an_invitation(
    admin, home_institution, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = _create(admin, home_institution)
    assert not user.has_usable_password()
    assert user.memberships.get().institution == home_institution
    assert len(mail.outbox) == 1
    assert "http://testserver/accounts/password/reset/" in mail.outbox[0].body


def test_the_invitation_link_starts_with_the_configured_address(
    settings, admin, home_institution, django_capture_on_commit_callbacks
):
    settings.RUTA_BASE_URL = "https://ruta.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        _create(admin, home_institution)  # from a request to http://testserver/
    assert "https://ruta.example.org/accounts/password/reset/" in mail.outbox[0].body
    actions = set(
        AuditEvent.objects.filter(actor_user_id=admin.user_id).values_list("action", flat=True)
    )
    assert {"accounts.user.created", "accounts.membership.created"} <= actions


def test_admin_cannot_create_users_in_another_institution(admin, other_institution):
    with pytest.raises(Http404):
        _create(admin, other_institution)
    assert not User.objects.filter(username="nuevo.usuario").exists()


def test_admin_cannot_grant_a_platform_role(admin, home_institution):
    with pytest.raises(Http404):
        _create(admin, home_institution, role_code="platform_admin")


def test_duplicate_user_name_is_a_field_error(admin, home_institution):
    _create(admin, home_institution)
    with pytest.raises(ValidationError) as exc:
        _create(admin, home_institution, username="NUEVO.usuario")
    assert "username" in exc.value.message_dict


def test_unit_must_belong_to_the_institution(admin, home_institution, other_institution):
    with refused_on("unit"):
        _create(admin, home_institution, unit=make_unit(other_institution))


def test_admin_cannot_touch_users_of_another_institution(admin, other_institution):
    stranger = make_user("case_worker", other_institution)
    for call in (
        lambda: services.user_update(actor=admin, user=stranger, version=1, first_name="X"),
        lambda: services.user_unlock(actor=admin, user=stranger),
        lambda: services.user_set_active(actor=admin, user=stranger, active=False, version=1),
        lambda: services.user_password_reset(actor=admin, user=stranger),
    ):
        with pytest.raises(Http404):
            call()
    stranger.refresh_from_db()
    assert stranger.is_active
    assert stranger.first_name == ""


def test_nobody_changes_their_own_membership(admin):
    own = Membership.objects.get(user_id=admin.user_id)
    with pytest.raises(Http404):
        services.membership_update(
            actor=admin, membership=own, version=own.version, role=Role.objects.get(code="auditor")
        )


def test_stale_version_is_a_conflict_and_changes_nothing(admin, home_institution):
    user = make_user("case_worker", home_institution, first_name="Ana")
    services.user_update(actor=admin, user=user, version=1, first_name="Ana Lucía")
    with pytest.raises(ConflictError):
        services.user_update(actor=admin, user=user, version=1, first_name="Otra")
    user.refresh_from_db()
    assert (user.first_name, user.version) == ("Ana Lucía", 2)


def test_deactivation_ends_sessions(admin, home_institution):
    user = make_user("case_worker", home_institution)
    services.user_set_active(actor=admin, user=user, active=False, version=user.version)
    user.refresh_from_db()
    assert not user.is_active
    assert user.session_epoch == 1


def test_admin_reset_disables_old_password_and_mails_a_link(
    admin, home_institution, django_capture_on_commit_callbacks
):
    user = make_user("case_worker", home_institution)
    with django_capture_on_commit_callbacks(execute=True):
        services.user_password_reset(actor=admin, user=user, base_url="http://testserver/")
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert user.must_change_password
    assert mail.outbox[-1].to == [user.email]


def test_role_change_by_platform_admin_is_validated_and_audited(home_institution):
    platform = actor_of(make_user("platform_admin", home_institution))
    role = Role.objects.get(code="trainer")
    with pytest.raises(ValidationError) as exc:
        services.role_update(
            actor=platform,
            role=role,
            version=role.version,
            name="",
            description="",
            capabilities=["prevention.view", "made.up"],
            scope="institution",
            read_sensitivities=[],
            write_sensitivities=["health"],
        )
    assert {"capabilities", "write_sensitivities"} <= set(exc.value.message_dict)
    services.role_update(
        actor=platform,
        role=role,
        version=role.version,
        name="",
        description="",
        capabilities=["prevention.view"],
        scope="institution",
        read_sensitivities=[],
        write_sensitivities=[],
    )
    role.refresh_from_db()
    assert role.capabilities == ["prevention.view"]
    assert role.version == 2
    assert AuditEvent.objects.filter(
        action="accounts.role.updated", target_id=str(role.pk)
    ).exists()


def test_institution_admin_cannot_edit_roles(admin):
    role = Role.objects.get(code="trainer")
    with pytest.raises(Http404):
        services.role_update(
            actor=admin,
            role=role,
            version=role.version,
            name="x",
            description="",
            capabilities=[],
            scope="own",
            read_sensitivities=[],
            write_sensitivities=[],
        )


def test_platform_bootstrap_only_once(db):
    services.platform_bootstrap(
        username="root.admin",
        email="root@example.org",
        password="a long enough password 1",
        institution_name="Comisión",
        institution_type="commission",
    )
    with pytest.raises(ValidationError) as exc:
        services.platform_bootstrap(
            username="second",
            email="second@example.org",
            password="a long enough password 2",
            institution_name="Comisión",
            institution_type="commission",
        )
    # Refused as a second administrator, not for any field of the new one.
    assert not hasattr(exc.value, "error_dict")
    assert exc.value.messages == [str(_("A platform administrator already exists."))]
