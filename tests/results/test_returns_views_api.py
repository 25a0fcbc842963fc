"""Periodic returns, pages and API: the fill form keeps the input on error and saves nothing,
the cycle through the pages, 404 outside scope, the API's bodies and errors, and the locked
query counts of the lists and the completeness grid (measured with rows present)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.results.choices import ReturnStatus
from ruta.results.models import DataReturn, DataValue
from ruta.results.services import returns as rs
from tests.factories import actor_of, sign_in
from tests.results.returns_setup import *  # noqa: F403  (the fixtures)
from tests.results.returns_setup import FULL, months_ago

pytestmark = pytest.mark.django_db


def _page(user) -> Client:
    return sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), user)


def _api(user) -> APIClient:
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


def _url(name, **kw):
    return reverse(name, kwargs=kw)


class TestPages:
    def test_fill_form_keeps_input_and_saves_nothing_on_error(self, clerk, draft):
        client = _page(clerk)
        url = _url("results:return-save", return_id=draft.pk)
        body = {"version": draft.version, "victimas/female": "7", "victimas/male": "-2"}
        response = client.post(url, body)
        assert response.status_code == 400
        html = response.content.decode()
        assert 'value="7"' in html and 'value="-2"' in html
        assert "Enter a number of 0 or more." in html
        assert not DataValue.objects.filter(data_return=draft).exists()

    def test_cycle_through_the_pages(self, clerk, secretary, data_set):
        client = _page(clerk)
        response = client.post(
            _url("results:return-open", data_set_id=data_set.pk), {"period": months_ago(2)}
        )
        r = DataReturn.objects.get(period=months_ago(2))
        assert response.status_code == 302 and response.url.endswith(f"{r.pk}/")
        detail = client.get(_url("results:return-detail", return_id=r.pk))
        assert detail.status_code == 200 and 'name="victimas/female"' in detail.content.decode()
        client.post(_url("results:return-save", return_id=r.pk), {"version": r.version, **FULL})
        r.refresh_from_db()
        assert r.filled_cells == 3
        response = client.post(
            _url("results:return-submit", return_id=r.pk), {"version": r.version}
        )
        assert response.status_code == 302
        reviewer = _page(secretary)
        r.refresh_from_db()
        response = reviewer.post(
            _url("results:return-send-back", return_id=r.pk), {"version": r.version, "comment": ""}
        )
        assert response.status_code == 400
        reviewer.post(
            _url("results:return-send-back", return_id=r.pk),
            {"version": r.version, "comment": "Revise las derivadas"},
        )
        r.refresh_from_db()
        assert r.status == ReturnStatus.RETURNED
        page = client.get(_url("results:return-detail", return_id=r.pk)).content.decode()
        assert "Revise las derivadas" in page
        client.post(_url("results:return-submit", return_id=r.pk), {"version": r.version})
        r.refresh_from_db()
        reviewer.post(_url("results:return-approve", return_id=r.pk), {"version": r.version})
        r.refresh_from_db()
        assert r.status == ReturnStatus.APPROVED
        page = client.get(_url("results:return-detail", return_id=r.pk)).content.decode()
        assert 'name="victimas/female"' not in page  # locked: no more inputs

    def test_submit_refusal_names_the_missing_cells(self, clerk, draft):
        response = _page(clerk).post(
            _url("results:return-submit", return_id=draft.pk), {"version": draft.version}
        )
        assert response.status_code == 400
        assert "victimas/female" in response.content.decode()

    def test_other_institutions_get_404(self, other_clerk, draft):
        client = _page(other_clerk)
        assert client.get(_url("results:return-detail", return_id=draft.pk)).status_code == 404
        response = client.post(
            _url("results:return-save", return_id=draft.pk), {"version": draft.version, **FULL}
        )
        assert response.status_code == 404
        assert not DataValue.objects.filter(data_return=draft).exists()

    def test_data_set_pages(self, manager, data_set, draft):
        client = _page(manager)
        page = client.get(_url("results:dataset-detail", data_set_id=data_set.pk))
        assert page.status_code == 200 and "Not started" in page.content.decode()
        response = client.post(
            _url("results:element-add", data_set_id=data_set.pk),
            {"code": "victimas", "name": "Dup", "disaggregation": "none"},
        )
        assert response.status_code == 400
        assert "Another element of this data set has this code." in response.content.decode()

    def test_our_returns_and_empty_state(self, clerk, secretary, data_set, draft):
        page = _page(clerk).get(reverse("results:return-list")).content.decode()
        assert "Estadística policial" in page
        page = _page(secretary).get(reverse("results:return-list")).content.decode()
        assert "Nothing to fill." in page


class TestApi:
    def test_save_and_submit(self, clerk, draft):
        api = _api(clerk)
        url = _url("api:results-return-save", return_id=draft.pk)
        response = api.post(
            url,
            {"version": draft.version, "values": {"victimas/female": 3, "victimas/male": 1}},
            format="json",
        )
        assert response.status_code == 200, response.content
        assert response.json()["filled_cells"] == 2
        version = response.json()["version"]
        response = api.post(
            _url("api:results-return-submit", return_id=draft.pk),
            {"version": version},
            format="json",
        )
        assert response.status_code in (400, 422)
        assert "derivadas" in response.content.decode()

    def test_bad_body_and_conflict(self, clerk, draft):
        api = _api(clerk)
        url = _url("api:results-return-save", return_id=draft.pk)
        assert api.post(url, {"values": "x"}, format="json").status_code == 400
        response = api.post(
            url, {"version": draft.version + 5, "values": {"derivadas": 1}}, format="json"
        )
        assert response.status_code == 409

    def test_out_of_scope_404(self, other_clerk, draft):
        api = _api(other_clerk)
        assert api.get(_url("api:results-return-detail", return_id=draft.pk)).status_code == 404

    def test_data_set_create(self, manager, police):
        api = _api(manager)
        response = api.post(
            reverse("api:results-dataset-list"),
            {
                "code": "albergue",
                "name": "Ocupación",
                "period_type": "quarterly",
                "first_period": "2025Q1",
                "reporting_institutions": [str(police.pk)],
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        assert response.json()["period_type"]["code"] == "quarterly"


def _fill_more(clerk, other_clerk, data_set):
    for user in (clerk, other_clerk):
        actor = actor_of(user)
        for n in (2, 3, 4):
            r = rs.return_open(actor=actor, data_set=data_set, period=months_ago(n))
            rs.return_save_values(actor=actor, data_return=r, version=r.version, values=FULL)


@pytest.mark.parametrize(
    ("who", "route"),
    [
        ("clerk", "results:return-list"),
        ("secretary", "results:dataset-detail"),
        ("secretary", "results:dataset-list"),
        ("secretary", "api:results-return-list"),
    ],
)
def test_query_counts_do_not_grow_with_rows(request, who, route, data_set, clerk, other_clerk):
    user = request.getfixturevalue(who)
    kwargs = {"data_set_id": data_set.pk} if route.endswith("dataset-detail") else {}
    url = reverse(route, kwargs=kwargs)
    client = _api(user) if route.startswith("api:") else _page(user)
    assert client.get(url).status_code == 200  # warm the session and the caches
    counts = []
    for step in range(2):
        if step == 1:
            _fill_more(clerk, other_clerk, data_set)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[1] == LOCKED[route], counts


LOCKED = {
    "results:return-list": 9,
    "results:dataset-detail": 11,
    "results:dataset-list": 7,
    "api:results-return-list": 3,
}
