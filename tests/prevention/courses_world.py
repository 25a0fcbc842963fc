"""A small world for the courses slice's tests: the prevention world (tests/prevention/world.py)
around a home response team whose trainer (``TRN``), user administrator (``ADM``) and
aggregate analyst (``MEA``) act, and another response team."""

from __future__ import annotations

import pytest

from ruta.core.choices import InstitutionType as T
from tests.factories import actor_of, make_institution, make_user
from tests.prevention import world as prevention_world

ROLES = {"TRN": "trainer", "ADM": "institution_admin", "MEA": "me_analyst"}


@pytest.fixture(name="w")
def courses_world(db):
    home = make_institution("Equipo propio", T.RESPONSE_TEAM)
    other = make_institution("Otra institución", T.RESPONSE_TEAM)
    users = {key: make_user(role, home) for key, role in ROLES.items()}
    users["X_ADM"] = make_user("institution_admin", other)
    lab = make_user("labour_inspector", home)
    world = prevention_world.build(users=users, home=home, other=other, lab_user=lab)
    world.update(home=home, other=other, users=users)
    world["actors"] = {
        key: actor_of(user) for key, user in users.items() if key != prevention_world.P_TRN
    }
    world["actors"]["P_TRN"] = actor_of(users[prevention_world.P_TRN])
    return world
