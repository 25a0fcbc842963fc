"""Results framework pages and API: the tree, the indicator page, the dashboard's values and
its locked query count, bad input and scope."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ruta.results.models import Indicator, Measurement, Target
from ruta.results.services import indicators as ind
from tests.factories import actor_of
from tests.results.frameworks_fixtures import *  # noqa: F403
from tests.results.frameworks_fixtures import YEAR, api, browser

pytestmark = pytest.mark.django_db


def _populate(framework, node, n_indicators: int, year: int) -> None:
    """``n_indicators`` monthly indicators with a target and a value for every month."""
    for i in range(n_indicators):
        indicator = Indicator.objects.create(
            framework=framework,
            result=node,
            code=f"{node.code}-{i}",
            name=f"Mensual {i}",
            unit="number",
            direction="increase",
            frequency="monthly",
            baseline_value=Decimal(1),
        )
        Target.objects.bulk_create(
            Target(indicator=indicator, period=f"{year}{m:02d}", value=Decimal(10))
            for m in range(1, 13)
        )
        Measurement.objects.bulk_create(
            Measurement(
                indicator=indicator,
                period=f"{year}{m:02d}",
                value=Decimal(m),
                source="manual",
                evidence="e",
            )
            for m in range(1, 13)
        )


class TestDashboard:
    def test_values_and_lights(self, analyst, framework, indicator):
        actor = actor_of(analyst)
        ind.target_set(actor=actor, indicator=indicator, period=f"{YEAR}Q1", value="5")
        ind.target_set(actor=actor, indicator=indicator, period=f"{YEAR}Q4", value="10")
        ind.measurement_record(
            actor=actor, indicator=indicator, period=f"{YEAR}Q1", value="4.5", evidence="e"
        )
        ind.measurement_record(
            actor=actor,
            indicator=indicator,
            period=f"{YEAR}Q1",
            value="9",
            cell="sex:female",
            evidence="e",
        )
        response = api(analyst).get(
            reverse("api:results-dashboard", kwargs={"framework_id": framework.pk}),
            {"year": YEAR},
        )
        assert response.status_code == 200, response.content
        row = response.json()["cards"][0]["indicators"][0]
        assert row["baseline"] == "2.00"
        assert (row["period"], row["value"], row["target"], row["light"]) == (
            f"{YEAR}Q1",
            "4.50",
            "5.00",
            "amber",
        )
        assert [p["period"] for p in row["series"]] == [f"{YEAR}Q{q}" for q in range(1, 5)]
        assert row["series"][3]["target"] == "10.00" and row["series"][3]["value"] is None
        page = browser(analyst).get(
            reverse("results:framework-dashboard", kwargs={"framework_id": framework.pk})
        )
        assert page.status_code == 200
        assert b"chart.umd.js" in page.content and b"Needs attention" in page.content

    @pytest.mark.parametrize("kind", ["page", "api"])
    def test_constant_query_count(self, kind, analyst, framework, chain):
        if kind == "page":
            client = browser(analyst)
            url = reverse("results:framework-dashboard", kwargs={"framework_id": framework.pk})
        else:
            client = api(analyst)
            url = reverse("api:results-dashboard", kwargs={"framework_id": framework.pk})
        client.get(url)  # warm up
        counts = []
        for n in (2, 8):  # 2, then 10 indicators x 12 monthly periods
            _populate(framework, chain["output"] if n == 2 else chain["immediate"], n, YEAR)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url, {"year": YEAR})
            assert response.status_code == 200
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1], counts
        assert counts[1] == LOCKED[kind], counts

    def test_bad_year(self, analyst, framework):
        url = reverse("api:results-dashboard", kwargs={"framework_id": framework.pk})
        client = api(analyst)
        assert client.get(url, {"year": ""}).status_code == 400
        assert client.get(url, {"year": "abc"}).status_code == 400
        assert client.get(url, {"year": "1990"}).status_code == 404  # not a year of it
        page = reverse("results:framework-dashboard", kwargs={"framework_id": framework.pk})
        assert browser(analyst).get(page, {"year": "abc"}).status_code == 404


LOCKED = {"page": 10, "api": 6}
TREE_LOCKED = {"page": 10, "api": 6}


@pytest.mark.parametrize("kind", ["page", "api"])
def test_the_tree_runs_a_fixed_number_of_queries(kind, analyst, framework, chain):
    if kind == "page":
        client = browser(analyst)
        url = reverse("results:framework-detail", kwargs={"framework_id": framework.pk})
    else:
        client = api(analyst)
        url = reverse("api:results-framework-detail", kwargs={"framework_id": framework.pk})
    client.get(url)  # warm up
    counts = []
    for n, node in ((2, "output"), (8, "immediate")):
        _populate(framework, chain[node], n, YEAR)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[1] == TREE_LOCKED[kind], counts


class TestPages:
    def test_tree_and_indicator_page(self, analyst, member_analyst, framework, indicator):
        ind.measurement_record(
            actor=actor_of(member_analyst),
            indicator=indicator,
            period=f"{YEAR}Q1",
            value="4",
            evidence="Listas de asistencia",
        )
        client = browser(analyst)
        tree = client.get(
            reverse("results:framework-detail", kwargs={"framework_id": framework.pk})
        )
        assert tree.status_code == 200 and b"Cursos" in tree.content
        page = client.get(
            reverse("results:indicator-detail", kwargs={"indicator_id": indicator.pk})
        )
        assert page.status_code == 200
        assert b"Listas de asistencia" in page.content

    def test_measurement_form_keeps_input_on_error(self, analyst, indicator):
        url = reverse("results:measurement-record", kwargs={"indicator_id": indicator.pk})
        response = browser(analyst).post(url, {"period": "2026-1", "value": "3", "evidence": "x"})
        assert response.status_code == 400
        assert b"2026-1" in response.content
        assert not Measurement.objects.exists()

    def test_forms_render(self, analyst, framework, chain, indicator):
        client = browser(analyst)
        for name, kwargs in (
            ("results:framework-list", {}),
            ("results:framework-new", {}),
            ("results:framework-edit", {"framework_id": framework.pk}),
            ("results:node-add", {"framework_id": framework.pk}),
            ("results:node-edit", {"node_id": chain["output"].pk}),
            ("results:indicator-new", {"framework_id": framework.pk}),
            ("results:indicator-edit", {"indicator_id": indicator.pk}),
            ("results:narrative-edit", {"framework_id": framework.pk}),
        ):
            assert client.get(reverse(name, kwargs=kwargs)).status_code == 200, name

    def test_out_of_scope_is_404(self, stranger, framework, indicator):
        client = browser(stranger)
        assert (
            client.get(
                reverse("results:framework-detail", kwargs={"framework_id": framework.pk})
            ).status_code
            == 404
        )
        assert (
            api(stranger)
            .get(reverse("api:results-indicator-detail", kwargs={"indicator_id": indicator.pk}))
            .status_code
            == 404
        )


class TestApi:
    def test_create_framework_node_indicator_and_record(self, analyst, committee):
        client = api(analyst)
        response = client.post(
            reverse("api:results-framework-create"),
            {
                "kind": "national_plan",
                "code": "plan",
                "title": "Plan",
                "committee": str(committee.pk),
                "starts_on": f"{YEAR}-01-01",
                "ends_on": f"{YEAR + 2}-12-31",
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        fid = response.json()["id"]
        response = client.post(
            reverse("api:results-node-create", kwargs={"framework_id": fid}),
            {"level": "axis", "code": "E1", "title": "Eje"},
            format="json",
        )
        assert response.status_code == 201, response.content
        node = response.json()["id"]
        bad = client.post(
            reverse("api:results-node-create", kwargs={"framework_id": fid}),
            {"level": "action", "code": "X", "title": "X", "parent": node},
            format="json",
        )
        assert bad.status_code == 422 and "parent" in bad.json()["errors"]
        response = client.post(
            reverse("api:results-indicator-create", kwargs={"framework_id": fid}),
            {
                "result": node,
                "code": "I1",
                "name": "Ind",
                "unit": "number",
                "direction": "decrease",
                "frequency": "yearly",
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        iid = response.json()["id"]
        response = client.post(
            reverse("api:results-measurement-record", kwargs={"indicator_id": iid}),
            {"period": str(YEAR), "value": "3", "evidence": "Informe"},
            format="json",
        )
        assert response.status_code == 201, response.content
        missing = client.post(
            reverse("api:results-measurement-record", kwargs={"indicator_id": iid}),
            {"period": str(YEAR), "value": "3"},
            format="json",
        )
        assert missing.status_code == 400
