"""A small world for the certificate tests: the matrix's prevention records (built by
``tests.prevention.world.build``) with the home's trainer, the home's and the other
institution's user administrators and the academy's trainer."""

from __future__ import annotations

from ruta.core.choices import InstitutionType as T
from tests.factories import make_institution, make_user
from tests.prevention.world import P_TRN, build


def certificates_world() -> dict:
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
