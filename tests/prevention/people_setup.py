"""The prevention world for the people slice's tests (not the matrix's module-wide one): the
home institution (a response team) with its trainer and user administrator, another
institution (police), the academy and its trainer (``tests/prevention/world.py``)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.core.choices import InstitutionType as T
from tests.factories import actor_of, make_institution, make_user, sign_in
from tests.prevention import world


def build() -> dict[str, Any]:
    home = make_institution("Equipo propio", T.RESPONSE_TEAM)
    other = make_institution("Policía Nacional", T.POLICE)
    users = {
        "trainer": make_user("trainer", home),
        "admin": make_user("institution_admin", home),
        "other_admin": make_user("institution_admin", other),
        "caseworker": make_user("case_worker", home),
    }
    lab = make_user("labour_inspector", home)
    w = world.build(users=users, home=home, other=other, lab_user=lab)
    w.update(home=home, other=other, users=users)
    w["academy_trainer"] = users[world.P_TRN]
    w["trainer"] = actor_of(users["trainer"])
    w["p_trn"] = actor_of(users[world.P_TRN])
    w["admin"] = actor_of(users["admin"])
    return w


def browser(user) -> Client:
    return sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), user)


def api_for(user) -> APIClient:
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")
