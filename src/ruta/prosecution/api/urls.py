"""API routes of the prosecution pillar (names carry the ``api:`` namespace of api_urls)."""

from django.urls import path

from ruta.prosecution.api import views, views_codelists

urlpatterns: list = [
    # -- files, stages, hearings, operations (slice 1) --
    path("criminal-files/", views.CriminalFileListApi.as_view(), name="criminal-file-list"),
    path(
        "criminal-files/<uuid:file_id>/",
        views.CriminalFileDetailApi.as_view(),
        name="criminal-file-detail",
    ),
    path(
        "criminal-files/<uuid:file_id>/update/",
        views.CriminalFileUpdateApi.as_view(),
        name="criminal-file-update",
    ),
    path(
        "criminal-files/<uuid:file_id>/assign/",
        views.CriminalFileAssignApi.as_view(),
        name="criminal-file-assign",
    ),
    path(
        "criminal-files/<uuid:file_id>/advance-stage/",
        views.CriminalFileAdvanceStageApi.as_view(),
        name="criminal-file-advance-stage",
    ),
    path(
        "criminal-files/<uuid:file_id>/correct-stage/",
        views.CriminalFileCorrectStageApi.as_view(),
        name="criminal-file-correct-stage",
    ),
    path(
        "criminal-files/<uuid:file_id>/close-early/",
        views.CriminalFileCloseEarlyApi.as_view(),
        name="criminal-file-close-early",
    ),
    path(
        "criminal-files/<uuid:file_id>/hearings/",
        views.HearingScheduleApi.as_view(),
        name="criminal-file-hearing-schedule",
    ),
    path(
        "hearings/<uuid:hearing_id>/result/",
        views.HearingResultApi.as_view(),
        name="hearing-result",
    ),
    path("police-operations/", views.OperationListApi.as_view(), name="police-operation-list"),
    path(
        "police-operations/<uuid:operation_id>/",
        views.OperationDetailApi.as_view(),
        name="police-operation-detail",
    ),
    path(
        "police-operations/<uuid:operation_id>/link-reports/",
        views.OperationLinkReportsApi.as_view(),
        name="police-operation-link-reports",
    ),
    # -- defendants, charges, verdicts, appeals, victims, measures (slice 2) --
    # -- funnel, calendar (slice 3) --
    # -- code lists --
    path(
        "prosecution/code-lists/",
        views_codelists.CodeListsApi.as_view(),
        name="prosecution-code-lists",
    ),
]
