"""API routes of the prosecution pillar (names carry the ``api:`` namespace of api_urls)."""

from django.urls import path

from ruta.prosecution.api import views, views_codelists, views_funnel
from ruta.prosecution.api import views_people as people

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
    path(
        "criminal-files/<uuid:file_id>/defendants/",
        people.DefendantListApi.as_view(),
        name="criminal-file-defendants",
    ),
    path(
        "defendants/<uuid:defendant_id>/",
        people.DefendantDetailApi.as_view(),
        name="defendant-detail",
    ),
    path(
        "defendants/<uuid:defendant_id>/update/",
        people.DefendantUpdateApi.as_view(),
        name="defendant-update",
    ),
    path(
        "defendants/<uuid:defendant_id>/charges/",
        people.ChargeAddApi.as_view(),
        name="defendant-charges",
    ),
    path(
        "defendants/<uuid:defendant_id>/payments/",
        people.PaymentRecordApi.as_view(),
        name="defendant-payments",
    ),
    path(
        "defendants/<uuid:defendant_id>/assets/",
        people.AssetRecordApi.as_view(),
        name="defendant-assets",
    ),
    path(
        "charges/<uuid:charge_id>/verdict/",
        people.VerdictRecordApi.as_view(),
        name="charge-verdict",
    ),
    path(
        "criminal-files/<uuid:file_id>/appeals/",
        people.AppealFileApi.as_view(),
        name="criminal-file-appeals",
    ),
    path(
        "appeals/<uuid:appeal_id>/decide/",
        people.AppealDecideApi.as_view(),
        name="appeal-decide",
    ),
    path(
        "criminal-files/<uuid:file_id>/victims/",
        people.VictimListApi.as_view(),
        name="criminal-file-victims",
    ),
    path(
        "criminal-files/<uuid:file_id>/victims/link-case/",
        people.VictimLinkCaseApi.as_view(),
        name="criminal-file-victims-link-case",
    ),
    path(
        "criminal-files/<uuid:file_id>/victims/record/",
        people.VictimRecordApi.as_view(),
        name="criminal-file-victims-record",
    ),
    path(
        "file-victims/<uuid:victim_id>/update/",
        people.VictimUpdateApi.as_view(),
        name="file-victim-update",
    ),
    path(
        "file-victims/<uuid:victim_id>/measures/",
        people.MeasureRequestApi.as_view(),
        name="file-victim-measures",
    ),
    path(
        "protection-measures/<uuid:measure_id>/decide/",
        people.MeasureDecideApi.as_view(),
        name="protection-measure-decide",
    ),
    # -- funnel, calendar (slice 3) --
    path("prosecution/funnel/", views_funnel.FunnelApi.as_view(), name="prosecution-funnel"),
    path("hearings/", views_funnel.HearingCalendarApi.as_view(), name="hearing-calendar"),
    # -- code lists --
    path(
        "prosecution/code-lists/",
        views_codelists.CodeListsApi.as_view(),
        name="prosecution-code-lists",
    ),
]
