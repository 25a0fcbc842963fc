"""The people slice's policies: who lists participants, who reads the employer's view and
which enrolments it holds (allow and deny)."""

from __future__ import annotations

import pytest

from ruta.prevention import policies
from tests.factories import actor_of, make_user
from tests.prevention import people_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return people_setup.build()


def test_who_lists_participants(w):
    assert policies.can_list_participants(w["trainer"])
    assert policies.can_list_participants(w["admin"])  # its own staff
    assert policies.can_list_participants(w["p_trn"])
    assert not policies.can_list_participants(actor_of(w["users"]["caseworker"]))
    analyst = actor_of(make_user("me_analyst", w["home"]))  # aggregate: never a participant
    assert not policies.can_list_participants(analyst)


def test_the_employers_view(w):
    assert policies.can_view_staff_trainings(w["admin"])
    assert not policies.can_view_staff_trainings(actor_of(w["users"]["caseworker"]))
    home = set(policies.scope_staff_enrolments(w["admin"]))
    assert home == {w["enrolment"]}  # not the other institution's staff in the same session
    other = set(policies.scope_staff_enrolments(actor_of(w["users"]["other_admin"])))
    assert other == {w["other_enrolment"]}
    academy = set(policies.scope_staff_enrolments(w["p_trn"]))
    assert academy == {w["academy_enrolment"]}
    assert not policies.scope_staff_enrolments(actor_of(w["users"]["caseworker"])).exists()
