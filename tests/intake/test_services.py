"""Receiving and triaging reports."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.utils import timezone

from ruta.audit.models import AuditEvent
from ruta.core.errors import ConflictError, DomainError
from ruta.core.models import Department, Municipality
from ruta.intake import selectors, services
from ruta.intake.choices import ReportStatus
from ruta.intake.models import Report
from ruta.notifications.models import Notification
from tests.factories import actor_of, make_user
from tests.validation import refused_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(home_institution):
    return actor_of(make_user("hotline_operator", home_institution))


@pytest.fixture
def coordinator(home_institution):
    return actor_of(make_user("eri_coordinator", home_institution))


def _report(actor, **kw):
    defaults = {"channel": "hotline", "narrative": "Una joven retenida en un bar de la colonia."}
    return services.report_create(actor=actor, **{**defaults, **kw})


def test_reference_numbers_carry_no_personal_data(operator):
    first, second = _report(operator), _report(operator)
    year = timezone.localdate().year
    assert first.reference == f"R-{year}-000001"
    assert second.reference == f"R-{year}-000002"


def test_narrative_is_encrypted_at_rest(operator):
    report = _report(operator, narrative="Texto secreto sobre Yolanda")
    with connection.cursor() as cursor:
        cursor.execute("SELECT narrative FROM intake_report")
        (stored,) = cursor.fetchone()
    assert "Yolanda" not in stored
    assert Report.objects.get(pk=report.pk).narrative == "Texto secreto sobre Yolanda"


def test_urgent_report_alerts_every_triager_in_app_and_by_mail(
    operator, coordinator, home_institution, django_capture_on_commit_callbacks
):
    supervisor = make_user("supervisor", home_institution)
    make_user("eri_coordinator", home_institution, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        report = _report(operator, child_involved=True)
    notified = set(
        Notification.objects.filter(kind="intake.report.urgent").values_list("user_id", flat=True)
    )
    assert notified == {coordinator.user_id, supervisor.pk}
    assert {m.to[0] for m in mail.outbox} == {coordinator.user.email, supervisor.email}
    # Nothing about the person in the alert: only the kind of urgency and a link.
    assert all("joven" not in m.body for m in mail.outbox)
    assert all(str(report.pk) in m.body for m in mail.outbox)


def test_ordinary_report_alerts_nobody(operator, coordinator):
    _report(operator)
    assert not Notification.objects.exists()


def test_urgent_reports_stay_on_top_until_taken(operator, coordinator):
    start = timezone.now() - timedelta(hours=3)
    urgent = _report(operator, imminent_danger=True, received_at=start)
    newer = _report(operator, received_at=start + timedelta(hours=1))
    queue = list(selectors.report_queue(actor=coordinator))
    assert queue[:2] == [urgent, newer]
    services.report_take(actor=coordinator, report=urgent, version=urgent.version)
    queue = list(selectors.report_queue(actor=coordinator))
    assert queue[:2] == [newer, urgent]


def test_overdue_after_the_institutions_first_contact_limit(operator, home_institution):
    report = _report(operator)
    assert not selectors.is_overdue(report)
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        report.refresh_from_db()
        assert selectors.is_overdue(report)
        assert selectors.report_queue_summary(actor=operator)["overdue"] == 1
    home_institution.first_contact_hours = 48
    home_institution.save(update_fields=["first_contact_hours"])
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        report = Report.objects.select_related("institution").get(pk=report.pk)
        assert not selectors.is_overdue(report)


def test_triage_close_needs_reason_and_referral_and_changes_nothing_without(operator, coordinator):
    report = _report(operator)
    with pytest.raises(ValidationError) as exc:
        services.report_close(
            actor=coordinator, report=report, version=1, reason="", referral_information=""
        )
    assert {"reason", "referral_information"} <= set(exc.value.message_dict)
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW
    services.report_close(
        actor=coordinator,
        report=report,
        version=1,
        reason="domestic_violence",
        referral_information="Remitida a la Fiscalía de la Mujer.",
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED
    assert AuditEvent.objects.filter(
        action="intake.report.closed", target_id=str(report.pk)
    ).exists()


def test_a_closed_report_cannot_be_triaged_again(operator, coordinator):
    report = _report(operator)
    services.report_accept(actor=coordinator, report=report, version=1)
    with pytest.raises(Http404):
        services.report_accept(actor=coordinator, report=report, version=2)


def test_stale_version_conflicts(operator, coordinator, home_institution):
    other = actor_of(make_user("eri_coordinator", home_institution))
    report = _report(operator)
    services.report_take(actor=coordinator, report=report, version=1)
    with pytest.raises(ConflictError):
        services.report_take(actor=other, report=report, version=1)
    report.refresh_from_db()
    assert report.taken_by_id == coordinator.user_id


def test_hotline_operator_cannot_triage(operator):
    report = _report(operator)
    with pytest.raises(Http404):
        services.report_take(actor=operator, report=report, version=1)


def test_bad_input_is_refused(operator):
    cortes = Department.objects.get(code="HN-CR")
    elsewhere = Municipality.objects.create(
        code="0801", department=Department.objects.get(code="HN-FM"), name="Distrito Central"
    )
    with refused_on("municipality"):
        _report(operator, department=cortes, municipality=elsewhere)
    with refused_on("received_at"):
        _report(operator, received_at=timezone.now() + timedelta(days=1))
    with refused_on("channel"):
        _report(operator, channel="carrier-pigeon")
    with refused_on("reporter_anonymous"):
        _report(operator, reporter_anonymous=True, reporter_name="Don Julio")
    with refused_on("people"):
        _report(
            operator, people=[services.PersonInput(role="possible_victim", approximate_age=300)]
        )
    assert not Report.objects.exists()


def test_public_report_is_untrusted_with_a_hashed_follow_up_code(home_institution, coordinator):
    home_institution.receives_public_reports = True
    home_institution.save(update_fields=["receives_public_reports"])
    report, code = services.report_create_public(narrative="Vi a unos niños pidiendo dinero.")
    assert report.untrusted and report.reporter_anonymous
    assert report.institution == home_institution
    assert code.replace("-", "") not in report.follow_up_code_hash
    found = list(selectors.report_queue(actor=coordinator, code=code.lower()))
    assert found == [report]


def test_public_reports_need_a_receiving_institution(db):
    with pytest.raises(DomainError):
        services.report_create_public(narrative="Algo pasa.")
