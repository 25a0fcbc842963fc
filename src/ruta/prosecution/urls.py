"""Pages of the prosecution pillar: one route per action."""

from django.urls import path

from ruta.prosecution import views, views_codelists, views_funnel
from ruta.prosecution import views_people as people

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
    path("files/<uuid:file_id>/people/", people.FilePeopleView.as_view(), name="file-people"),
    path(
        "files/<uuid:file_id>/defendants/add/",
        people.DefendantAddView.as_view(),
        name="defendant-add",
    ),
    path(
        "defendants/<uuid:defendant_id>/update/",
        people.DefendantUpdateView.as_view(),
        name="defendant-update",
    ),
    path(
        "defendants/<uuid:defendant_id>/charges/add/",
        people.ChargeAddView.as_view(),
        name="charge-add",
    ),
    path(
        "defendants/<uuid:defendant_id>/payments/add/",
        people.PaymentRecordView.as_view(),
        name="compensation-payment",
    ),
    path(
        "defendants/<uuid:defendant_id>/assets/add/",
        people.AssetRecordView.as_view(),
        name="asset-record",
    ),
    path(
        "charges/<uuid:charge_id>/verdict/",
        people.VerdictRecordView.as_view(),
        name="verdict-record",
    ),
    path("files/<uuid:file_id>/appeals/add/", people.AppealFileView.as_view(), name="appeal-file"),
    path(
        "appeals/<uuid:appeal_id>/decide/", people.AppealDecideView.as_view(), name="appeal-decide"
    ),
    path(
        "files/<uuid:file_id>/victims/link-case/",
        people.VictimLinkCaseView.as_view(),
        name="victim-link-case",
    ),
    path(
        "files/<uuid:file_id>/victims/record/",
        people.VictimRecordView.as_view(),
        name="victim-record",
    ),
    path(
        "file-victims/<uuid:victim_id>/update/",
        people.VictimUpdateView.as_view(),
        name="victim-update",
    ),
    path(
        "file-victims/<uuid:victim_id>/measures/add/",
        people.MeasureRequestView.as_view(),
        name="measure-request",
    ),
    path(
        "protection-measures/<uuid:measure_id>/decide/",
        people.MeasureDecideView.as_view(),
        name="measure-decide",
    ),
    # -- funnel, calendar, queues (slice 3) --
    path("funnel/", views_funnel.FunnelView.as_view(), name="funnel"),
    path("queues/", views_funnel.QueuesView.as_view(), name="queues"),
    path("hearings/", views_funnel.HearingCalendarView.as_view(), name="calendar"),
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
