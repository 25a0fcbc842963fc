"""The donor report's page, API and downloads: what they show, what they record in the audit
trail, their input checks (400) and their scope (404)."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from openpyxl import load_workbook

from ruta.audit.models import AuditEvent
from ruta.results.iati import schema
from ruta.results.models import ResultsFramework
from tests.factories import sign_in
from tests.results.reports_setup import api_of, build

PDFTOTEXT = shutil.which("pdftotext") or ""


@pytest.fixture
def w(db):
    return build()


@pytest.fixture
def year():
    return str(timezone.localdate().year)


def client_of(w, who="me_analyst") -> Client:
    return sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), w["users"][who])


def url(name, w, framework="results_framework"):
    return reverse(name, kwargs={"framework_id": w[framework].pk})


def exports():
    return AuditEvent.objects.filter(action="results.framework.exported")


class TestPage:
    def test_the_report_on_screen(self, w, year):
        response = client_of(w).get(url("results:donor-report", w), {"period": year})
        html = response.content.decode()
        assert response.status_code == 200
        assert 'data-indicator="1111.1"' in html and 'data-indicator="1110.1"' in html
        assert 'data-light="red"' in html and "Off track" in html
        assert "Avances." in html
        assert f'<option value="{year}Q1">' in html  # the period picker
        assert f"donor-report/pdf/?period={year}&amp;language=en" in html
        assert "iati.xml" in html
        assert not exports().exists()  # reading on screen is no export

    @pytest.mark.parametrize("period", ["202601", "2026Q9", "x", " "])
    def test_a_bad_period_is_400(self, w, period):
        response = client_of(w).get(url("results:donor-report", w), {"period": period})
        if period.strip():
            assert response.status_code == 400
            assert "Give a year (2026) or a quarter (2026Q3)." in response.content.decode()
        else:
            assert response.status_code == 200  # blank: this year

    def test_a_bad_language_is_400(self, w):
        response = client_of(w).get(url("results:donor-report-pdf", w), {"language": "de"})
        assert response.status_code == 400
        assert not exports().exists()

    def test_out_of_scope_is_404(self, w):
        assert (
            client_of(w).get(url("results:donor-report", w, "foreign_framework")).status_code == 404
        )
        for name in ("donor-report", "donor-report-pdf", "donor-report-xlsx", "framework-iati"):
            assert client_of(w, "case_worker").get(url(f"results:{name}", w)).status_code == 404
        assert not exports().exists()


class TestDownloads:
    @pytest.mark.skipif(not PDFTOTEXT, reason="needs poppler-utils")
    def test_the_pdf_has_the_indicators_and_is_audited(self, w, year):
        response = client_of(w).get(url("results:donor-report-pdf", w), {"period": year})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert (
            response["Content-Disposition"] == f'attachment; filename="proyecto-prueba-{year}.pdf"'
        )
        text = subprocess.run(
            [PDFTOTEXT, "-layout", "-", "-"],
            input=response.content,
            capture_output=True,
            check=True,
        ).stdout.decode()
        assert "1111.1" in text and "1110.1" in text
        assert "Off track" in text and "Page 1" in text
        assert f"Progress report {year}" in text
        event = exports().get()
        assert event.data == {"format": "pdf", "period": year}
        assert str(event.target_id) == str(w["results_framework"].pk)

    @pytest.mark.skipif(not PDFTOTEXT, reason="needs poppler-utils")
    def test_the_pdf_in_the_requested_language(self, w, year):
        response = client_of(w).get(
            url("results:donor-report-pdf", w), {"period": f"{year}Q1", "language": "es"}
        )
        text = subprocess.run(
            [PDFTOTEXT, "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        assert "Página 1" in text and "Page 1" not in text
        assert f"{year} T1" in text  # the quarter as Spanish readers write it

    def test_the_xlsx_cells(self, w, year):
        response = client_of(w).get(url("results:donor-report-xlsx", w), {"period": f"{year}Q1"})
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        indicators, narratives = book.worksheets
        rows = [
            r for r in indicators.iter_rows(values_only=True) if r and r[2] in ("1111.1", "1110.1")
        ]
        manual = next(r for r in rows if r[2] == "1111.1")
        assert manual[5] == 2 and manual[7] == 5 and manual[8] == 4 and manual[9] == "Off track"
        computed = next(r for r in rows if r[2] == "1110.1")
        assert computed[7] is None and computed[8] is None
        assert computed[9] == "No target or no value"
        # The narrative of this year is not that of the first quarter.
        assert list(narratives.iter_rows(values_only=True))[1:] == []
        response = client_of(w).get(url("results:donor-report-xlsx", w), {"period": year})
        _ind, narratives = load_workbook(io.BytesIO(response.content)).worksheets
        assert list(narratives.iter_rows(values_only=True))[1][2] == "Avances."
        assert [e.data["period"] for e in exports().order_by("seq")] == [f"{year}Q1", year]

    def test_the_iati_file_validates(self, w):
        response = client_of(w, "committee_secretary").get(url("results:framework-iati", w))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/xml"
        assert schema().validate(etree.fromstring(response.content))
        assert exports().get().data == {"format": "iati"}

    def test_a_framework_without_identifiers_is_422_on_the_page(self, w):
        ResultsFramework.objects.filter(pk=w["results_framework"].pk).update(iati_reporting_org="")
        response = client_of(w).get(url("results:framework-iati", w))
        assert response.status_code == 422
        assert not exports().exists()


class TestApi:
    def test_the_json_report(self, w, year):
        response = api_of(w["users"]["me_analyst"]).get(
            url("api:results-donor-report", w), {"period": year}
        )
        assert response.status_code == 200
        data = response.json()
        assert data["period"] == year and data["lights"]["red"] == 1
        outcome = next(r for r in data["results"] if r["code"] == "1110")
        assert outcome["progress"] == "Avances."
        (manual,) = next(r for r in data["results"] if r["code"] == "1111")["indicators"]
        assert manual["target"] == {"value": "5.00", "how": "sum", "periods": [f"{year}Q1"]}
        assert manual["actual"]["value"] == "4.00" and manual["light"] == "red"
        assert manual["baseline"] == "2.00"

    @pytest.mark.parametrize(
        "query",
        [
            {"period": ""},
            {"period": "2026Q0"},
            {"period": "1234567"},
            {"language": "xx"},
            {"other": "1"},
        ],
    )
    def test_bad_queries_are_400(self, w, query):
        for name in (
            "api:results-donor-report",
            "api:results-donor-report-pdf",
            "api:results-donor-report-xlsx",
        ):
            response = api_of(w["users"]["me_analyst"]).get(url(name, w), query)
            assert response.status_code == 400, (name, query)
        assert not exports().exists()

    def test_downloads(self, w, year):
        client = api_of(w["users"]["me_analyst"])
        pdf = client.get(url("api:results-donor-report-pdf", w), {"period": year})
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
        xlsx = client.get(url("api:results-donor-report-xlsx", w))
        assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
        xml = client.get(url("api:results-iati", w))
        assert xml.status_code == 200
        assert schema().validate(etree.fromstring(xml.content))
        assert sorted(e.data["format"] for e in exports()) == ["iati", "pdf", "xlsx"]

    def test_iati_without_identifiers_is_422(self, w):
        ResultsFramework.objects.filter(pk=w["results_framework"].pk).update(iati_identifier="")
        response = api_of(w["users"]["me_analyst"]).get(url("api:results-iati", w))
        assert response.status_code == 422
        assert "iati_identifier" in response.json()["errors"]

    def test_out_of_scope_is_404(self, w):
        client = api_of(w["users"]["me_analyst"])
        assert (
            client.get(url("api:results-donor-report", w, "foreign_framework")).status_code == 404
        )
        assert client.get(url("api:results-iati", w, "foreign_framework")).status_code == 404
