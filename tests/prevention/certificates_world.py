"""A small world for the certificate tests: the matrix's prevention records (built by
``tests.prevention.world.build``) with the home's trainer and the other institution's user
administrator."""

from __future__ import annotations

import pytest

from ruta.core.choices import InstitutionType as T
from tests.factories import make_institution, make_user
from tests.prevention.world import P_TRN, build


@pytest.fixture
def cw(db):
    home = make_institution("Equipo propio", T.RESPONSE_TEAM)
    other = make_institution("Otra institución", T.POLICE)
    users: dict = {}
    lab = make_user("labour_inspector", home)
    w = build(users=users, home=home, other=other, lab_user=lab)
    w.update(
        home=home,
        other=other,
        trainer=make_user("trainer", home),
        admin=make_user("institution_admin", home),
        other_admin=make_user("institution_admin", other),
        academy_trainer=users[P_TRN],
    )
    return w
