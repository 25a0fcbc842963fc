"""Test helpers every app reuses: people and institutions, signed-in clients. Imported by the
tests and the benchmarks; never by application code."""

from __future__ import annotations

import itertools

import pyotp
from django.utils import timezone

from ruta.accounts.models import Membership, Role, TOTPDevice, User
from ruta.core.actor import Actor, actor_for_membership
from ruta.core.choices import InstitutionType
from ruta.institutions.models import Institution, Unit

PASSWORD = "correct horse battery staple 42"
_seq = itertools.count(1)


def make_institution(name: str | None = None, type: str = InstitutionType.SHELTER, **kw):
    n = next(_seq)
    return Institution.objects.create(name=name or f"Institution {n}", type=type, **kw)


def make_unit(institution: Institution, name: str | None = None) -> Unit:
    return Unit.objects.create(institution=institution, name=name or f"Unit {next(_seq)}")


def make_user(
    role_code: str | None = None,
    institution: Institution | None = None,
    *,
    username: str | None = None,
    password: str = PASSWORD,
    with_2fa: bool = False,
    unit: Unit | None = None,
    **fields,
) -> User:
    n = next(_seq)
    user = User(username=username or f"user{n}", email=f"user{n}@example.org", **fields)
    user.set_password(password)
    user.save()
    if role_code is not None:
        Membership.objects.create(
            user=user,
            institution=institution or make_institution(),
            role=Role.objects.get(code=role_code),
            unit=unit,
        )
    if with_2fa:
        TOTPDevice.objects.create(
            user=user, secret=pyotp.random_base32(), confirmed_at=timezone.now()
        )
    return user


def totp_now(user: User) -> str:
    return pyotp.TOTP(TOTPDevice.objects.get(user=user).secret).now()


def actor_of(user: User, institution: Institution | None = None) -> Actor:
    qs = Membership.objects.select_related("role", "institution", "unit", "user").filter(user=user)
    if institution is not None:
        qs = qs.filter(institution=institution)
    return actor_for_membership(qs.get())


def sign_in(client, user: User, institution: Institution | None = None):
    """A signed-in browser session for ``user`` acting for ``institution`` (or the first)."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session["ruta_epoch"] = user.session_epoch
    session["ruta_second_factor"] = True  # as after a one-time code
    if institution is not None:
        session["ruta_membership_id"] = str(user.memberships.get(institution=institution).pk)
    session.save()
    return client


def carried_all(case, reason="moved", why="Sigue a cargo de la institución"):
    """Every open item a closure of ``case`` for ``reason`` can carry, with a reason (service
    argument: item key -> reason)."""
    from ruta.cases.services import closure_items

    case.refresh_from_db()
    return {item.key: why for item in closure_items(case, reason) if not item.blocking}


def carried_fields(case, reason="moved", why="Sigue a cargo de la institución"):
    """The same as the closure page's form fields."""
    from ruta.cases.forms import ClosureRequestForm
    from ruta.core.registry import ClosureItem

    return {
        ClosureRequestForm.field_name(ClosureItem(key, "", "")): text
        for key, text in carried_all(case, reason, why).items()
    }


def carried_rows(case, reason="moved", why="Sigue a cargo de la institución"):
    """The same as the API's ``carried`` list."""
    return [{"item": key, "reason": text} for key, text in carried_all(case, reason, why).items()]
