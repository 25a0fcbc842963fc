"""The report's page, API and exports, and the coverage page and its export: what they show
(counts, never a name), what they record in the audit trail, their input checks and their
locked query count."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.prevention.models import Enrolment, Participant
from tests.factories import sign_in
from tests.prevention.reports_world import build

NAMES = ("Marta", "Zelaya", "Ramón", "Aguilar", "Óscar", "Mejía", "Irma", "Pineda", "Wendy")


@pytest.fixture
def w(db):
    return build()


def client_of(w, who: str) -> Client:
    return sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), w["users"][who])


def api_of(w, who: str) -> APIClient:
    user = w["users"][who]
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


def events(action: str):
    return AuditEvent.objects.filter(action=action)


class TestReportPage:
    def test_national_counts_without_a_name(self, w):
        response = client_of(w, "analyst").get(reverse("prevention:report"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Academia de Policía" in html and "TRATA-101" in html
        assert 'name="institution"' in html  # the national reader's filter
        assert not [n for n in NAMES if n in html]
        assert "/prevention/participants" not in html

    def test_the_trainer_has_no_institution_filter(self, w):
        html = client_of(w, "trainer").get(reverse("prevention:report")).content.decode()
        assert 'name="institution"' not in html
        assert "Academia de Policía" not in html
        assert "4 people trained" not in html and "3 people trained" in html

    def test_each_chart_reads_the_table_beside_it(self, w):
        html = client_of(w, "trainer").get(reverse("prevention:report")).content.decode()
        assert 'id="table-by_sex" data-chart-column="1"' in html
        assert 'data-chart-for="table-by_sex"' in html
        assert 'data-value="2"' in html  # two women trained: the figure the chart draws
        assert "vendor/chartjs/chart.umd.js" in html and "ruta/table-charts.js" in html
        assert "<script>" not in html  # no inline script (CSP)

    def test_malformed_filters_are_ignored_on_the_page(self, w):
        response = client_of(w, "trainer").get(
            reverse("prevention:report"), {"year": "abc", "sex": "x", "institution": "nope"}
        )
        assert response.status_code == 200
        assert "3 people trained" in response.content.decode()

    def test_the_export_links_carry_the_filters(self, w):
        html = (
            client_of(w, "trainer")
            .get(reverse("prevention:report"), {"sex": "male"})
            .content.decode()
        )
        assert f"/prevention/report/pdf/?year={w['year']}&amp;sex=male" in html

    def test_query_count_is_locked(self, w, django_assert_max_num_queries):
        client = client_of(w, "analyst")
        url = reverse("prevention:report")
        client.get(url)
        with CaptureQueriesContext(connection) as before:
            client.get(url)
        # More participants, sessions' enrolments and institutions: the same queries.
        for i in range(5):
            p = Participant.objects.create(
                institution=w["other"],
                given_names=f"P{i}",
                family_names="Más",
                sex="male",
                recorded_by=w["home"],
            )
            Enrolment.objects.create(session=w["session"], participant=p, gain=0.5)
        with django_assert_max_num_queries(LOCKED):
            client.get(url)
        with CaptureQueriesContext(connection) as after:
            client.get(url)
        assert len(after) == len(before), [q["sql"][:90] for q in after]


# The report page of a national reader: session, user, membership (3); the report: years 1,
# people by sex and institution (+ names) / department (+ names) / course 5, other years 1
# (none here: the year's count is the report's own), gain 1, trainers 1 + names 1,
# mandatory rules 1 + one per rule (1 here), inspections 1, reach 1; the filters' options:
# institutions, departments, courses (3); the page's frame: the user's memberships and the
# notifications' count (2). 21 here; 22 with sessions in other years.
LOCKED = 22


class TestReportApi:
    def test_counts(self, w):
        data = api_of(w, "trainer").get(reverse("api:prevention-report")).json()
        assert data["people"] == 3
        assert {r["key"]: r["n"] for r in data["by_sex"]} == {"female": 2, "male": 1}
        assert data["national"] is False

    @pytest.mark.parametrize(
        "params",
        [{"year": "abc"}, {"year": "1800"}, {"sex": "x"}, {"institution": "not-a-uuid"}],
    )
    def test_malformed_parameters_are_400(self, w, params):
        response = api_of(w, "analyst").get(reverse("api:prevention-report"), params)
        assert response.status_code == 400

    def test_an_unknown_department_is_an_empty_report(self, w):
        response = api_of(w, "analyst").get(
            reverse("api:prevention-report"), {"department": "XX-00"}
        )
        assert response.status_code == 200
        assert response.json()["people"] == 0

    def test_out_of_scope_is_404(self, w):
        assert api_of(w, "admin").get(reverse("api:prevention-report")).status_code == 404


class TestReportExports:
    def test_pdf_is_audited_with_codes_only(self, w):
        response = client_of(w, "analyst").get(reverse("prevention:report-pdf"), {"sex": "female"})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        event = events("prevention.report.exported").get()
        assert event.data == {"format": "pdf", "year": str(w["year"]), "sex": "female"}

    def test_xlsx_has_a_sheet_per_block(self, w):
        response = client_of(w, "analyst").get(reverse("prevention:report-xlsx"))
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        assert len(book.sheetnames) == 12  # with the inspections: national reader
        cells = [str(c) for s in book for row in s.iter_rows(values_only=True) for c in row if c]
        assert "Academia de Policía" in cells
        assert not [n for n in NAMES if any(n in c for c in cells)]
        assert events("prevention.report.exported").get().data["format"] == "xlsx"

    def test_the_trainer_sheet_has_no_inspections(self, w):
        response = client_of(w, "trainer").get(reverse("prevention:report-xlsx"))
        assert len(load_workbook(io.BytesIO(response.content)).sheetnames) == 11

    def test_denied_exports_record_nothing(self, w):
        assert client_of(w, "admin").get(reverse("prevention:report-pdf")).status_code == 404
        assert not events("prevention.report.exported").exists()


class TestCoverage:
    def test_page_names_staff_and_is_audited(self, w):
        response = client_of(w, "admin").get(reverse("prevention:coverage"))
        html = response.content.decode()
        assert "Carla Certificada" in html and "Luis Faltante" in html
        assert "Pedro Otro" not in html  # the other institution's staff
        event = events("prevention.coverage.viewed").get()
        assert event.data == {}
        assert event.target_id == str(w["home"].pk)

    def test_export_lists_who_is_missing_only(self, w):
        response = client_of(w, "admin").get(reverse("prevention:coverage-export"))
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:4] == ("Course", "Title", "Role", "Name")
        assert [r[3] for r in rows[1:]] == ["Luis Faltante"]
        event = events("prevention.coverage.exported").get()
        assert event.data == {"format": "xlsx"}
        assert "Luis" not in str(event.data)

    def test_a_formula_in_a_name_stays_text(self, w):
        w["users"]["luis"].first_name = "=HYPERLINK(1)"
        w["users"]["luis"].save(update_fields=["first_name"])
        response = client_of(w, "admin").get(reverse("prevention:coverage-export"))
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet["D2"].value.startswith("'=HYPERLINK")
        assert sheet["D2"].data_type == "s"

    @pytest.mark.parametrize("who", ["analyst", "lab"])
    def test_denied_is_404_and_records_nothing(self, w, who):
        client = client_of(w, who)
        assert client.get(reverse("prevention:coverage")).status_code == 404
        assert client.get(reverse("prevention:coverage-export")).status_code == 404
        assert not events("prevention.coverage.exported").exists()
        assert not events("prevention.coverage.viewed").exists()


class TestHomeCard:
    def test_the_partial_renders_the_summary(self, w):
        from django.template.loader import render_to_string
        from django.utils import translation

        from ruta.prevention.selectors_reports import training_summary

        with translation.override("en"):
            html = render_to_string(
                "prevention/report/_home_card.html",
                {"summary": training_summary(actor=w["trn"])},
            )
        assert "People trained" in html and "<dd>3</dd>" in html
        assert reverse("prevention:coverage") in html
        with translation.override("en"):
            admin = render_to_string(
                "prevention/report/_home_card.html",
                {"summary": training_summary(actor=w["adm"])},
            )
            empty = render_to_string("prevention/report/_home_card.html", {"summary": None})
        assert "People trained" not in admin and reverse("prevention:report") not in admin
        assert "<dd>1</dd>" in admin  # Luis still misses TRATA-101
        assert empty.strip() == ""


def test_blank_filters_are_refused_like_any_bad_value(db):
    """``?year=`` or ``?course=`` is not "no filter": the schema says a number and a UUID."""
    from ruta.core.choices import InstitutionType as T
    from tests.factories import make_institution, make_user
    from tests.prevention.people_setup import api_for

    trainer = make_user("trainer", make_institution("Academia", T.POLICE_ACADEMY))
    api = api_for(trainer)
    assert api.get("/api/v1/prevention/report/?year=").status_code == 400
    assert api.get("/api/v1/training-sessions/?course=").status_code == 400
    assert api.get("/api/v1/training-sessions/?year=").status_code == 400
    assert api.get("/api/v1/prevention/report/?course=").status_code == 200  # text: blank is fine
