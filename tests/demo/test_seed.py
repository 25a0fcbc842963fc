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


def test_the_command_prints_the_password_the_demo_really_has(capsys, monkeypatch):
    monkeypatch.setenv("RUTA_DEMO_PASSWORD", "Primera-clave-2026!")
    call_command("seed_demo")
    assert "password of every one: Primera-clave-2026!" in capsys.readouterr().out
    # Seeded again with another password: the users keep the first, and the command says so
    # instead of printing a password that would not work.
    monkeypatch.setenv("RUTA_DEMO_PASSWORD", "Otra-clave-2026!")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "Otra-clave-2026!" not in out
    assert "first seeded" in out
    assert User.objects.get(username="coord.eri").check_password("Primera-clave-2026!")
