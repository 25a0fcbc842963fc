"""Services of the people slice: participants, enrolment, attendance and tests. Refusals
save nothing; stale versions conflict; every write is audited without personal data."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from ruta.audit.models import AuditEvent
from ruta.core.errors import ConflictError
from ruta.prevention.models import Attendance, Enrolment, Instrument, Participant, Result
from ruta.prevention.services import enrolments as svc
from ruta.prevention.services import participants as psvc
from tests.factories import make_user
from tests.prevention import people_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return people_setup.build()


def details(w, **changes):
    return {
        "institution": w["home"],
        "given_names": "Ana",
        "family_names": "López",
        "sex": "female",
        "email": "Ana@Example.org",
        **changes,
    }


class TestParticipants:
    def test_create_records_the_actors_institution_and_audits_no_names(self, w):
        p = psvc.participant_create(actor=w["p_trn"], **details(w))
        assert p.recorded_by_id == w["academy"].pk
        assert p.email == "ana@example.org"
        event = AuditEvent.objects.get(action="prevention.participant.created")
        assert "López" not in str(event.data) and "ana@" not in str(event.data)

    def test_email_is_unique_case_insensitive(self, w):
        with pytest.raises(ValidationError) as exc:
            psvc.participant_create(actor=w["trainer"], **details(w, email="MARTA@example.org"))
        assert "email" in exc.value.error_dict
        assert not Participant.objects.filter(family_names="López").exists()

    def test_only_a_training_institution_records(self, w):
        with pytest.raises(Http404):
            psvc.participant_create(actor=w["admin"], **details(w))

    def test_a_user_of_the_institution_with_the_email_is_linked(self, w):
        user = make_user("case_worker", w["home"])
        user.email = "Colega@example.org"
        user.save(update_fields=["email"])
        p = psvc.participant_create(actor=w["trainer"], **details(w, email="colega@example.org"))
        assert p.user == user
        # a user of another institution is not linked, nor chosen
        stranger = make_user("case_worker", w["academy"])
        with pytest.raises(ValidationError) as exc:
            psvc.participant_create(
                actor=w["trainer"], user=stranger, **details(w, email="otra@example.org")
            )
        assert "user" in exc.value.error_dict

    def test_update_checks_the_version_and_the_recorder(self, w):
        p = w["participant"]
        updated = psvc.participant_update(
            actor=w["trainer"], participant=p, version=p.version, rank_or_role="Sargento"
        )
        assert updated.rank_or_role == "Sargento" and updated.version == p.version + 1
        with pytest.raises(ConflictError):
            psvc.participant_update(
                actor=w["trainer"], participant=p, version=p.version, rank_or_role="Cabo"
            )
        with pytest.raises(Http404):  # the academy did not record them
            psvc.participant_update(
                actor=w["p_trn"], participant=p, version=updated.version, rank_or_role="Cabo"
            )
        event = AuditEvent.objects.get(action="prevention.participant.updated")
        assert event.changed_fields == ["rank_or_role"]


class TestEnrol:
    def test_enrol_and_withdraw(self, w):
        e = svc.enrolment_create(
            actor=w["trainer"], session=w["session"], participant=w["spare_participant"]
        )
        assert e.status == "enrolled"
        e = svc.enrolment_withdraw(actor=w["trainer"], enrolment=e, version=e.version)
        assert e.status == "withdrawn"
        # enrolled again: the same row
        again = svc.enrolment_create(
            actor=w["trainer"], session=w["session"], participant=w["spare_participant"]
        )
        assert again.pk == e.pk and again.status == "enrolled"

    def test_a_full_session_refuses_and_saves_nothing(self, w):
        session = w["session"]
        session.capacity = 2  # two enrolled already
        session.save(update_fields=["capacity"])
        with pytest.raises(ValidationError) as exc:
            svc.enrolment_create(
                actor=w["trainer"], session=session, participant=w["spare_participant"]
            )
        assert "session" in exc.value.error_dict
        assert Enrolment.objects.filter(session=session).count() == 2
        assert not AuditEvent.objects.filter(action="prevention.enrolment.created").exists()

    def test_twice_is_refused(self, w):
        with pytest.raises(ValidationError) as exc:
            svc.enrolment_create(
                actor=w["trainer"], session=w["session"], participant=w["participant"]
            )
        assert "participant" in exc.value.error_dict

    def test_a_cancelled_session_is_refused(self, w):
        session = w["session"]
        session.status = "cancelled"
        session.save(update_fields=["status"])
        with pytest.raises(ValidationError):
            svc.enrolment_create(
                actor=w["trainer"], session=session, participant=w["spare_participant"]
            )
        assert not Enrolment.objects.filter(participant=w["spare_participant"]).exists()

    def test_a_participant_out_of_scope_and_a_session_not_managed(self, w):
        with pytest.raises(ValidationError) as exc:
            svc.enrolment_create(
                actor=w["trainer"], session=w["session"], participant=w["academy_participant"]
            )
        assert "participant" in exc.value.error_dict
        with pytest.raises(Http404):
            svc.enrolment_create(
                actor=w["p_trn"], session=w["session"], participant=w["academy_participant"]
            )

    def test_withdraw_with_a_stale_version_conflicts(self, w):
        e = w["enrolment"]
        with pytest.raises(ConflictError):
            svc.enrolment_withdraw(actor=w["trainer"], enrolment=e, version=e.version - 1)
        assert Enrolment.objects.get(pk=e.pk).status == "enrolled"


class TestAttendance:
    def test_a_whole_day_in_one_call(self, w):
        session, e, other = w["session"], w["enrolment"], w["other_enrolment"]
        came = svc.attendance_record(
            actor=w["trainer"], session=session, day=session.starts_on, present={other.pk: True}
        )
        assert came == 1
        e.refresh_from_db()
        other.refresh_from_db()
        assert (e.days_present, other.days_present) == (1, 2)  # e not named: absent
        assert not Attendance.objects.get(enrolment=e, day=session.starts_on).present
        event = AuditEvent.objects.get(action="prevention.attendance.recorded")
        assert event.data == {"day": session.starts_on.isoformat(), "present": 1, "absent": 1}

    def test_a_day_outside_the_session_is_refused(self, w):
        session, e = w["session"], w["enrolment"]
        for day in (session.starts_on - timedelta(days=1), session.ends_on + timedelta(days=1)):
            with pytest.raises(ValidationError) as exc:
                svc.attendance_record(
                    actor=w["trainer"], session=session, day=day, present={e.pk: False}
                )
            assert "day" in exc.value.error_dict
        assert Attendance.objects.filter(enrolment__session=session).count() == 4
        assert Enrolment.objects.get(pk=e.pk).days_present == 2

    def test_another_sessions_enrolment_is_refused(self, w):
        session = w["session"]
        with pytest.raises(ValidationError) as exc:
            svc.attendance_record(
                actor=w["trainer"],
                session=session,
                day=session.starts_on,
                present={w["academy_enrolment"].pk: True},
            )
        assert "present" in exc.value.error_dict

    def test_a_future_day_is_refused(self, w):
        session = w["session"]
        session.ends_on = timezone.localdate() + timedelta(days=3)
        session.save(update_fields=["ends_on"])
        with pytest.raises(ValidationError):
            svc.attendance_record(
                actor=w["trainer"],
                session=session,
                day=timezone.localdate() + timedelta(days=1),
                present={},
            )


class TestResults:
    def enrol_fresh(self, w) -> Enrolment:
        return svc.enrolment_create(
            actor=w["trainer"], session=w["session"], participant=w["spare_participant"]
        )

    def test_pre_one_of_three_post_three_of_three_gains_one(self, w):
        e = self.enrol_fresh(w)
        svc.result_record(
            actor=w["trainer"],
            enrolment=e,
            kind="pre",
            answers={1: "a", 2: "b", 3: ""},
            version=e.version,
        )
        e.refresh_from_db()
        assert (e.pre_score, e.max_score, e.gain) == (Decimal(1), Decimal(3), None)
        result = svc.result_record(
            actor=w["trainer"],
            enrolment=e,
            kind="post",
            answers={1: "a", 2: "a", 3: "a"},
            version=e.version,
        )
        e.refresh_from_db()
        assert (e.post_score, e.gain) == (Decimal(3), 1.0)
        assert result.answers.count() == 3
        assert sorted(a.points for a in result.answers.all()) == [1, 1, 1]

    def test_a_perfect_pre_test_has_no_gain(self, w):
        e = self.enrol_fresh(w)
        for kind in ("pre", "post"):
            svc.result_record(
                actor=w["trainer"],
                enrolment=e,
                kind=kind,
                answers={1: "a", 2: "a", 3: "a"},
                version=e.version,
            )
            e.refresh_from_db()
        assert e.pre_score == 3 and e.gain is None

    def test_entering_again_replaces_and_checks_the_version(self, w):
        e = w["enrolment"]  # pre 1/3, post 3/3
        stale = e.version
        svc.result_record(
            actor=w["trainer"], enrolment=e, kind="pre", answers={1: "a", 2: "a"}, version=stale
        )
        e.refresh_from_db()
        assert e.pre_score == 2 and e.gain == 1.0
        assert Result.objects.filter(enrolment=e, kind="pre").count() == 1
        with pytest.raises(ConflictError):
            svc.result_record(
                actor=w["trainer"], enrolment=e, kind="pre", answers={1: "b"}, version=stale
            )
        e.refresh_from_db()
        assert e.pre_score == 2

    def test_unknown_positions_and_keys_save_nothing(self, w):
        e = self.enrol_fresh(w)
        with pytest.raises(ValidationError) as exc:
            svc.result_record(
                actor=w["trainer"],
                enrolment=e,
                kind="pre",
                answers={1: "a", 9: "a", 2: "z"},
                version=e.version,
            )
        assert len(exc.value.error_dict["answers"]) == 2
        assert not Result.objects.filter(enrolment=e).exists()

    def test_a_course_without_questions_is_refused(self, w):
        e = self.enrol_fresh(w)
        Result.objects.filter(enrolment__session__course=w["course"]).delete()
        Instrument.objects.filter(course=w["course"]).delete()
        with pytest.raises(ValidationError) as exc:
            svc.result_record(
                actor=w["trainer"], enrolment=e, kind="pre", answers={}, version=e.version
            )
        assert "answers" in exc.value.error_dict

    def test_the_employer_cannot_record(self, w):
        e = w["enrolment"]
        with pytest.raises(Http404):
            svc.result_record(
                actor=w["admin"], enrolment=e, kind="pre", answers={}, version=e.version
            )
