"""API routes: participants, enrolment, attendance, test results, follow-up."""

from django.urls import path

from ruta.prevention.api import views_people as v

urlpatterns: list = [
    path(
        "prevention/participants/",
        v.ParticipantListApi.as_view(),
        name="prevention-participant-list",
    ),
    path(
        "prevention/participants/search/",
        v.ParticipantSearchApi.as_view(),
        name="prevention-participant-search",
    ),
    path(
        "prevention/participants/<uuid:participant_id>/",
        v.ParticipantDetailApi.as_view(),
        name="prevention-participant-detail",
    ),
    path(
        "prevention/participants/<uuid:participant_id>/update/",
        v.ParticipantUpdateApi.as_view(),
        name="prevention-participant-update",
    ),
    path(
        "prevention/sessions/<uuid:session_id>/enrolments/",
        v.SessionEnrolmentsApi.as_view(),
        name="prevention-session-enrolments",
    ),
    path(
        "prevention/sessions/<uuid:session_id>/attendance/",
        v.SessionAttendanceApi.as_view(),
        name="prevention-session-attendance",
    ),
    path(
        "prevention/enrolments/<uuid:enrolment_id>/withdraw/",
        v.EnrolmentWithdrawApi.as_view(),
        name="prevention-enrolment-withdraw",
    ),
    path(
        "prevention/enrolments/<uuid:enrolment_id>/result/",
        v.EnrolmentResultApi.as_view(),
        name="prevention-enrolment-result",
    ),
    path(
        "prevention/staff-trainings/",
        v.StaffTrainingsApi.as_view(),
        name="prevention-staff-trainings",
    ),
]
