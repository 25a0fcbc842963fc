"""The demo: every role template has a user, it is built through services (audited), twice is
harmless, and production refuses it (see test_settings)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from ruta.accounts.models import Membership, Role, User
from ruta.audit.services import chain_verify
from ruta.cases.models import Case
from ruta.demo import seed

pytestmark = pytest.mark.django_db


def test_demo_has_a_user_for_every_role_and_an_intact_audit_chain(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    roles_with_users = set(Membership.objects.values_list("role__code", flat=True))
    assert roles_with_users == set(Role.objects.values_list("code", flat=True))
    assert "coord.eri" in out and "admin.plataforma" in out
    assert User.objects.get(username="coord.eri").check_password(seed.demo_password())
    assert Case.objects.filter(is_child=True).count() == 1
    users, cases = User.objects.count(), Case.objects.count()
    call_command("seed_demo")
    assert (User.objects.count(), Case.objects.count()) == (users, cases)
    assert chain_verify().ok
