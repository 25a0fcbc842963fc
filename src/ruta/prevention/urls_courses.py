"""Pages: competency frameworks, courses, modules, tests, sessions, trainers (slice courses)."""

from django.urls import path

from ruta.prevention import views_courses as courses
from ruta.prevention import views_frameworks as frameworks
from ruta.prevention import views_sessions as sessions

urlpatterns: list = [
    path("", sessions.PreventionHomeView.as_view(), name="home"),
    # -- competency frameworks --
    path("frameworks/", frameworks.FrameworkListView.as_view(), name="framework-list"),
    path("frameworks/new/", frameworks.FrameworkNewView.as_view(), name="framework-new"),
    path(
        "frameworks/<uuid:framework_id>/",
        frameworks.FrameworkDetailView.as_view(),
        name="framework-detail",
    ),
    path(
        "frameworks/<uuid:framework_id>/copy/",
        frameworks.FrameworkCopyView.as_view(),
        name="framework-copy",
    ),
    path(
        "frameworks/<uuid:framework_id>/edit/",
        frameworks.FrameworkEditView.as_view(),
        name="framework-edit",
    ),
    path(
        "frameworks/<uuid:framework_id>/competencies/add/",
        frameworks.CompetencyAddView.as_view(),
        name="competency-add",
    ),
    path(
        "competencies/<uuid:competency_id>/edit/",
        frameworks.CompetencyEditView.as_view(),
        name="competency-edit",
    ),
    path(
        "competencies/<uuid:competency_id>/remove/",
        frameworks.CompetencyRemoveView.as_view(),
        name="competency-remove",
    ),
    path(
        "competencies/<uuid:competency_id>/indicators/add/",
        frameworks.IndicatorAddView.as_view(),
        name="indicator-add",
    ),
    path(
        "indicators/<uuid:indicator_id>/edit/",
        frameworks.IndicatorEditView.as_view(),
        name="indicator-edit",
    ),
    path(
        "indicators/<uuid:indicator_id>/remove/",
        frameworks.IndicatorRemoveView.as_view(),
        name="indicator-remove",
    ),
    # -- courses, modules, mandatory rules, the test --
    path("courses/", courses.CourseListView.as_view(), name="course-list"),
    path("courses/new/", courses.CourseNewView.as_view(), name="course-new"),
    path("courses/<uuid:course_id>/", courses.CourseDetailView.as_view(), name="course-detail"),
    path("courses/<uuid:course_id>/edit/", courses.CourseEditView.as_view(), name="course-edit"),
    path(
        "courses/<uuid:course_id>/new-version/",
        courses.CourseNewVersionView.as_view(),
        name="course-new-version",
    ),
    path(
        "courses/<uuid:course_id>/modules/add/",
        courses.ModuleAddView.as_view(),
        name="module-add",
    ),
    path("modules/<uuid:module_id>/edit/", courses.ModuleEditView.as_view(), name="module-edit"),
    path(
        "modules/<uuid:module_id>/remove/",
        courses.ModuleRemoveView.as_view(),
        name="module-remove",
    ),
    path(
        "courses/<uuid:course_id>/mandatory/add/",
        courses.MandatoryAddView.as_view(),
        name="mandatory-add",
    ),
    path(
        "mandatory/<uuid:rule_id>/remove/",
        courses.MandatoryRemoveView.as_view(),
        name="mandatory-remove",
    ),
    path(
        "courses/<uuid:course_id>/questions/add/",
        courses.QuestionAddView.as_view(),
        name="question-add",
    ),
    path(
        "questions/<uuid:question_id>/edit/",
        courses.QuestionEditView.as_view(),
        name="question-edit",
    ),
    path(
        "questions/<uuid:question_id>/remove/",
        courses.QuestionRemoveView.as_view(),
        name="question-remove",
    ),
    # -- sessions and trainers --
    path("sessions/", sessions.SessionListView.as_view(), name="session-list"),
    path("sessions/new/", sessions.SessionNewView.as_view(), name="session-new"),
    path(
        "sessions/<uuid:session_id>/",
        sessions.SessionDetailView.as_view(),
        name="session-detail",
    ),
    path(
        "sessions/<uuid:session_id>/edit/",
        sessions.SessionEditView.as_view(),
        name="session-edit",
    ),
    path(
        "sessions/<uuid:session_id>/status/",
        sessions.SessionStatusView.as_view(),
        name="session-status",
    ),
    path(
        "sessions/<uuid:session_id>/trainers/add/",
        sessions.TrainerAddView.as_view(),
        name="trainer-add",
    ),
    path(
        "trainers/<uuid:trainer_id>/remove/",
        sessions.TrainerRemoveView.as_view(),
        name="trainer-remove",
    ),
]
