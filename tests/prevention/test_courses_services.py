"""Services of the courses slice: validation refuses and saves nothing, writes are audited,
the test of a course cannot change once results were recorded with it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ruta.audit.models import AuditEvent
from ruta.core.errors import ConflictError, NotPermitted
from ruta.prevention.models import (
    Competency,
    CompetencyFramework,
    Course,
    CourseModule,
    Question,
    SessionTrainer,
    TrainingSession,
)
from ruta.prevention.services import courses, frameworks, sessions
from tests.prevention.courses_world import courses_world  # noqa: F401

LABELS = {"es": "Título", "en": "Title", "fr": "Titre"}
OPTIONS = [{"key": "a", "text": "Sí"}, {"key": "b", "text": "No"}]


def audited(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def test_a_course_module_needs_hours_above_zero(w):
    trn = w["actors"]["TRN"]
    before = CourseModule.objects.count()
    for hours in (0, -2, "x", None):
        with pytest.raises(ValidationError) as error:
            courses.module_add(actor=trn, course=w["draft_course"], title="M", hours=hours)
        assert "hours" in error.value.message_dict
    assert CourseModule.objects.count() == before
    module = courses.module_add(
        actor=trn, course=w["draft_course"], title="Módulo 2", hours=Decimal("2.5")
    )
    assert module.position == 2
    assert audited("prevention.course.module_added") == 1


def test_a_session_cannot_end_before_it_starts_and_nothing_is_saved(w):
    trn = w["actors"]["TRN"]
    today = timezone.localdate()
    before = TrainingSession.objects.count()
    with pytest.raises(ValidationError) as error:
        sessions.session_create(
            actor=trn,
            course=w["draft_course"],
            host=w["home"],
            starts_on=today,
            ends_on=today - timedelta(days=1),
            department=w["session"].department,
            capacity=10,
        )
    assert "ends_on" in error.value.message_dict
    assert TrainingSession.objects.count() == before
    session = sessions.session_create(
        actor=trn,
        course=w["draft_course"],
        host=w["home"],
        starts_on=today,
        ends_on=today,
        department=w["session"].department,
        capacity=10,
        open_types=["police"],
        open_institutions=[w["other"]],
    )
    assert session.reference.startswith("CAP-")
    assert session.status == "planned"
    assert list(session.open_types.values_list("institution_type", flat=True)) == ["police"]
    assert audited("prevention.session.created") == 1


def test_the_capacity_cannot_fall_below_the_enrolled(w):
    trn = w["actors"]["TRN"]
    session = w["session"]  # two enrolled, completed: move it back to planned for the test
    TrainingSession.objects.filter(pk=session.pk).update(status="planned")
    session.refresh_from_db()
    data = {
        "host": session.host,
        "starts_on": session.starts_on,
        "ends_on": session.ends_on,
        "department": session.department,
    }
    with pytest.raises(ValidationError) as error:
        sessions.session_update(
            actor=trn, session=session, version=session.version, capacity=1, **data
        )
    assert "capacity" in error.value.message_dict
    session.refresh_from_db()
    assert session.capacity == 30
    updated = sessions.session_update(
        actor=trn, session=session, version=session.version, capacity=2, **data
    )
    assert updated.capacity == 2
    with pytest.raises(ConflictError):
        sessions.session_update(actor=trn, session=session, version=1, capacity=5, **data)


def test_a_duplicate_code_and_edition_is_refused(w):
    trn = w["actors"]["TRN"]
    with pytest.raises(ValidationError) as error:
        courses.course_create(actor=trn, code="trata-101", title="Otro", modality="online")
    assert "code" in error.value.message_dict
    new = courses.course_new_version(actor=trn, course=w["course"])
    assert (new.code, new.edition) == ("trata-101", 2)
    assert new.modules.count() == 1
    assert new.instrument.questions.count() == 3
    assert list(new.mandatory_for.values_list("role", flat=True)) == ["case_worker"]
    assert audited("prevention.course.version_created") == 1
    with pytest.raises(ValidationError) as error:
        courses.course_new_version(actor=trn, course=w["course"])  # version 2 exists
    assert "edition" in error.value.message_dict
    assert Course.objects.filter(code="trata-101", institution=w["home"]).count() == 2


def test_a_question_answer_must_be_one_of_its_options(w):
    trn = w["actors"]["TRN"]
    course = w["draft_course"]
    before = Question.objects.filter(instrument__course=course).count()
    with pytest.raises(ValidationError) as error:
        courses.question_add(actor=trn, course=course, text="¿?", options=OPTIONS, answer="c")
    assert "answer" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        courses.question_add(actor=trn, course=course, text="¿?", options=OPTIONS[:1], answer="a")
    assert "options" in error.value.message_dict
    assert Question.objects.filter(instrument__course=course).count() == before
    question = courses.question_add(
        actor=trn, course=course, text="¿Qué hace?", options=OPTIONS, answer="b", points=2
    )
    assert (question.position, question.points) == (before + 1, 2)
    assert audited("prevention.course.question_added") == 1


def test_a_test_with_results_cannot_change(w):
    trn = w["actors"]["TRN"]
    question = w["test_questions"][0]  # the course's sessions have results
    with pytest.raises(ValidationError) as error:
        courses.question_update(
            actor=trn, question=question, text="Cambiada", options=OPTIONS, answer="a"
        )
    assert "Make a new version" in str(error.value) or "nueva versión" in str(error.value)
    with pytest.raises(ValidationError):
        courses.question_add(actor=trn, course=w["course"], text="x", options=OPTIONS, answer="a")
    with pytest.raises(ValidationError):
        courses.question_remove(actor=trn, question=question)
    question.refresh_from_db()
    assert question.text == "Pregunta 1"
    assert audited("prevention.course.question_updated") == 0


def test_status_moves_forward_only_and_a_certified_session_is_not_cancelled(w):
    trn = w["actors"]["TRN"]
    planned = w["planned_session"]
    with pytest.raises(ValidationError):  # it starts in ten days
        sessions.session_status_change(
            actor=trn, session=planned, version=planned.version, status="ongoing"
        )
    with pytest.raises(ValidationError):  # planned -> completed skips a step
        sessions.session_status_change(
            actor=trn, session=planned, version=planned.version, status="completed"
        )
    cancelled = sessions.session_status_change(
        actor=trn, session=planned, version=planned.version, status="cancelled"
    )
    assert cancelled.status == "cancelled"
    assert audited("prevention.session.status_changed") == 1
    session = w["session"]  # a certificate was issued
    TrainingSession.objects.filter(pk=session.pk).update(status="ongoing")
    session.refresh_from_db()
    with pytest.raises(ValidationError):
        sessions.session_status_change(
            actor=trn, session=session, version=session.version, status="cancelled"
        )


def test_trainers_staff_or_external(w):
    trn = w["actors"]["TRN"]
    planned = w["planned_session"]
    with pytest.raises(ValidationError) as error:
        sessions.trainer_add(actor=trn, session=planned, external_name="Sin organización")
    assert "external_organisation" in error.value.message_dict
    with pytest.raises(ValidationError):  # the academy's participant is not the home's
        sessions.trainer_add(actor=trn, session=planned, participant=w["academy_participant"])
    trainer = sessions.trainer_add(actor=trn, session=planned, participant=w["participant"])
    assert trainer.participant_id == w["participant"].pk
    with pytest.raises(ValidationError):  # twice
        sessions.trainer_add(actor=trn, session=planned, participant=w["participant"])
    sessions.trainer_remove(actor=trn, trainer=trainer)
    assert not SessionTrainer.objects.filter(pk=trainer.pk).exists()
    events = AuditEvent.objects.filter(action="prevention.session.trainer_added")
    assert events.count() == 1
    assert "Marta" not in str(events.get().data)


def test_the_shipped_framework_is_copied_then_edited(w):
    trn = w["actors"]["TRN"]
    shipped = w["shipped_framework"]
    with pytest.raises(NotPermitted):
        frameworks.framework_update(
            actor=trn, framework=shipped, version=shipped.version, labels=LABELS
        )
    copy = frameworks.framework_copy(actor=trn, framework=shipped, code="mi-marco")
    assert copy.institution_id == w["home"].pk
    assert copy.competencies.count() == 5
    assert sum(c.indicators.count() for c in copy.competencies.all()) == sum(
        c.indicators.count() for c in shipped.competencies.all()
    )
    with pytest.raises(ValidationError) as error:
        frameworks.framework_update(
            actor=trn, framework=copy, version=copy.version, labels={"es": "Solo español"}
        )
    assert {"label_en", "label_fr"} <= set(error.value.message_dict)
    updated = frameworks.framework_update(
        actor=trn, framework=copy, version=copy.version, labels=LABELS
    )
    assert updated.labels == LABELS
    competency = frameworks.competency_add(
        actor=trn, framework=updated, code="nueva", labels=LABELS
    )
    indicator = frameworks.indicator_add(
        actor=trn, competency=competency, code="hace-algo", labels=LABELS
    )
    frameworks.indicator_remove(actor=trn, indicator=indicator)
    frameworks.competency_remove(actor=trn, competency=competency)
    assert not Competency.objects.filter(pk=competency.pk).exists()
    assert audited("prevention.framework.copied") == 1


def test_a_competency_a_course_covers_is_not_removed(w):
    trn = w["actors"]["TRN"]
    with pytest.raises(ValidationError):
        frameworks.competency_remove(actor=trn, competency=w["competency"])
    assert Competency.objects.filter(pk=w["competency"].pk).exists()


def test_the_academy_cannot_write_the_homes_records(w):
    academy = w["actors"]["P_TRN"]
    with pytest.raises(NotPermitted):
        courses.module_add(actor=academy, course=w["course"], title="M", hours=1)
    with pytest.raises(NotPermitted):
        frameworks.competency_add(actor=academy, framework=w["framework"], code="x", labels=LABELS)
    with pytest.raises(NotPermitted):
        sessions.trainer_add(
            actor=academy,
            session=w["planned_session"],
            external_name="A",
            external_organisation="B",
        )
    assert CompetencyFramework.objects.filter(institution=w["academy"]).count() == 1
