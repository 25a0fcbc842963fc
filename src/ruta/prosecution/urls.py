"""Pages of the prosecution pillar: one route per action."""

from django.urls import path

from ruta.prosecution import views_codelists
from ruta.prosecution import views_people as people

app_name = "prosecution"

urlpatterns: list = [
    # -- files, stages, hearings, operations (slice 1) --
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
