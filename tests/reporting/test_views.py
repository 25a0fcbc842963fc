"""The victims dashboard's page, exports and API: filters, refusals, audit, query counts."""

from __future__ import annotations

import io
import itertools
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.audit.services import chain_seal
from ruta.reporting.models import StatisticsState, VictimCount
from tests.factories import actor_of, make_institution, make_user, sign_in
from tests.reporting.test_statistics import victim

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year


@pytest.fixture
def analyst(db):
    return make_user("me_analyst", make_institution("Comisión"))


@pytest.fixture
def figures(home_institution):
    coordinator = actor_of(make_user("eri_coordinator", home_institution))
    victim(coordinator, decided=date(THIS_YEAR, 1, 5), date_of_birth=date(THIS_YEAR - 12, 1, 1))
    victim(coordinator, given_names="Eva", decided=date(THIS_YEAR, 1, 6), sex="male")
    chain_seal()
    StatisticsState.objects.all().delete()  # never refreshed: the page queues a refresh


def test_the_page_refreshes_when_behind_and_shows_figures_map_and_tables(analyst, figures):
    response = sign_in(Client(), analyst).get("/statistics/")
    html = response.content.decode()
    assert response.status_code == 200
    assert StatisticsState.objects.get().refreshed_at is not None
    assert 'class="stats-figure">2<' in html
    assert html.count("<path class=") == 18 and "Natural Earth" in html
    assert 'id="table-age_cell"' in html and "table-charts.js" in html


def test_a_bad_filter_is_refused_in_the_users_language_and_shows_the_default(analyst, figures):
    client = sign_in(Client(), analyst)
    response = client.get("/statistics/", {"year_from": THIS_YEAR, "year_to": THIS_YEAR - 1})
    assert response.status_code == 400
    assert "El primer año no puede ser posterior al último." in response.content.decode()
    assert client.get("/statistics/victims.xlsx", {"year_to": THIS_YEAR + 1}).status_code == 400
    assert not AuditEvent.objects.filter(action="reporting.dashboard.exported").exists()


def test_an_institution_outside_the_scope_answers_404(home_institution, figures):
    other = make_institution("Albergue")
    supervisor = make_user("supervisor", other)
    client = sign_in(Client(), supervisor)
    assert client.get("/statistics/", {"institution": str(home_institution.pk)}).status_code == 404
    assert client.get("/statistics/", {"institution": str(other.pk)}).status_code == 200


def test_the_spreadsheet_and_the_pdf_hold_the_figures_and_are_audited(analyst, figures):
    client = sign_in(Client(), analyst)
    client.get("/statistics/")
    response = client.get("/statistics/victims.xlsx", {"age_cell": "girl"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = list(book.worksheets[1].iter_rows(values_only=True))
    assert ("Niñas", 1, "100,0") in cells  # by sex and age: the girl only
    pdf = client.get("/statistics/victims.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    events = AuditEvent.objects.filter(action="reporting.dashboard.exported").order_by(
        "occurred_at"
    )
    assert [(e.data["format"], e.data["age_cell"]) for e in events] == [
        ("xlsx", "girl"),
        ("pdf", ""),
    ]


def _api(user) -> APIClient:
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_the_api_answers_the_same_figures_and_refuses_bad_filters(analyst, figures):
    client = _api(analyst)
    body = client.get("/api/v1/statistics/victims/").json()
    assert body["total"] == 2 and body["national"] is True
    cells = next(b for b in body["breakdowns"] if b["key"] == "age_cell")["rows"]
    assert {r["code"]: r["value"] for r in cells if r["value"]} == {"girl": 1, "other": 1}
    bad = client.get("/api/v1/statistics/victims/", {"year_from": "x"})
    assert bad.status_code == 400 and "year_from" in bad.json()["errors"]


def _fill(n: int) -> None:
    """``n`` summary rows spread over institutions, departments and nationalities."""
    institutions = [make_institution() for _ in range(4)]
    combos = itertools.product(
        institutions, ["HN-CR", "HN-FM", "HN-AT", ""], ["HND", "GTM", "SLV", "NIC"]
    )
    VictimCount.objects.bulk_create(
        VictimCount(
            month=date(THIS_YEAR, 1 + i % 12, 1),
            institution=inst,
            department=dep,
            sex=("female", "male")[i % 2],
            age_group=("child", "adult")[i % 3 == 0],
            form="sexual",
            primary=True,
            nationality=nat,
            transnational=nat != "HND",
            victim_type="direct",
            channel="hotline",
            status="identified",
            victims=1 + i % 5,
        )
        for i, (inst, dep, nat) in zip(range(n), combos, strict=False)
    )
    # As a refresh would: the counts changed, so their version moves.
    version = StatisticsState.objects.filter(pk=1).values_list("version", flat=True).first() or 0
    StatisticsState.objects.update_or_create(
        pk=1, defaults={"refreshed_at": timezone.now(), "version": version + 1}
    )


@pytest.mark.parametrize("url", ["/statistics/", "/api/v1/statistics/victims/"])
def test_dashboard_queries_are_locked_whatever_the_rows(analyst, url):
    client = _api(analyst) if url.startswith("/api/") else sign_in(Client(), analyst)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _fill(8)
    few = count()
    _fill(60)
    many = count()
    assert many <= few
    assert many <= (21 if url == "/statistics/" else 17), many
    # Unchanged counts: the same dashboard again comes from the cache.
    assert count() <= many - 10


def _releases(n: int, analyst) -> None:
    from ruta.reporting.models import Release, ReleaseTable

    for _ in range(n):
        release = Release.objects.create(
            year=THIS_YEAR - 1,
            edition=Release.objects.count() + 1,
            status="published",
            threshold=10,
            protection=10,
            data_as_of=timezone.now(),
            prepared_by=analyst,
            prepared_for=analyst.memberships.get().institution,
            published_by=analyst,
            published_at=timezone.now(),
            report={"safe": True, "cells": 4, "suppressed": 0},
        )
        ReleaseTable.objects.create(
            release=release,
            code="VICTIMS_SEX_AGE",
            position=0,
            dims=["AGE", "SEX"],
            cells=[[["Y_LT18", "F"], 12, "E", "F"], [["_T", "_T"], 12, "E", "F"]],
            summary={"cells": 2, "primary": 0, "secondary": 0, "perturbed": 0},
            safe=True,
        )


@pytest.mark.parametrize(("url", "locked"), [("/statistics/releases/", 9), ("/public/", 3)])
def test_release_lists_queries_are_locked_whatever_the_rows(analyst, url, locked):
    client = sign_in(Client(), analyst) if url.startswith("/statistics/") else Client()

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _releases(2, analyst)
    few = count()
    _releases(6, analyst)
    many = count()
    assert many <= few
    assert many <= locked, many


def test_a_dashboard_behind_queues_one_refresh_until_the_figures_are_fresh(
    analyst, figures, settings
):
    from django.core.cache import cache
    from django_tasks_db.models import DBTaskResult

    # A queue with no worker running: what is enqueued stays there.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    cache.clear()
    client = sign_in(Client(), analyst)
    for _ in range(3):
        assert client.get("/statistics/").status_code == 200
    assert DBTaskResult.objects.count() == 1  # no worker: one refresh waits, no pile
    cache.clear()  # the mark expires with the freshness limit: asked for again
    client.get("/statistics/response/")
    assert DBTaskResult.objects.count() == 2
