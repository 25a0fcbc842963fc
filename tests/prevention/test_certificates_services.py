"""Certificates: who is eligible (each threshold on both sides), issuing all or nothing,
train-the-trainer, revoking, codes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from ruta.audit.models import AuditEvent
from ruta.core.errors import DomainError
from ruta.prevention import policies, services
from ruta.prevention.models import Certificate, Enrolment, Participant
from ruta.prevention.selectors_certificates import (
    code_is_well_formed,
    eligibility_list,
    eligibility_of,
    normalise_code,
)
from ruta.prevention.services.certificates import new_certificate_code
from tests.factories import actor_of
from tests.prevention.certificates_world import certificates_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return certificates_world()


def _row(w, **changes):
    enrolment = Enrolment.objects.select_related("participant").get(pk=w["enrolment"].pk)
    session, course = w["session"], w["course"]
    for name, value in changes.items():
        target = course if name in {"min_attendance_pct", "pass_score_pct"} else enrolment
        setattr(target, name, value)
    return eligibility_of(enrolment, session=session, course=course)


# --- eligibility -------------------------------------------------------------------------------
def test_the_world_enrolment_is_eligible(w):
    row = _row(w)
    assert row.eligible, row.reasons
    assert row.attendance_pct == Decimal(100)
    assert row.score_pct == Decimal(100)


@pytest.mark.parametrize(("threshold", "eligible"), [(50, True), (51, False)])
def test_attendance_threshold_both_sides(w, threshold, eligible):
    # One day of two: 50 %.
    row = _row(w, days_present=1, min_attendance_pct=threshold)
    assert row.eligible is eligible
    if not eligible:
        assert any("Attended" in r or "Asistió" in r for r in row.reasons)


@pytest.mark.parametrize(("threshold", "eligible"), [(66, True), (67, False)])
def test_post_test_threshold_both_sides(w, threshold, eligible):
    # Two points of three: 66.7 %.
    row = _row(w, post_score=Decimal(2), pass_score_pct=threshold)
    assert row.eligible is eligible


def test_no_post_test_withdrawn_and_certified_are_not_eligible(w):
    assert not _row(w, post_score=None).eligible
    assert not _row(w, status="withdrawn").eligible
    rows = {r.enrolment.pk: r for r in eligibility_list(session=w["session"])}
    certified = rows[w["other_enrolment"].pk]
    assert certified.certificate == w["certificate"]
    assert not certified.eligible


# --- issuing -----------------------------------------------------------------------------------
def test_issue_to_every_eligible_copies_what_it_certifies(w):
    actor = actor_of(w["trainer"])
    (certificate,) = services.certificates_issue(actor=actor, session=w["session"])
    assert certificate.enrolment_id == w["enrolment"].pk
    assert certificate.holder_name == "Marta Lidia Zelaya Cruz"
    assert certificate.course_title == w["course"].title
    assert certificate.course_code == w["course"].code
    assert certificate.hours == Decimal(8)
    assert certificate.issuer_name == w["home"].name
    assert certificate.issued_on == timezone.localdate()
    assert certificate.issued_by == w["trainer"]
    assert code_is_well_formed(certificate.code)
    event = AuditEvent.objects.get(action="prevention.certificate.issued")
    assert event.data["code"] == certificate.code
    assert "Marta" not in str(event.data)


def test_issue_is_all_or_nothing(w):
    actor = actor_of(w["trainer"])
    ineligible = w["other_enrolment"]  # already certified
    with pytest.raises(ValidationError) as exc:
        services.certificates_issue(
            actor=actor, session=w["session"], enrolment_ids=[w["enrolment"].pk, ineligible.pk]
        )
    assert "enrolments" in exc.value.error_dict
    assert not Certificate.objects.filter(enrolment=w["enrolment"]).exists()
    assert not AuditEvent.objects.filter(action="prevention.certificate.issued").exists()


def test_issue_refuses_an_enrolment_of_another_session(w):
    actor = actor_of(w["trainer"])
    with pytest.raises(ValidationError):
        services.certificates_issue(
            actor=actor, session=w["session"], enrolment_ids=[w["academy_enrolment"].pk]
        )
    assert Certificate.objects.count() == 2


def test_issue_when_nobody_is_eligible_says_so(w):
    actor = actor_of(w["trainer"])
    Enrolment.objects.filter(pk=w["enrolment"].pk).update(days_present=0)
    with pytest.raises(ValidationError):
        services.certificates_issue(actor=actor, session=w["session"])


def test_no_certificate_before_the_session_ends(w):
    session = w["session"]
    session.ends_on = timezone.localdate() + timedelta(days=1)
    session.save(update_fields=["ends_on"])
    with pytest.raises(ValidationError):
        services.certificates_issue(actor=actor_of(w["trainer"]), session=session)
    assert not Certificate.objects.filter(enrolment=w["enrolment"]).exists()


@pytest.mark.parametrize("who", ["admin", "other_admin", "academy_trainer"])
def test_only_the_organiser_issues(w, who):
    with pytest.raises(Http404):
        services.certificates_issue(actor=actor_of(w[who]), session=w["session"])
    assert not Certificate.objects.filter(enrolment=w["enrolment"]).exists()


def test_a_trainers_course_makes_a_certified_trainer(w):
    course = w["course"]
    course.trains_trainers = True
    course.save(update_fields=["trains_trainers"])
    participant = w["participant"]
    version = Participant.objects.get(pk=participant.pk).version
    (certificate,) = services.certificates_issue(actor=actor_of(w["trainer"]), session=w["session"])
    participant.refresh_from_db()
    assert participant.certified_trainer_on == timezone.localdate()
    assert participant.version == version + 1
    assert AuditEvent.objects.filter(action="prevention.participant.trainer_certified").exists()
    # Revoking the only such certificate withdraws it.
    services.certificate_revoke(
        actor=actor_of(w["trainer"]), certificate=certificate, reason="Error de registro"
    )
    participant.refresh_from_db()
    assert participant.certified_trainer_on is None


def test_an_ordinary_course_makes_no_trainer(w):
    services.certificates_issue(actor=actor_of(w["trainer"]), session=w["session"])
    w["participant"].refresh_from_db()
    assert w["participant"].certified_trainer_on is None


# --- revoking ----------------------------------------------------------------------------------
def test_revoke_keeps_the_reason_out_of_the_audit_trail(w):
    certificate = w["certificate"]
    services.certificate_revoke(
        actor=actor_of(w["trainer"]), certificate=certificate, reason="Firma falsificada"
    )
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.revoked_reason == "Firma falsificada"
    assert certificate.revoked_by == w["trainer"]
    event = AuditEvent.objects.get(action="prevention.certificate.revoked")
    assert "Firma" not in str(event.data)
    assert event.data["code"] == certificate.code


def test_revoke_needs_a_reason(w):
    with pytest.raises(ValidationError) as exc:
        services.certificate_revoke(
            actor=actor_of(w["trainer"]), certificate=w["certificate"], reason="   "
        )
    assert "reason" in exc.value.error_dict
    w["certificate"].refresh_from_db()
    assert w["certificate"].revoked_at is None


def test_a_revoked_certificate_cannot_be_revoked_again(w):
    actor = actor_of(w["trainer"])
    services.certificate_revoke(actor=actor, certificate=w["certificate"], reason="Duplicado")
    first = Certificate.objects.get(pk=w["certificate"].pk).revoked_at
    with pytest.raises(DomainError):
        services.certificate_revoke(actor=actor, certificate=w["certificate"], reason="Otra vez")
    assert Certificate.objects.get(pk=w["certificate"].pk).revoked_at == first
    assert AuditEvent.objects.filter(action="prevention.certificate.revoked").count() == 1
    certificate = Certificate.objects.select_related("enrolment__session").get(
        pk=w["certificate"].pk
    )
    assert not policies.can_revoke_certificate(actor, certificate)


@pytest.mark.parametrize("who", ["admin", "other_admin", "academy_trainer"])
def test_only_the_organiser_revokes(w, who):
    with pytest.raises(Http404):
        services.certificate_revoke(
            actor=actor_of(w[who]), certificate=w["certificate"], reason="No"
        )
    w["certificate"].refresh_from_db()
    assert w["certificate"].revoked_at is None


def test_downloads_are_audited_and_refused_once_revoked(w):
    actor = actor_of(w["other_admin"])  # the holder's employer
    services.certificate_download(actor=actor, certificate=w["certificate"], kind="pdf")
    event = AuditEvent.objects.get(action="prevention.certificate.downloaded")
    assert event.data == {"code": w["certificate"].code, "format": "pdf"}
    services.certificate_revoke(
        actor=actor_of(w["trainer"]), certificate=w["certificate"], reason="Duplicado"
    )
    w["certificate"].refresh_from_db()
    with pytest.raises(DomainError):
        services.certificate_download(actor=actor, certificate=w["certificate"], kind="pdf")


# --- codes -------------------------------------------------------------------------------------
def test_codes_are_random_crockford_base32():
    codes = {new_certificate_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert code_is_well_formed(code)
        assert not set(code[5:].replace("-", "")) & set("ILOU")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ruta-7k2m-q9xd", "RUTA-7K2M-Q9XD"),
        (" 7K2M Q9XD ", "RUTA-7K2M-Q9XD"),
        ("RUTA-7K2M-Q9XD", "RUTA-7K2M-Q9XD"),
        ("ruta-ok2m-q9xl", "RUTA-0K2M-Q9X1"),
        ("rutatest0001", "RUTA-TEST-0001"),
    ],
)
def test_typed_codes_are_read_as_stored(typed, stored):
    assert normalise_code(typed) == stored
