"""Table-driven tests of the notifications policies: a notification is seen by the user it
is addressed to, while acting for its institution, whatever the role's scope."""

from __future__ import annotations

import pytest

from ruta.notifications import policies as p
from ruta.notifications.models import Notification
from tests import policy_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    yield from policy_world.module_world(django_db_blocker)


def _notify(user, institution):
    return Notification.objects.create(user=user, institution=institution, kind="t", title="t")


@pytest.mark.parametrize(
    ("actor", "addressed_to", "institution", "expected"),
    [
        ("coord", "coord", "h", True),
        ("coord", "coord", "o", False),  # mine, but for another institution
        ("coord", "worker", "h", False),  # someone else's
        ("worker", "worker", "h", True),  # own scope
        ("sup_nounit", "sup_nounit", "h", True),  # no record scope narrows one's own notices
        ("terr_none", "terr_none", "n", True),
        ("analyst", "analyst", "h", True),  # aggregate
        ("platform", "coord", "h", False),
    ],
)
def test_scope_notifications(w, actor, addressed_to, institution, expected):
    note = _notify(w.actors[addressed_to].user, getattr(w, institution))
    assert p.scope_notifications(w.actors[actor]).filter(pk=note.pk).exists() is expected
