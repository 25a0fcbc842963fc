"""API routes: competency frameworks, courses, modules, tests, sessions, trainers."""

from django.urls import path

from ruta.prevention.api import views_courses as courses
from ruta.prevention.api import views_frameworks as frameworks
from ruta.prevention.api import views_sessions as sessions

urlpatterns: list = [
    # -- competency frameworks --
    path(
        "competency-frameworks/",
        frameworks.FrameworkListApi.as_view(),
        name="competency-framework-list",
    ),
    path(
        "competency-frameworks/<uuid:framework_id>/",
        frameworks.FrameworkDetailApi.as_view(),
        name="competency-framework-detail",
    ),
    path(
        "competency-frameworks/<uuid:framework_id>/copy/",
        frameworks.FrameworkCopyApi.as_view(),
        name="competency-framework-copy",
    ),
    path(
        "competency-frameworks/<uuid:framework_id>/update/",
        frameworks.FrameworkUpdateApi.as_view(),
        name="competency-framework-update",
    ),
    path(
        "competency-frameworks/<uuid:framework_id>/competencies/",
        frameworks.CompetencyAddApi.as_view(),
        name="competency-add",
    ),
    path(
        "competencies/<uuid:competency_id>/update/",
        frameworks.CompetencyUpdateApi.as_view(),
        name="competency-update",
    ),
    path(
        "competencies/<uuid:competency_id>/remove/",
        frameworks.CompetencyRemoveApi.as_view(),
        name="competency-remove",
    ),
    path(
        "competencies/<uuid:competency_id>/indicators/",
        frameworks.IndicatorAddApi.as_view(),
        name="behavioural-indicator-add",
    ),
    path(
        "behavioural-indicators/<uuid:indicator_id>/update/",
        frameworks.IndicatorUpdateApi.as_view(),
        name="behavioural-indicator-update",
    ),
    path(
        "behavioural-indicators/<uuid:indicator_id>/remove/",
        frameworks.IndicatorRemoveApi.as_view(),
        name="behavioural-indicator-remove",
    ),
    # -- courses --
    path("courses/", courses.CourseListApi.as_view(), name="course-list"),
    path("courses/<uuid:course_id>/", courses.CourseDetailApi.as_view(), name="course-detail"),
    path(
        "courses/<uuid:course_id>/update/",
        courses.CourseUpdateApi.as_view(),
        name="course-update",
    ),
    path(
        "courses/<uuid:course_id>/new-version/",
        courses.CourseNewVersionApi.as_view(),
        name="course-new-version",
    ),
    path(
        "courses/<uuid:course_id>/modules/",
        courses.ModuleAddApi.as_view(),
        name="course-module-add",
    ),
    path(
        "course-modules/<uuid:module_id>/update/",
        courses.ModuleUpdateApi.as_view(),
        name="course-module-update",
    ),
    path(
        "course-modules/<uuid:module_id>/remove/",
        courses.ModuleRemoveApi.as_view(),
        name="course-module-remove",
    ),
    path(
        "courses/<uuid:course_id>/mandatory/",
        courses.MandatoryAddApi.as_view(),
        name="mandatory-course-add",
    ),
    path(
        "mandatory-courses/<uuid:rule_id>/remove/",
        courses.MandatoryRemoveApi.as_view(),
        name="mandatory-course-remove",
    ),
    path(
        "courses/<uuid:course_id>/questions/",
        courses.QuestionAddApi.as_view(),
        name="course-question-add",
    ),
    path(
        "course-questions/<uuid:question_id>/update/",
        courses.QuestionUpdateApi.as_view(),
        name="course-question-update",
    ),
    path(
        "course-questions/<uuid:question_id>/remove/",
        courses.QuestionRemoveApi.as_view(),
        name="course-question-remove",
    ),
    # -- sessions and trainers --
    path("training-sessions/", sessions.SessionListApi.as_view(), name="training-session-list"),
    path(
        "training-sessions/<uuid:session_id>/",
        sessions.SessionDetailApi.as_view(),
        name="training-session-detail",
    ),
    path(
        "training-sessions/<uuid:session_id>/update/",
        sessions.SessionUpdateApi.as_view(),
        name="training-session-update",
    ),
    path(
        "training-sessions/<uuid:session_id>/status/",
        sessions.SessionStatusApi.as_view(),
        name="training-session-status",
    ),
    path(
        "training-sessions/<uuid:session_id>/trainers/",
        sessions.TrainerAddApi.as_view(),
        name="session-trainer-add",
    ),
    path(
        "session-trainers/<uuid:trainer_id>/remove/",
        sessions.TrainerRemoveApi.as_view(),
        name="session-trainer-remove",
    ),
]
