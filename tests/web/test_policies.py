"""The home page's work queues show for the roles holding the pillar's capability."""

from __future__ import annotations

import pytest

from ruta.web import policies as p
from tests import policy_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    yield from policy_world.module_world(django_db_blocker)


@pytest.mark.parametrize(
    ("actor", "capability", "expected"),
    [
        ("analyst", "results.manage", True),
        ("coord", "results.manage", False),
        ("prosecutor", "prosecution.view", True),
        ("worker", "prosecution.view", False),
    ],
)
def test_can_see_work_queue(w, actor, capability, expected):
    assert p.can_see_work_queue(w.actors[actor], capability) is expected
