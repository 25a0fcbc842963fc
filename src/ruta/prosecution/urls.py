"""Pages of the prosecution pillar: one route per action."""

from django.urls import path

from ruta.prosecution import views, views_codelists

app_name = "prosecution"

urlpatterns: list = [
    # -- files, stages, hearings, operations (slice 1) --
    path("files/", views.FileListView.as_view(), name="file-list"),
    path("files/new/", views.FileNewView.as_view(), name="file-new"),
    path("files/<uuid:file_id>/", views.FileDetailView.as_view(), name="file-detail"),
    path("files/<uuid:file_id>/update/", views.FileUpdateView.as_view(), name="file-update"),
    path("files/<uuid:file_id>/assign/", views.FileAssignView.as_view(), name="file-assign"),
    path(
        "files/<uuid:file_id>/advance-stage/",
        views.StageAdvanceView.as_view(),
        name="stage-advance",
    ),
    path(
        "files/<uuid:file_id>/correct-stage/",
        views.StageCorrectView.as_view(),
        name="stage-correct",
    ),
    path(
        "files/<uuid:file_id>/close-early/",
        views.FileCloseEarlyView.as_view(),
        name="file-close-early",
    ),
    path(
        "files/<uuid:file_id>/hearings/",
        views.HearingScheduleView.as_view(),
        name="hearing-schedule",
    ),
    path(
        "hearings/<uuid:hearing_id>/result/",
        views.HearingResultView.as_view(),
        name="hearing-result",
    ),
    path("operations/", views.OperationListView.as_view(), name="operation-list"),
    path("operations/new/", views.OperationNewView.as_view(), name="operation-new"),
    path(
        "operations/<uuid:operation_id>/",
        views.OperationDetailView.as_view(),
        name="operation-detail",
    ),
    path(
        "operations/<uuid:operation_id>/link-reports/",
        views.OperationLinkReportsView.as_view(),
        name="operation-link-reports",
    ),
    # -- defendants, charges, verdicts, appeals, victims, measures (slice 2) --
    # -- funnel, calendar, queues (slice 3) --
    # -- code lists (platform administrator) --
    path("code-lists/", views_codelists.CodeListsView.as_view(), name="code-lists"),
    path(
        "code-lists/offences/new/",
        views_codelists.OffenceEditView.as_view(),
        name="offence-new",
    ),
    path(
        "code-lists/offences/<uuid:entry_id>/",
        views_codelists.OffenceEditView.as_view(),
        name="offence-edit",
    ),
    path(
        "code-lists/aggravating/new/",
        views_codelists.AggravatingEditView.as_view(),
        name="aggravating-new",
    ),
    path(
        "code-lists/aggravating/<uuid:entry_id>/",
        views_codelists.AggravatingEditView.as_view(),
        name="aggravating-edit",
    ),
    path(
        "code-lists/time-limits/<slug:stage>/",
        views_codelists.TimeLimitEditView.as_view(),
        name="time-limit-edit",
    ),
]
