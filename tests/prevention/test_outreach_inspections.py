"""Labour inspections: the 'own' scope, the forced-labour screening stored with its
evaluation, the report raised into the protection intake (once, linked both ways), what each
side's page shows of the other, and the list's locked query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts.models import Role
from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.core.choices import InstitutionType as T
from ruta.core.models import Department
from ruta.intake import services as intake
from ruta.intake.models import Report
from ruta.prevention import policies
from ruta.prevention.models import Inspection, InspectionMeasure
from ruta.prevention.services import inspections as services
from tests.factories import actor_of, make_institution, make_user, sign_in

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture
def inspectorate():
    return make_institution("Secretaría de Trabajo", T.RESPONSE_TEAM)


@pytest.fixture
def lab(inspectorate):
    return make_user("labour_inspector", inspectorate)


@pytest.fixture
def colleague(inspectorate):
    return make_user("labour_inspector", inspectorate)


@pytest.fixture
def coordinator(inspectorate):
    """Triages the institution's reports (the protection intake)."""
    return make_user("eri_coordinator", inspectorate)


@pytest.fixture
def department():
    return Department.objects.order_by("code").first()


def _record(user, department, **kw):
    values = {
        "establishment": "Finca El Naranjo",
        "sector": "A",
        "department": department,
        "inspected_on": YESTERDAY,
        "workers_female": 3,
        "workers_male": 5,
        "workers_0_17": 2,
        "answers": {"deception": "yes", "documents": "yes", "wages": "no"},
        "findings": "Documentos retenidos por el capataz Juan Pérez",
        **kw,
    }
    return services.inspection_create(actor=actor_of(user), **values)


def _browser(user) -> Client:
    return sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), user)


def _api(user) -> APIClient:
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


class TestOwnScope:
    def test_an_inspector_sees_what_they_recorded_or_took_part_in(self, lab, colleague, department):
        own = _record(lab, department)
        theirs = _record(colleague, department, establishment="Maquila Sol")
        joint = _record(
            colleague, department, establishment="Aserradero", inspectors=[colleague, lab]
        )
        seen = set(policies.scope_inspections(actor_of(lab)))
        assert seen == {own, joint}
        assert theirs not in seen
        browser = _browser(lab)
        page = browser.get(reverse("prevention:inspection-list")).content.decode()
        assert own.reference in page and joint.reference in page
        assert theirs.reference not in page
        url = reverse("prevention:inspection-detail", kwargs={"inspection_id": theirs.pk})
        assert browser.get(url).status_code == 404

    def test_the_recorder_is_the_inspector_by_default(self, lab, department):
        inspection = _record(lab, department)
        assert list(inspection.inspectors.all()) == [lab]
        assert inspection.recorded_by == lab

    def test_only_the_inspectorates_inspectors_can_be_named(self, lab, department):
        outsider = make_user("labour_inspector", make_institution("Otra", T.RESPONSE_TEAM))
        with pytest.raises(ValidationError) as exc:
            _record(lab, department, inspectors=[outsider])
        assert "inspectors" in exc.value.message_dict
        assert not Inspection.objects.exists()


class TestValidation:
    def test_a_date_in_the_future_is_refused(self, lab, department):
        with pytest.raises(ValidationError) as exc:
            _record(lab, department, inspected_on=TODAY + timedelta(days=1))
        assert "inspected_on" in exc.value.message_dict
        assert not Inspection.objects.exists()

    def test_age_bands_add_up_to_the_workers_interviewed(self, lab, department):
        with pytest.raises(ValidationError) as exc:
            _record(lab, department, workers_18_29=3, workers_30_59=1)
        assert "workers_18_29" in exc.value.message_dict
        inspection = _record(lab, department, workers_18_29=5, workers_30_59=1)
        assert inspection.workers_0_17 == 2

    def test_an_unknown_answer_is_refused(self, lab, department):
        with pytest.raises(ValidationError) as exc:
            _record(lab, department, answers={"not_a_question": "yes"})
        assert "answers" in exc.value.message_dict


class TestScreening:
    def test_the_evaluation_is_stored(self, lab, department):
        inspection = _record(lab, department)
        inspection.refresh_from_db()
        assert inspection.instrument.code == services.FORCED_LABOUR
        assert inspection.answers == {"deception": "yes", "documents": "yes", "wages": "no"}
        assert inspection.indicators_present == 2
        assert inspection.suggestion == "presumed"  # the ILO rule: two indicators

    def test_new_answers_are_evaluated_again(self, lab, department):
        inspection = _record(lab, department)
        inspection = services.inspection_update(
            actor=actor_of(lab),
            inspection=inspection,
            version=inspection.version,
            answers={"deception": "yes", "documents": "no"},
        )
        inspection.refresh_from_db()
        assert (inspection.indicators_present, inspection.suggestion) == (1, "refer")
        assert inspection.version == 2
        event = AuditEvent.objects.get(action="prevention.inspection.updated")
        assert "answers" in event.changed_fields


class TestRaiseReport:
    def test_one_report_linked_both_ways(self, lab, department):
        inspection = _record(lab, department)
        report = services.inspection_raise_report(actor=actor_of(lab), inspection=inspection)
        inspection.refresh_from_db()
        assert inspection.report == report
        assert report.inspection == inspection
        assert Report.objects.count() == 1
        assert report.channel == "labour_inspection"
        assert report.child_involved is True
        assert report.department == department
        assert inspection.reference in report.narrative
        assert "Finca El Naranjo" in report.narrative
        # Codes and counts: the findings (which may name people) stay with the inspection.
        assert "Juan Pérez" not in report.narrative
        assert AuditEvent.objects.filter(action="prevention.inspection.report_raised").exists()

    def test_refused_a_second_time(self, lab, department):
        inspection = _record(lab, department)
        services.inspection_raise_report(actor=actor_of(lab), inspection=inspection)
        with pytest.raises(services.ReportAlreadyRaised):
            services.inspection_raise_report(actor=actor_of(lab), inspection=inspection)
        assert Report.objects.count() == 1
        response = _browser(lab).post(
            reverse("prevention:inspection-raise-report", kwargs={"inspection_id": inspection.pk})
        )
        assert response.status_code == 409
        assert "already raised" in response.content.decode()
        assert Report.objects.count() == 1

    def test_refused_without_an_indicator(self, lab, department):
        inspection = _record(lab, department, answers={"deception": "no"}, workers_0_17=0)
        assert not policies.can_raise_report(actor_of(lab), inspection)
        with pytest.raises(services.NoIndicatorFound):
            services.inspection_raise_report(actor=actor_of(lab), inspection=inspection)
        assert not Report.objects.exists()

    def test_an_inspector_who_does_not_receive_reports_cannot(self, inspectorate, department):
        role = Role.objects.create(
            code="inspector_only", capabilities=["inspections.record"], scope="own"
        )
        user = make_user(role.code, inspectorate)
        inspection = _record(user, department)
        assert policies.can_edit_inspection(actor_of(user), inspection)
        assert not policies.can_raise_report(actor_of(user), inspection)
        response = _browser(user).post(
            reverse("prevention:inspection-raise-report", kwargs={"inspection_id": inspection.pk})
        )
        assert response.status_code == 404
        assert not Report.objects.exists()

    def test_through_the_api(self, lab, department):
        inspection = _record(lab, department)
        url = reverse("api:inspection-raise-report", kwargs={"inspection_id": inspection.pk})
        response = _api(lab).post(url, format="json")
        assert response.status_code == 201
        assert response.json()["report"]["status"]["code"] == "new"
        assert _api(lab).post(url, format="json").status_code == 409
        assert Report.objects.count() == 1


class TestPages:
    def test_the_report_page_names_the_inspection(self, lab, coordinator, department):
        inspection = _record(lab, department)
        report = services.inspection_raise_report(actor=actor_of(lab), inspection=inspection)
        page = _browser(coordinator).get(
            reverse("intake:report-detail", kwargs={"report_id": report.pk})
        )
        assert page.status_code == 200
        content = page.content.decode()
        assert f"Raised by labour inspection {inspection.reference} (Finca El Naranjo" in content
        # The intake's readers do not read inspections: no link to it.
        assert (
            reverse("prevention:inspection-detail", kwargs={"inspection_id": inspection.pk})
            not in content
        )

    def test_another_report_page_names_no_inspection(self, coordinator):
        report = intake.report_create(
            actor=actor_of(coordinator), channel="hotline", narrative="Relato"
        )
        page = _browser(coordinator).get(
            reverse("intake:report-detail", kwargs={"report_id": report.pk})
        )
        assert "Raised by labour inspection" not in page.content.decode()

    def test_the_inspection_page_shows_the_triage_outcome_not_the_case(
        self, lab, coordinator, department
    ):
        inspection = _record(lab, department)
        report = services.inspection_raise_report(actor=actor_of(lab), inspection=inspection)
        intake.report_accept(actor=actor_of(coordinator), report=report, version=report.version)
        page = _browser(lab).get(
            reverse("prevention:inspection-detail", kwargs={"inspection_id": inspection.pk})
        )
        content = page.content.decode()
        assert "Accepted into the ERI queue" in content
        assert report.reference in content
        assert "/cases/" not in content
        assert reverse("intake:report-detail", kwargs={"report_id": report.pk}) not in content
        assert AuditEvent.objects.filter(
            action="prevention.inspection.viewed", target_id=str(inspection.pk)
        ).exists()

    def test_a_measure_is_added_and_removed(self, lab, department):
        inspection = _record(lab, department)
        browser = _browser(lab)
        url = reverse("prevention:inspection-measure-add", kwargs={"inspection_id": inspection.pk})
        refused = browser.post(url, {"kind": "fine"})
        assert refused.status_code == 400
        assert "A fine needs its amount" in refused.content.decode()
        assert not InspectionMeasure.objects.exists()
        assert browser.post(url, {"kind": "fine", "amount": "2500.50"}).status_code == 302
        measure = InspectionMeasure.objects.get()
        assert str(measure.amount) == "2500.50"
        browser.post(
            reverse("prevention:inspection-measure-remove", kwargs={"measure_id": measure.pk})
        )
        assert not InspectionMeasure.objects.exists()


# Locked: raise one only with a reason in the commit message.
LOCKED = {"page": 6, "api": 2}


@pytest.mark.parametrize("kind", ["page", "api"])
def test_the_list_runs_a_fixed_number_of_queries(kind, lab, department):
    if kind == "page":
        client, url = _browser(lab), reverse("prevention:inspection-list")
    else:
        client, url = _api(lab), reverse("api:inspection-list")
    client.get(url)  # warm up (session, token use)
    counts = []
    for n in (2, 6):
        for i in range(n):
            inspection = _record(lab, department, establishment=f"Finca {i}")
            services.measure_add(actor=actor_of(lab), inspection=inspection, kind="order")
            if i % 2:
                services.inspection_raise_report(actor=actor_of(lab), inspection=inspection)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[1] == LOCKED[kind], counts


class TestApi:
    def test_create_with_answers_and_inspectors(self, lab, colleague, department):
        response = _api(lab).post(
            reverse("api:inspection-list"),
            {
                "establishment": "Maquila Sol",
                "sector": "C",
                "department": department.pk,
                "inspected_on": YESTERDAY.isoformat(),
                "workers_female": 4,
                "workers_male": 0,
                "inspectors": [str(lab.pk), str(colleague.pk)],
                "answers": {"threats": "yes"},
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["indicators_present"] == 1
        assert body["suggestion"] == "refer"
        assert sorted(body["inspectors"]) == sorted([str(lab.pk), str(colleague.pk)])
        assert body["report"] is None
        assert body["reference"].startswith("INS-")

    def test_a_colleague_outside_own_scope_gets_404(self, lab, colleague, department):
        inspection = _record(colleague, department)
        client = _api(lab)
        kwargs = {"inspection_id": inspection.pk}
        assert client.get(reverse("api:inspection-detail", kwargs=kwargs)).status_code == 404
        response = client.post(
            reverse("api:inspection-update", kwargs=kwargs),
            {"version": inspection.version, "establishment": "Otra"},
            format="json",
        )
        assert response.status_code == 404
        assert Inspection.objects.get(pk=inspection.pk).establishment == "Finca El Naranjo"

    def test_a_stale_version_is_a_conflict(self, lab, department):
        inspection = _record(lab, department)
        url = reverse("api:inspection-update", kwargs={"inspection_id": inspection.pk})
        client = _api(lab)
        assert client.post(url, {"version": 1, "place": "Km 5"}, format="json").status_code == 200
        assert client.post(url, {"version": 1, "place": "Km 6"}, format="json").status_code == 409
        assert Inspection.objects.get(pk=inspection.pk).place == "Km 5"


class TestForms:
    def test_the_page_records_the_screening(self, lab, department):
        response = _browser(lab).post(
            reverse("prevention:inspection-new"),
            {
                "establishment": "Finca La Esperanza",
                "sector": "A",
                "department": department.pk,
                "inspected_on": YESTERDAY.isoformat(),
                "workers_female": "2",
                "workers_male": "2",
                "workers_0_17": "1",
                "answer_movement": "yes",
                "answer_isolation": "no",
            },
        )
        assert response.status_code == 302
        inspection = Inspection.objects.get()
        assert inspection.answers == {"movement": "yes", "isolation": "no"}
        assert (inspection.indicators_present, inspection.suggestion) == (1, "refer")
        assert list(inspection.inspectors.all()) == [lab]
        edit = _browser(lab).get(
            reverse("prevention:inspection-edit", kwargs={"inspection_id": inspection.pk})
        )
        assert 'value="yes" selected' in edit.content.decode()

    def test_the_page_refuses_age_bands_that_do_not_add_up(self, lab, department):
        response = _browser(lab).post(
            reverse("prevention:inspection-new"),
            {
                "establishment": "Finca",
                "sector": "A",
                "department": department.pk,
                "inspected_on": YESTERDAY.isoformat(),
                "workers_female": "2",
                "workers_male": "2",
                "workers_30_59": "3",
            },
        )
        assert response.status_code == 400
        assert "The age bands add up to 3" in response.content.decode()
        assert not Inspection.objects.exists()
