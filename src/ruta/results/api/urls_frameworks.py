"""API routes: frameworks."""

from django.urls import path

from ruta.results.api import views_frameworks as v

F = "frameworks/<uuid:framework_id>"

urlpatterns: list = [
    path("frameworks/", v.FrameworkListApi.as_view(), name="results-framework-list"),
    path(
        "frameworks/new/",
        v.FrameworkCreateApi.as_view(),
        name="results-framework-create",
    ),
    path(f"{F}/", v.FrameworkDetailApi.as_view(), name="results-framework-detail"),
    path(f"{F}/update/", v.FrameworkUpdateApi.as_view(), name="results-framework-update"),
    path(f"{F}/dashboard/", v.DashboardApi.as_view(), name="results-dashboard"),
    path(f"{F}/results/", v.NodeCreateApi.as_view(), name="results-node-create"),
    path(f"{F}/indicators/", v.IndicatorCreateApi.as_view(), name="results-indicator-create"),
    path(f"{F}/narratives/", v.NarrativeSaveApi.as_view(), name="results-narrative-save"),
    path(
        "nodes/<uuid:node_id>/update/",
        v.NodeUpdateApi.as_view(),
        name="results-node-update",
    ),
    path(
        "nodes/<uuid:node_id>/remove/",
        v.NodeRemoveApi.as_view(),
        name="results-node-remove",
    ),
    path(
        "indicators/<uuid:indicator_id>/",
        v.IndicatorDetailApi.as_view(),
        name="results-indicator-detail",
    ),
    path(
        "indicators/<uuid:indicator_id>/update/",
        v.IndicatorUpdateApi.as_view(),
        name="results-indicator-update",
    ),
    path(
        "indicators/<uuid:indicator_id>/targets/",
        v.TargetSetApi.as_view(),
        name="results-target-set",
    ),
    path(
        "targets/<uuid:target_id>/remove/",
        v.TargetRemoveApi.as_view(),
        name="results-target-remove",
    ),
    path(
        "indicators/<uuid:indicator_id>/measurements/",
        v.MeasurementRecordApi.as_view(),
        name="results-measurement-record",
    ),
]
