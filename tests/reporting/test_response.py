"""The response dashboard: services delivered and referrals between institutions reach it
through the audit trail; its figures, filters, scope, pages, exports and API."""

from __future__ import annotations

import io
import itertools
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.audit.services import chain_seal
from ruta.care import services as care
from ruta.referrals import services as referrals
from ruta.reporting import selectors_response
from ruta.reporting.models import ReferralFact, ServiceFact, StatisticsState
from ruta.reporting.selectors import Filters
from ruta.reporting.services import statistics_rebuild, statistics_refresh
from tests.factories import actor_of, make_institution, make_user, sign_in
from tests.referrals.conftest import open_case
from tests.referrals.conftest import pathway as pathway  # the fixture

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def analyst(db):
    return make_user("me_analyst", make_institution("Comisión"))


def _refresh():
    chain_seal()
    cache.clear()
    return statistics_refresh()


def _send(pathway, case, kind, service):
    return referrals.referral_send(
        actor=pathway.coordinator,
        case=case,
        to_institution=pathway.receivers[kind],
        type=kind,
        services=[service],
    )


@pytest.fixture
def work(pathway):
    """An adult's case (sex not recorded) with a shelter service given twice by the ERI, a
    care referral accepted and completed by the shelter, and a health referral waiting."""
    shelter, health = pathway.receivers["care"], pathway.receivers["health"]
    case = open_case(pathway, sharing_with=[shelter, health])
    today = timezone.localdate()
    service = care.service_add(
        actor=pathway.coordinator,
        plan=case.care_plan,
        type="Shelter",
        responsible=pathway.eri,
        due_on=today,
    )
    care.delivery_record(actor=pathway.coordinator, service=service, delivered_on=today)
    care.delivery_record(actor=pathway.coordinator, service=service, delivered_on=today)
    done = _send(pathway, case, "care", "Shelter")
    done = referrals.referral_accept(
        actor=pathway.responders["care"], referral=done, version=done.version
    )
    referrals.referral_complete(
        actor=pathway.responders["care"], referral=done, version=done.version, outcome="successful"
    )
    waiting = _send(pathway, case, "health", "Medical")
    return case, waiting


def _api(user) -> APIClient:
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")


def _dashboard(actor, **filters):
    cache.clear()
    f = Filters(year_from=YEAR, year_to=YEAR, **filters)
    return selectors_response.response_dashboard(actor=actor, filters=f)


def test_services_and_referrals_reach_the_figures_through_the_audit_trail(pathway, work, analyst):
    assert _refresh().changed > 0
    d = _dashboard(actor_of(analyst))
    assert (d.services, d.persons) == (2, 1)  # two occasions of one service, to one person
    assert [(r.code, r.services, r.persons) for r in d.by_type] == [("Shelter", 2, 1)]
    assert [(r.label, r.services) for r in d.by_provider] == [(pathway.eri.name, 2)]
    assert (d.referrals, d.answered, d.on_time, d.waiting, d.overdue) == (2, 1, 1, 1, 0)
    statuses = {r.code: r.value for r in d.breakdowns[1].rows}
    assert statuses == {"sent": 1, "completed:successful": 1}
    assert {r.code: r.value for r in d.breakdowns[2].rows} == {"care": 1, "health": 1}
    by_receiver = {r.label: (r.sent, r.answered, r.on_time) for r in d.receivers}
    assert by_receiver == {
        pathway.receivers["care"].name: (1, 1, 1),
        pathway.receivers["health"].name: (1, 0, 0),
    }
    # The waiting referral is declined: the next refresh shows it answered.
    _case, waiting = work
    referrals.referral_decline(
        actor=pathway.responders["health"], referral=waiting, version=waiting.version, reason="x"
    )
    _refresh()
    d = _dashboard(actor_of(analyst))
    assert (d.answered, d.waiting) == (2, 0)
    assert {r.code: r.value for r in d.breakdowns[1].rows}["declined"] == 1


def test_a_waiting_referral_turns_overdue_when_its_deadline_passes_without_a_write(
    pathway, work, analyst
):
    _refresh()
    _case, waiting = work
    ReferralFact.objects.filter(pk=waiting.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    d = _dashboard(actor_of(analyst))
    assert (d.waiting, d.overdue) == (0, 1)
    assert {r.code: r.value for r in d.breakdowns[1].rows}["overdue"] == 1


def test_filters_narrow_services_and_referrals(pathway, work, analyst):
    _refresh()
    actor = actor_of(analyst)
    assert _dashboard(actor, age_cell="other").services == 2  # sex not recorded
    girls = _dashboard(actor, age_cell="girl")
    assert (girls.services, girls.referrals) == (0, 0)
    shelter = _dashboard(actor, institution=pathway.receivers["care"].pk)
    assert (shelter.services, shelter.referrals) == (0, 1)  # the referral it received
    eri = _dashboard(actor, institution=pathway.eri.pk)
    assert (eri.services, eri.referrals) == (2, 2)
    assert _dashboard(actor, department="HN01").services == 0  # the case has no department


def test_a_viewer_drills_down_to_its_institution_and_names_no_other(pathway, work):
    _refresh()
    shelter = pathway.receivers["care"]
    supervisor = actor_of(make_user("supervisor", shelter))
    d = _dashboard(supervisor)
    assert (d.services, d.referrals) == (2, 2)  # national figures
    assert d.by_provider == []  # the ERI gave the service: not named to the shelter
    assert [r.label for r in d.receivers] == [shelter.name]
    with pytest.raises(Http404):
        _dashboard(supervisor, institution=pathway.eri.pk)


def test_the_rebuild_gives_the_same_facts_as_the_refresh(pathway, work):
    _refresh()

    def facts():
        return (
            sorted(ServiceFact.objects.values_list("pk", "provider_id", "type", "sex")),
            sorted(ReferralFact.objects.values_list("pk", "status", "outcome", "answer_hours")),
        )

    refreshed = facts()
    statistics_rebuild()
    assert facts() == refreshed and len(refreshed[0]) == 2 and len(refreshed[1]) == 2


def test_the_page_exports_and_api_show_the_figures_and_exports_are_audited(pathway, work, analyst):
    chain_seal()
    StatisticsState.objects.all().delete()  # never refreshed: the page queues a refresh
    client = sign_in(Client(), analyst)
    html = client.get("/statistics/response/").content.decode()
    assert 'class="stats-figure">2<' in html and 'id="table-referral_receiver"' in html
    assert pathway.receivers["care"].name in html and 'aria-current="page"' in html
    bad = client.get("/statistics/response/", {"year_from": YEAR, "year_to": YEAR - 1})
    assert bad.status_code == 400
    assert "El primer año no puede ser posterior al último." in bad.content.decode()
    assert client.get("/statistics/response.xlsx", {"year_to": YEAR + 1}).status_code == 400
    assert not AuditEvent.objects.filter(action="reporting.dashboard.exported").exists()
    book = load_workbook(io.BytesIO(client.get("/statistics/response.xlsx").content))
    cells = list(itertools.chain.from_iterable(s.iter_rows(values_only=True) for s in book))
    assert ("Albergue", 2, 1) in cells
    pdf = client.get("/statistics/response.pdf", {"age_cell": "other"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    events = AuditEvent.objects.filter(action="reporting.dashboard.exported").order_by("seq")
    assert [(e.data["dashboard"], e.data["format"]) for e in events] == [
        ("response", "xlsx"),
        ("response", "pdf"),
    ]
    api = _api(analyst)
    body = api.get("/api/v1/statistics/response/").json()
    assert (body["services"], body["referrals"], body["awaiting_answer"]) == (2, 2, 1)
    assert body["services_by_type"] == [
        {"code": "Shelter", "name": "Albergue", "services": 2, "persons": 1}
    ]
    ignored = api.get("/api/v1/statistics/response/", {"form": "sexual"})
    assert ignored.status_code == 200  # not a filter of this dashboard: ignored like any other


def test_the_page_and_the_api_cost_a_fixed_number_of_queries(pathway, work, analyst):
    _refresh()
    client = sign_in(Client(), analyst)
    client.get("/statistics/response/")
    cache.clear()
    with CaptureQueriesContext(connection) as page:
        assert client.get("/statistics/response/").status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get("/statistics/response/").status_code == 200
    api = _api(analyst)
    cache.clear()
    with CaptureQueriesContext(connection) as call:
        assert api.get("/api/v1/statistics/response/").status_code == 200
    assert (len(page), len(call)) == (19, 15)
    assert len(warm) <= len(page) - 8
