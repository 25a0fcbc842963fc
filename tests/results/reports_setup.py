"""A small world for the reports' behaviour tests: the home institution with an M&E analyst
and a committee secretary, the partnership actors and records of the matrix's world
(``tests/coordination/world.py``, ``tests/results/world.py``)."""

from __future__ import annotations

from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.core.choices import InstitutionType as T
from tests.coordination import world as coordination_world
from tests.factories import make_institution, make_user
from tests.results import world as results_world


def build() -> dict:
    home = make_institution("Equipo propio", T.LOCAL_COMMITTEE)
    users = {
        "me_analyst": make_user("me_analyst", home),
        "committee_secretary": make_user("committee_secretary", home),
        "case_worker": make_user("case_worker", home),
    }
    coordination = coordination_world.build(users=users, home=home)
    results = results_world.build(users=users, home=home, coordination=coordination)
    return {"home": home, "users": users, **coordination, **results}


def api_of(user) -> APIClient:
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")
