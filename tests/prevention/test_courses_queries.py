"""The session and course lists (pages and API) run a fixed number of queries, whatever the
number of rows."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.audit import services as audit
from ruta.core.choices import InstitutionType as T
from ruta.core.models import Department
from ruta.prevention.services import courses, sessions
from tests.factories import actor_of, make_institution, make_user, sign_in

pytestmark = pytest.mark.django_db

_seq = iter(range(10_000))
LOCKED = {
    "/prevention/sessions/": 11,  # + years, + courses of the filter
    "/prevention/courses/": 9,
    "/api/v1/training-sessions/": 3,
    "/api/v1/courses/": 3,
}


def _populate(trainer, other, n: int) -> None:
    actor = actor_of(trainer)
    department = Department.objects.order_by("code").first()
    today = timezone.localdate()
    for _ in range(n):
        course = courses.course_create(
            actor=actor,
            code=f"curso-{next(_seq)}",
            title="Curso",
            modality="in_person",
        )
        courses.module_add(actor=actor, course=course, title="M1", hours=Decimal(4))
        courses.module_add(actor=actor, course=course, title="M2", hours=Decimal(2))
        session = sessions.session_create(
            actor=actor,
            course=course,
            host=other,
            starts_on=today + timedelta(days=3),
            ends_on=today + timedelta(days=4),
            department=department,
            municipality=department.municipalities.first(),
            capacity=20,
            open_types=[T.POLICE],
            open_institutions=[other],
        )
        sessions.trainer_add(
            actor=actor, session=session, external_name="Ana", external_organisation="OIM"
        )
    audit.chain_seal()


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def trainer(db):
    return make_user("trainer", make_institution("Dirección de Educación Policial", T.POLICE))


@pytest.mark.parametrize("url", [u for u in LOCKED if not u.startswith("/api/")])
def test_page_queries_are_locked(url, trainer):
    other = make_institution("Sede", T.POLICE)
    client = sign_in(Client(), trainer)
    _populate(trainer, other, 2)
    few = _count(client, url)
    _populate(trainer, other, 8)
    many = _count(client, url)
    assert many <= few, f"{url}: {few} queries with few rows, {many} with more (N+1)"
    assert many <= LOCKED[url], f"{url}: {many} queries, locked at {LOCKED[url]}"


@pytest.mark.parametrize("url", [u for u in LOCKED if u.startswith("/api/")])
def test_endpoint_queries_are_locked(url, trainer):
    other = make_institution("Sede", T.POLICE)
    _token, key = auth.token_create(
        user=trainer, membership=trainer.memberships.get(), second_factor=True
    )
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")
    _populate(trainer, other, 2)
    few = _count(client, url)
    _populate(trainer, other, 8)
    many = _count(client, url)
    assert many <= few, f"{url}: {few} queries with few rows, {many} with more (N+1)"
    assert many <= LOCKED[url], f"{url}: {many} queries, locked at {LOCKED[url]}"
