"""Pages: participants, enrolment, attendance, test results, follow-up (slice people)."""

from django.urls import path

from ruta.prevention import views_people as v

urlpatterns: list = [
    path("participants/", v.ParticipantListView.as_view(), name="participant-list"),
    path("participants/new/", v.ParticipantNewView.as_view(), name="participant-new"),
    path(
        "participants/<uuid:participant_id>/",
        v.ParticipantDetailView.as_view(),
        name="participant-detail",
    ),
    path(
        "participants/<uuid:participant_id>/edit/",
        v.ParticipantEditView.as_view(),
        name="participant-edit",
    ),
    path(
        "sessions/<uuid:session_id>/people/",
        v.SessionPeopleView.as_view(),
        name="session-people",
    ),
    path(
        "sessions/<uuid:session_id>/enrol/",
        v.EnrolmentCreateView.as_view(),
        name="enrolment-create",
    ),
    path(
        "sessions/<uuid:session_id>/attendance/",
        v.AttendanceRegisterView.as_view(),
        name="attendance-register",
    ),
    path(
        "enrolments/<uuid:enrolment_id>/withdraw/",
        v.EnrolmentWithdrawView.as_view(),
        name="enrolment-withdraw",
    ),
    path(
        "enrolments/<uuid:enrolment_id>/test/",
        v.ResultEntryView.as_view(),
        name="result-entry",
    ),
    path("staff-trainings/", v.StaffTrainingsView.as_view(), name="staff-trainings"),
]
