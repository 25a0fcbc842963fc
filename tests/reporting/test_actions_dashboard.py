"""The action items dashboard: done on time, late, overdue, not yet due and cancelled, by
period, committee and responsible institution; scope; page, exports and API."""

from __future__ import annotations

import io
import itertools
from datetime import date, datetime

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from ruta.audit.models import AuditEvent
from ruta.coordination.models import ActionItem, Agreement, Meeting
from ruta.coordination.services import committees as coordination
from ruta.reporting.selectors import Filters
from ruta.reporting.selectors_actions import actions_dashboard
from tests.factories import actor_of, make_institution, make_user, sign_in
from tests.reporting.test_response import _api

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 6, 15, 12, tzinfo=timezone.get_current_timezone()))


@pytest.fixture
def analyst(db):
    return make_user("me_analyst", make_institution("Comisión"))


@pytest.fixture
def items(home_institution):
    """Five items of 2026 (one of each kind) and one of 2025, owned by two institutions."""
    fiscalia = make_institution("Fiscalía")
    secretary = actor_of(make_user("committee_secretary", home_institution))
    committee = coordination.committee_create(
        actor=secretary, kind="plenary", name="Pleno", acronym="CICESCT", language="es"
    )
    meeting = Meeting.objects.create(
        committee=committee, year=2026, number=1, title="S1", starts_at=timezone.now()
    )
    agreement = Agreement.objects.create(
        committee=committee, meeting=meeting, year=2026, number=1, reference="A-1", text="A"
    )
    rows = [
        (home_institution, date(2026, 3, 10), "done", date(2026, 3, 5)),
        (fiscalia, date(2026, 3, 10), "done", date(2026, 4, 1)),
        (fiscalia, date(2026, 6, 10), "in_progress", None),
        (home_institution, date(2026, 12, 1), "pending", None),
        (home_institution, date(2026, 2, 1), "cancelled", None),
        (home_institution, date(2025, 11, 1), "pending", None),
    ]
    for owner, due, status, done in rows:
        ActionItem.objects.create(
            agreement=agreement,
            committee=committee,
            owner_institution=owner,
            description="Hacer",
            due_on=due,
            status=status,
            done_on=done,
        )
    return home_institution, fiscalia


def _dashboard(user, **filters):
    return actions_dashboard(actor=actor_of(user), filters=Filters(2026, 2026, **filters))


def test_items_are_counted_by_whether_they_were_done_on_time(analyst, items):
    home, fiscalia = items
    d = _dashboard(analyst)
    t = d.totals
    assert (t.on_time, t.late, t.overdue, t.pending, t.cancelled) == (1, 1, 1, 1, 1)
    assert t.came_due == 3 and t.on_time_share == pytest.approx(1 / 3)
    by_institution = {r.label: (r.on_time, r.late, r.overdue, r.pending) for r in d.by_institution}
    assert by_institution == {home.name: (1, 0, 0, 1), fiscalia.name: (0, 1, 1, 0)}
    assert [r.label for r in d.by_committee] == ["CICESCT · Pleno"]
    march = next(r for r in d.by_period if r.label == "03/2026")
    assert (march.on_time, march.late) == (1, 1) and len(d.by_period) == 12
    five_years = actions_dashboard(actor=actor_of(analyst), filters=Filters(2022, 2026))
    assert five_years.totals.total == 6 and five_years.totals.overdue == 2
    mine = _dashboard(analyst, institution=fiscalia.pk)
    assert (mine.totals.total, mine.totals.late, mine.totals.overdue) == (2, 1, 1)


def test_a_viewer_names_only_its_own_institution(items):
    home, fiscalia = items
    supervisor = make_user("supervisor", fiscalia)
    d = _dashboard(supervisor)
    assert d.totals.total == 5  # national figures
    assert [r.label for r in d.by_institution] == [fiscalia.name]
    with pytest.raises(Http404):
        _dashboard(supervisor, institution=home.pk)


def test_the_page_exports_and_api_and_their_query_counts(analyst, items):
    client = sign_in(Client(), analyst)
    client.get("/statistics/actions/")
    with CaptureQueriesContext(connection) as page:
        response = client.get("/statistics/actions/")
    html = response.content.decode()
    assert response.status_code == 200 and 'class="stats-figure">5<' in html
    assert 'id="table-actions_committee"' in html and 'name="department"' not in html
    assert client.get("/statistics/actions/", {"year_to": 2027}).status_code == 400
    book = load_workbook(io.BytesIO(client.get("/statistics/actions.xlsx").content))
    cells = list(itertools.chain.from_iterable(s.iter_rows(values_only=True) for s in book))
    assert ("CICESCT · Pleno", 1, 1, 1, 1, 1, "33,3") in cells
    assert client.get("/statistics/actions.pdf").content.startswith(b"%PDF")
    exported = AuditEvent.objects.filter(action="reporting.dashboard.exported")
    assert sorted(e.data["format"] for e in exported if e.data["dashboard"] == "actions") == [
        "pdf",
        "xlsx",
    ]
    api = _api(analyst)
    with CaptureQueriesContext(connection) as call:
        body = api.get("/api/v1/statistics/actions/", {"year_from": 2026}).json()
    assert body["totals"]["done_on_time"] == 1 and body["totals"]["overdue"] == 1
    assert (len(page), len(call)) == (8, 8)
