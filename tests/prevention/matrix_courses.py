"""Permission-matrix specs of the prevention routes: courses (frameworks, courses, their
modules, mandatory rules and test, sessions and trainers, the hub).

Who: the home's trainer (``TRN``) manages the home's frameworks, courses and sessions; the
academy's trainer (``P_TRN``) manages the academy's (a "new" form acts on its own
institution; anything of the home answers 404). The user administrators (``ADM``, ``X_ADM``)
read the sessions open to their institution and those sessions' courses; ``X_ADM``'s
institution is named on the home's session. The aggregate analyst (``MEA``) reaches the hub
(the report's entry) and no list."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ruta.prevention.models import (
    BehaviouralIndicator,
    Competency,
    CompetencyFramework,
    Course,
    CourseModule,
    MandatoryCourse,
    Question,
    SessionTrainer,
    TrainingSession,
)
from tests.matrix import Proof
from tests.matrix_spec import (
    ADM,
    MEA,
    P_TRN,
    TRN,
    X_ADM,
    Spec,
    count,
    kw,
    pk,
    value,
    version,
    vspec,
)

LABELS = {"es": "Marco revisado", "en": "Revised framework", "fr": "Cadre révisé"}
FORM_LABELS = {f"label_{k}": v for k, v in LABELS.items()}
TRAINERS = (TRN, P_TRN)
READERS = (TRN, ADM, X_ADM, P_TRN)  # who lists sessions and courses


def _later(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _session_form(w, **extra) -> dict:
    return {
        "host": str(w["home"].pk),
        "starts_on": _later(20),
        "ends_on": _later(21),
        "department": w["session"].department_id,
        "venue": "Aula 3",
        "capacity": 25,
        **extra,
    }


def _session_body(w, **extra) -> dict:
    return {
        "host": str(w["home"].pk),
        "starts_on": _later(20),
        "ends_on": _later(21),
        "department": w["session"].department_id,
        "venue": "Aula 3",
        "capacity": 25,
        **extra,
    }


FRAMEWORK = kw(framework_id=pk("framework"))
SHIPPED = kw(framework_id=pk("shipped_framework"))
COMPETENCY = kw(competency_id=pk("spare_competency"))
INDICATOR = kw(indicator_id=pk("spare_indicator"))
COURSE = kw(course_id=pk("course"))
DRAFT = kw(course_id=pk("draft_course"))
MODULE = kw(module_id=pk("module"))
RULE = kw(rule_id=pk("mandatory"))
QUESTION = kw(question_id=pk("draft_question"))
SESSION = kw(session_id=pk("session"))
PLANNED = kw(session_id=pk("planned_session"))
TRAINER = kw(trainer_id=pk("session_trainer"))

frameworks_count = count(CompetencyFramework)
competencies = count(Competency, framework=pk("framework"))
indicators = count(BehaviouralIndicator, competency=pk("spare_competency"))
home_courses = count(Course)
modules = count(CourseModule, course=pk("course"))
rules = count(MandatoryCourse, course=pk("course"))
questions = count(Question, instrument__course=pk("draft_course"))
sessions_count = count(TrainingSession)
trainers = count(SessionTrainer, session=pk("planned_session"))


def _ref(key: str):
    return lambda w: w[key].reference


PAGES: list[Spec] = [
    # --- the hub --------------------------------------------------------------------------
    vspec(
        "prevention:home",
        "GET",
        (TRN, ADM, MEA, X_ADM, P_TRN),
        shows=_ref("session"),
        sees=(TRN, X_ADM),
    ),
    # --- frameworks -----------------------------------------------------------------------
    vspec("prevention:framework-list", "GET", TRAINERS, shows=lambda w: w["framework"].code),
    vspec(
        "prevention:framework-detail",
        "GET",
        TRAINERS,
        kwargs=FRAMEWORK,
        shows=lambda w: w["framework"].code,
    ),
    vspec("prevention:framework-new", "GET", TRAINERS),
    vspec(
        "prevention:framework-new",
        "POST",
        TRAINERS,
        data=lambda w: {"code": "marco-nuevo", **FORM_LABELS},
        proof=Proof(frameworks_count, "prevention.framework.created"),
    ),
    vspec(
        "prevention:framework-copy",
        "POST",
        TRAINERS,
        kwargs=SHIPPED,
        data=lambda w: {"code": "copia-del-marco"},
        proof=Proof(frameworks_count, "prevention.framework.copied"),
    ),
    vspec("prevention:framework-edit", "GET", (TRN,), kwargs=FRAMEWORK),
    vspec(
        "prevention:framework-edit",
        "POST",
        (TRN,),
        kwargs=FRAMEWORK,
        data=lambda w: {"version": version("framework")(w), "is_active": "on", **FORM_LABELS},
        proof=Proof(
            value(CompetencyFramework, "framework", "labels"), "prevention.framework.updated"
        ),
    ),
    vspec(
        "prevention:competency-add",
        "POST",
        (TRN,),
        kwargs=FRAMEWORK,
        data=lambda w: {"code": "evidencia", **FORM_LABELS},
        proof=Proof(competencies, "prevention.framework.competency_added"),
    ),
    vspec(
        "prevention:competency-edit",
        "POST",
        (TRN,),
        kwargs=COMPETENCY,
        data=lambda w: {"position": 5, **FORM_LABELS},
        proof=Proof(
            value(Competency, "spare_competency", "labels"),
            "prevention.framework.competency_updated",
        ),
    ),
    vspec(
        "prevention:competency-remove",
        "POST",
        (TRN,),
        kwargs=COMPETENCY,
        proof=Proof(competencies, "prevention.framework.competency_removed"),
    ),
    vspec(
        "prevention:indicator-add",
        "POST",
        (TRN,),
        kwargs=COMPETENCY,
        data=lambda w: {"code": "informa", **FORM_LABELS},
        proof=Proof(indicators, "prevention.framework.indicator_added"),
    ),
    vspec(
        "prevention:indicator-edit",
        "POST",
        (TRN,),
        kwargs=INDICATOR,
        data=lambda w: FORM_LABELS,
        proof=Proof(
            value(BehaviouralIndicator, "spare_indicator", "labels"),
            "prevention.framework.indicator_updated",
        ),
    ),
    vspec(
        "prevention:indicator-remove",
        "POST",
        (TRN,),
        kwargs=INDICATOR,
        proof=Proof(indicators, "prevention.framework.indicator_removed"),
    ),
    # --- courses --------------------------------------------------------------------------
    vspec(
        "prevention:course-list",
        "GET",
        READERS,
        shows=lambda w: w["course"].code,
        sees=(TRN, X_ADM),
    ),
    vspec(
        "prevention:course-list",
        "GET",
        READERS,
        target="academy_open",
        shows=lambda w: w["academy_course"].code,
        sees=(TRN, ADM, X_ADM, P_TRN),
    ),
    vspec(
        "prevention:course-detail",
        "GET",
        (TRN, X_ADM),
        kwargs=COURSE,
        shows=lambda w: w["course"].title,
    ),
    # The test and its answer key: the course's owner only (a reader of the course does not).
    vspec(
        "prevention:course-detail",
        "GET",
        (TRN, X_ADM),
        target="answer_key",
        kwargs=COURSE,
        shows=lambda w: w["test_questions"][0].text,
        sees=(TRN,),
    ),
    vspec("prevention:course-new", "GET", TRAINERS),
    vspec(
        "prevention:course-new",
        "POST",
        TRAINERS,
        data=lambda w: {
            "code": "nuevo-curso",
            "title": "Curso nuevo",
            "modality": "online",
            "min_attendance_pct": 80,
            "pass_score_pct": 70,
        },
        proof=Proof(home_courses, "prevention.course.created"),
    ),
    vspec("prevention:course-edit", "GET", (TRN,), kwargs=COURSE),
    vspec(
        "prevention:course-edit",
        "POST",
        (TRN,),
        kwargs=COURSE,
        data=lambda w: {
            "version": version("course")(w),
            "title": "Curso revisado",
            "modality": "mixed",
            "min_attendance_pct": 90,
            "pass_score_pct": 70,
            "is_active": "on",
            "competencies": [str(w["competency"].pk)],
        },
        proof=Proof(value(Course, "course", "title", "modality"), "prevention.course.updated"),
    ),
    vspec(
        "prevention:course-new-version",
        "POST",
        (TRN,),
        kwargs=COURSE,
        proof=Proof(home_courses, "prevention.course.version_created"),
    ),
    vspec(
        "prevention:module-add",
        "POST",
        (TRN,),
        kwargs=COURSE,
        data=lambda w: {"title": "Módulo 2", "hours": "4.5"},
        proof=Proof(modules, "prevention.course.module_added"),
    ),
    vspec(
        "prevention:module-edit",
        "POST",
        (TRN,),
        kwargs=MODULE,
        data=lambda w: {"title": "Módulo revisado", "hours": "6"},
        proof=Proof(value(CourseModule, "module", "title"), "prevention.course.module_updated"),
    ),
    vspec(
        "prevention:module-remove",
        "POST",
        (TRN,),
        kwargs=MODULE,
        proof=Proof(modules, "prevention.course.module_removed"),
    ),
    vspec(
        "prevention:mandatory-add",
        "POST",
        (TRN,),
        kwargs=COURSE,
        data=lambda w: {"role": "trainer", "institution_type": "police"},
        proof=Proof(rules, "prevention.course.mandatory_added"),
    ),
    vspec(
        "prevention:mandatory-remove",
        "POST",
        (TRN,),
        kwargs=RULE,
        proof=Proof(rules, "prevention.course.mandatory_removed"),
    ),
    vspec(
        "prevention:question-add",
        "POST",
        (TRN,),
        kwargs=DRAFT,
        data=lambda w: {
            "text": "¿Qué hace?",
            "options": "a) Sí\nb) No",
            "answer": "a",
            "points": 1,
        },
        proof=Proof(questions, "prevention.course.question_added"),
    ),
    vspec(
        "prevention:question-edit",
        "POST",
        (TRN,),
        kwargs=QUESTION,
        data=lambda w: {
            "text": "¿Revisada?",
            "options": "a) Sí\nb) No",
            "answer": "b",
            "points": 2,
        },
        proof=Proof(
            value(Question, "draft_question", "text"), "prevention.course.question_updated"
        ),
    ),
    vspec(
        "prevention:question-remove",
        "POST",
        (TRN,),
        kwargs=QUESTION,
        proof=Proof(questions, "prevention.course.question_removed"),
    ),
    # --- sessions -------------------------------------------------------------------------
    vspec(
        "prevention:session-list",
        "GET",
        READERS,
        shows=_ref("session"),
        sees=(TRN, X_ADM),
    ),
    vspec(
        "prevention:session-list",
        "GET",
        READERS,
        target="academy_open",
        shows=_ref("academy_open_session"),
        sees=(TRN, ADM, X_ADM, P_TRN),
    ),
    vspec(
        "prevention:session-list",
        "GET",
        READERS,
        target="academy_closed",
        shows=_ref("academy_session"),
        sees=(P_TRN,),
    ),
    vspec(
        "prevention:session-detail",
        "GET",
        (TRN, X_ADM),
        kwargs=SESSION,
        shows=_ref("session"),
    ),
    vspec("prevention:session-new", "GET", TRAINERS),
    # The academy's trainer cannot choose the home's course: the form refuses it (400).
    vspec(
        "prevention:session-new",
        "POST",
        (TRN,),
        refuse={P_TRN: 400},
        data=lambda w: _session_form(w, course=str(w["draft_course"].pk)),
        proof=Proof(sessions_count, "prevention.session.created"),
    ),
    vspec("prevention:session-edit", "GET", (TRN,), kwargs=PLANNED),
    vspec(
        "prevention:session-edit",
        "POST",
        (TRN,),
        kwargs=PLANNED,
        data=lambda w: _session_form(w, version=version("planned_session")(w)),
        proof=Proof(
            value(TrainingSession, "planned_session", "venue", "starts_on"),
            "prevention.session.updated",
        ),
    ),
    vspec(
        "prevention:session-status",
        "POST",
        (TRN,),
        kwargs=PLANNED,
        data=lambda w: {"version": version("planned_session")(w), "status": "cancelled"},
        proof=Proof(
            value(TrainingSession, "planned_session", "status"),
            "prevention.session.status_changed",
        ),
    ),
    vspec(
        "prevention:trainer-add",
        "POST",
        (TRN,),
        kwargs=PLANNED,
        data=lambda w: {"external_name": "Luis Experto", "external_organisation": "UNODC"},
        proof=Proof(trainers, "prevention.session.trainer_added"),
    ),
    vspec(
        "prevention:trainer-remove",
        "POST",
        (TRN,),
        kwargs=TRAINER,
        proof=Proof(trainers, "prevention.session.trainer_removed"),
    ),
]

API: list[Spec] = [
    # --- frameworks -----------------------------------------------------------------------
    vspec("api:competency-framework-list", "GET", TRAINERS, shows=lambda w: w["framework"].code),
    vspec(
        "api:competency-framework-list",
        "POST",
        TRAINERS,
        status=201,
        data=lambda w: {"code": "marco-api", "labels": LABELS},
        proof=Proof(frameworks_count, "prevention.framework.created"),
    ),
    vspec(
        "api:competency-framework-detail",
        "GET",
        TRAINERS,
        kwargs=FRAMEWORK,
        shows=lambda w: w["framework"].code,
    ),
    vspec(
        "api:competency-framework-copy",
        "POST",
        TRAINERS,
        status=201,
        kwargs=SHIPPED,
        data=lambda w: {"code": "copia-api"},
        proof=Proof(frameworks_count, "prevention.framework.copied"),
    ),
    vspec(
        "api:competency-framework-update",
        "POST",
        (TRN,),
        kwargs=FRAMEWORK,
        data=lambda w: {"version": version("framework")(w), "labels": LABELS},
        proof=Proof(
            value(CompetencyFramework, "framework", "labels"), "prevention.framework.updated"
        ),
    ),
    vspec(
        "api:competency-add",
        "POST",
        (TRN,),
        kwargs=FRAMEWORK,
        data=lambda w: {"code": "evidencia", "labels": LABELS},
        proof=Proof(competencies, "prevention.framework.competency_added"),
    ),
    vspec(
        "api:competency-update",
        "POST",
        (TRN,),
        kwargs=COMPETENCY,
        data=lambda w: {"labels": LABELS, "position": 4},
        proof=Proof(
            value(Competency, "spare_competency", "labels"),
            "prevention.framework.competency_updated",
        ),
    ),
    vspec(
        "api:competency-remove",
        "POST",
        (TRN,),
        kwargs=COMPETENCY,
        proof=Proof(competencies, "prevention.framework.competency_removed"),
    ),
    vspec(
        "api:behavioural-indicator-add",
        "POST",
        (TRN,),
        kwargs=COMPETENCY,
        data=lambda w: {"code": "informa", "labels": LABELS},
        proof=Proof(indicators, "prevention.framework.indicator_added"),
    ),
    vspec(
        "api:behavioural-indicator-update",
        "POST",
        (TRN,),
        kwargs=INDICATOR,
        data=lambda w: {"labels": LABELS},
        proof=Proof(
            value(BehaviouralIndicator, "spare_indicator", "labels"),
            "prevention.framework.indicator_updated",
        ),
    ),
    vspec(
        "api:behavioural-indicator-remove",
        "POST",
        (TRN,),
        kwargs=INDICATOR,
        proof=Proof(indicators, "prevention.framework.indicator_removed"),
    ),
    # --- courses --------------------------------------------------------------------------
    vspec(
        "api:course-list",
        "GET",
        READERS,
        shows=lambda w: str(w["course"].pk),
        sees=(TRN, X_ADM),
    ),
    vspec(
        "api:course-list",
        "POST",
        TRAINERS,
        status=201,
        data=lambda w: {"code": "curso-api", "title": "Curso API", "modality": "online"},
        proof=Proof(home_courses, "prevention.course.created"),
    ),
    vspec(
        "api:course-detail",
        "GET",
        (TRN, X_ADM),
        kwargs=COURSE,
        shows=lambda w: w["course"].title,
    ),
    vspec(
        "api:course-detail",
        "GET",
        (TRN, X_ADM),
        target="answer_key",
        kwargs=COURSE,
        shows=lambda w: w["test_questions"][0].text,
        sees=(TRN,),
    ),
    vspec(
        "api:course-update",
        "POST",
        (TRN,),
        kwargs=COURSE,
        data=lambda w: {
            "version": version("course")(w),
            "title": "Curso revisado",
            "modality": "mixed",
        },
        proof=Proof(value(Course, "course", "title", "modality"), "prevention.course.updated"),
    ),
    vspec(
        "api:course-new-version",
        "POST",
        (TRN,),
        status=201,
        kwargs=COURSE,
        proof=Proof(home_courses, "prevention.course.version_created"),
    ),
    vspec(
        "api:course-module-add",
        "POST",
        (TRN,),
        kwargs=COURSE,
        data=lambda w: {"title": "Módulo 2", "hours": "4.5"},
        proof=Proof(modules, "prevention.course.module_added"),
    ),
    vspec(
        "api:course-module-update",
        "POST",
        (TRN,),
        kwargs=MODULE,
        data=lambda w: {"title": "Módulo revisado", "hours": 6},
        proof=Proof(value(CourseModule, "module", "title"), "prevention.course.module_updated"),
    ),
    vspec(
        "api:course-module-remove",
        "POST",
        (TRN,),
        kwargs=MODULE,
        proof=Proof(modules, "prevention.course.module_removed"),
    ),
    vspec(
        "api:mandatory-course-add",
        "POST",
        (TRN,),
        kwargs=COURSE,
        data=lambda w: {"role": "trainer", "institution_type": "police"},
        proof=Proof(rules, "prevention.course.mandatory_added"),
    ),
    vspec(
        "api:mandatory-course-remove",
        "POST",
        (TRN,),
        kwargs=RULE,
        proof=Proof(rules, "prevention.course.mandatory_removed"),
    ),
    vspec(
        "api:course-question-add",
        "POST",
        (TRN,),
        kwargs=DRAFT,
        data=lambda w: {
            "text": "¿Qué hace?",
            "options": [{"key": "a", "text": "Sí"}, {"key": "b", "text": "No"}],
            "answer": "a",
        },
        proof=Proof(questions, "prevention.course.question_added"),
    ),
    vspec(
        "api:course-question-update",
        "POST",
        (TRN,),
        kwargs=QUESTION,
        data=lambda w: {
            "text": "¿Revisada?",
            "options": [{"key": "a", "text": "Sí"}, {"key": "b", "text": "No"}],
            "answer": "b",
            "points": 2,
        },
        proof=Proof(
            value(Question, "draft_question", "text"), "prevention.course.question_updated"
        ),
    ),
    vspec(
        "api:course-question-remove",
        "POST",
        (TRN,),
        kwargs=QUESTION,
        proof=Proof(questions, "prevention.course.question_removed"),
    ),
    # --- sessions -------------------------------------------------------------------------
    vspec(
        "api:training-session-list",
        "GET",
        READERS,
        shows=_ref("session"),
        sees=(TRN, X_ADM),
    ),
    vspec(
        "api:training-session-list",
        "GET",
        READERS,
        target="academy_open",
        shows=_ref("academy_open_session"),
        sees=(TRN, ADM, X_ADM, P_TRN),
    ),
    vspec(
        "api:training-session-list",
        "POST",
        (TRN,),
        status=201,
        refuse={P_TRN: 422},
        data=lambda w: _session_body(w, course=str(w["draft_course"].pk)),
        proof=Proof(sessions_count, "prevention.session.created"),
    ),
    vspec(
        "api:training-session-detail",
        "GET",
        (TRN, X_ADM),
        kwargs=SESSION,
        shows=_ref("session"),
    ),
    vspec(
        "api:training-session-update",
        "POST",
        (TRN,),
        kwargs=PLANNED,
        data=lambda w: _session_body(w, version=version("planned_session")(w)),
        proof=Proof(
            value(TrainingSession, "planned_session", "venue", "starts_on"),
            "prevention.session.updated",
        ),
    ),
    vspec(
        "api:training-session-status",
        "POST",
        (TRN,),
        kwargs=PLANNED,
        data=lambda w: {"version": version("planned_session")(w), "status": "cancelled"},
        proof=Proof(
            value(TrainingSession, "planned_session", "status"),
            "prevention.session.status_changed",
        ),
    ),
    vspec(
        "api:session-trainer-add",
        "POST",
        (TRN,),
        status=201,
        kwargs=PLANNED,
        data=lambda w: {"external_name": "Luis Experto", "external_organisation": "UNODC"},
        proof=Proof(trainers, "prevention.session.trainer_added"),
    ),
    vspec(
        "api:session-trainer-remove",
        "POST",
        (TRN,),
        kwargs=TRAINER,
        proof=Proof(trainers, "prevention.session.trainer_removed"),
    ),
]

SPECS: list[Spec] = [*PAGES, *API]
