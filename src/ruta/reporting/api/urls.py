from django.urls import path

from ruta.reporting.api import views

urlpatterns = [
    path("statistics/victims/", views.VictimsDashboardApi.as_view(), name="statistics-victims"),
    path("statistics/response/", views.ResponseDashboardApi.as_view(), name="statistics-response"),
    path("statistics/actions/", views.ActionsDashboardApi.as_view(), name="statistics-actions"),
    path("statistics/releases/", views.ReleaseListApi.as_view(), name="statistics-release-list"),
    path(
        "statistics/releases/prepare/",
        views.ReleasePrepareApi.as_view(),
        name="statistics-release-prepare",
    ),
    path(
        "statistics/releases/<uuid:release_id>/",
        views.ReleaseDetailApi.as_view(),
        name="statistics-release-detail",
    ),
    path(
        "statistics/releases/<uuid:release_id>/publish/",
        views.ReleasePublishApi.as_view(),
        name="statistics-release-publish",
    ),
    path("statistics/exports/", views.ExportListApi.as_view(), name="statistics-export-list"),
    path(
        "statistics/exports/start/", views.ExportStartApi.as_view(), name="statistics-export-start"
    ),
    path(
        "statistics/exports/<uuid:job_id>/",
        views.ExportDetailApi.as_view(),
        name="statistics-export-detail",
    ),
    path(
        "statistics/exports/<uuid:job_id>/download/",
        views.ExportDownloadApi.as_view(),
        name="statistics-export-download",
    ),
]
