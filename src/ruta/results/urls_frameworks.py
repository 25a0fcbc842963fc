"""Pages: frameworks."""

from django.urls import path

from ruta.results import views_frameworks as v

urlpatterns: list = [
    path("frameworks/", v.FrameworkListView.as_view(), name="framework-list"),
    path("frameworks/new/", v.FrameworkNewView.as_view(), name="framework-new"),
    path(
        "frameworks/<uuid:framework_id>/",
        v.FrameworkDetailView.as_view(),
        name="framework-detail",
    ),
    path(
        "frameworks/<uuid:framework_id>/edit/",
        v.FrameworkEditView.as_view(),
        name="framework-edit",
    ),
    path(
        "frameworks/<uuid:framework_id>/dashboard/",
        v.FrameworkDashboardView.as_view(),
        name="framework-dashboard",
    ),
    path("frameworks/<uuid:framework_id>/results/new/", v.NodeAddView.as_view(), name="node-add"),
    path("results/<uuid:node_id>/edit/", v.NodeEditView.as_view(), name="node-edit"),
    path("results/<uuid:node_id>/remove/", v.NodeRemoveView.as_view(), name="node-remove"),
    path(
        "frameworks/<uuid:framework_id>/indicators/new/",
        v.IndicatorNewView.as_view(),
        name="indicator-new",
    ),
    path(
        "frameworks/<uuid:framework_id>/narrative/",
        v.NarrativeEditView.as_view(),
        name="narrative-edit",
    ),
    path(
        "indicators/<uuid:indicator_id>/", v.IndicatorDetailView.as_view(), name="indicator-detail"
    ),
    path(
        "indicators/<uuid:indicator_id>/edit/",
        v.IndicatorEditView.as_view(),
        name="indicator-edit",
    ),
    path(
        "indicators/<uuid:indicator_id>/targets/",
        v.TargetSetView.as_view(),
        name="target-set",
    ),
    path("targets/<uuid:target_id>/remove/", v.TargetRemoveView.as_view(), name="target-remove"),
    path(
        "indicators/<uuid:indicator_id>/measurements/",
        v.MeasurementRecordView.as_view(),
        name="measurement-record",
    ),
]
