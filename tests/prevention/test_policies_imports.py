"""The imports' policies, allow and deny: only who manages the organising institution's
trainings reaches its spreadsheets (the rows may hold names and e-mails); every service
checks it again (a 404 for anyone else)."""

from __future__ import annotations

import pytest

from ruta.core.errors import NotPermitted
from ruta.prevention import policies
from ruta.prevention.models import ImportJob
from ruta.prevention.services import imports as services
from tests.factories import actor_of, make_user
from tests.prevention.imports_helpers import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = build_world()
    w["academy_job"] = ImportJob.objects.create(
        institution=w["academy"],
        session=w["academy_session"],
        kind="participants",
        filename="academia.csv",
        status="ready",
    )
    return w


def _actors(w):
    return {
        "trainer": actor_of(w["trainer"]),
        "academy_trainer": actor_of(w["academy_trainer"]),
        "admin": actor_of(w["admin"]),
        "lab": actor_of(make_user("labour_inspector", w["home"])),
        "analyst": actor_of(make_user("me_analyst", w["home"])),
    }


def test_scope_imports(w):
    actors = _actors(w)
    home, academy = w["import_job"], w["academy_job"]
    assert set(policies.scope_imports(actors["trainer"])) == {home}
    assert set(policies.scope_imports(actors["academy_trainer"])) == {academy}
    for name in ("admin", "lab", "analyst"):
        assert not policies.scope_imports(actors[name]).exists(), name


def test_can_manage_import(w):
    actors = _actors(w)
    assert policies.can_manage_import(actors["trainer"], w["import_job"])
    assert not policies.can_manage_import(actors["trainer"], w["academy_job"])
    assert policies.can_manage_import(actors["academy_trainer"], w["academy_job"])
    for name in ("academy_trainer", "admin", "lab", "analyst"):
        assert not policies.can_manage_import(actors[name], w["import_job"]), name


def test_every_service_refuses_who_may_not_manage(w):
    outsider = actor_of(w["academy_trainer"])
    job = w["import_job"]
    with pytest.raises(NotPermitted):
        services.import_upload(
            actor=outsider,
            session=w["session"],
            kind="participants",
            filename="f.csv",
            content=b"a,b\n1,2\n",
        )
    with pytest.raises(NotPermitted):
        services.import_confirm(actor=outsider, job=job)
    with pytest.raises(NotPermitted):
        services.import_discard(actor=outsider, job=job)
    with pytest.raises(NotPermitted):
        services.import_check(actor=outsider, job=job)
    job.refresh_from_db()
    assert job.status == "ready"
    assert ImportJob.objects.filter(session=w["session"]).count() == 1
    # The import run by a task refuses too, and leaves nothing half done.
    ImportJob.objects.filter(pk=job.pk).update(status="importing")
    job.refresh_from_db()
    assert services.import_run(actor=outsider, job=job).status == "failed"
