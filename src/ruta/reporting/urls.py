"""Pages of the statistics: one route per action."""

from django.urls import path

from ruta.reporting import views, views_exports, views_releases

app_name = "reporting"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("victims.pdf", views.DashboardPdfView.as_view(), name="dashboard-pdf"),
    path("victims.xlsx", views.DashboardXlsxView.as_view(), name="dashboard-xlsx"),
    path("response/", views.ResponseView.as_view(), name="response"),
    path("response.pdf", views.ResponsePdfView.as_view(), name="response-pdf"),
    path("response.xlsx", views.ResponseXlsxView.as_view(), name="response-xlsx"),
    path("actions/", views.ActionsView.as_view(), name="actions"),
    path("actions.pdf", views.ActionsPdfView.as_view(), name="actions-pdf"),
    path("actions.xlsx", views.ActionsXlsxView.as_view(), name="actions-xlsx"),
    path("releases/", views_releases.ReleaseListView.as_view(), name="release-list"),
    path("releases/prepare/", views_releases.ReleasePrepareView.as_view(), name="release-prepare"),
    path(
        "releases/<uuid:release_id>/",
        views_releases.ReleaseDetailView.as_view(),
        name="release-detail",
    ),
    path("exports/", views_exports.ExportListView.as_view(), name="export-list"),
    path("exports/start/", views_exports.ExportStartView.as_view(), name="export-start"),
    path("exports/<uuid:job_id>/", views_exports.ExportDetailView.as_view(), name="export-detail"),
    path(
        "exports/<uuid:job_id>/download/",
        views_exports.ExportDownloadView.as_view(),
        name="export-download",
    ),
    path(
        "releases/<uuid:release_id>/publish/",
        views_releases.ReleasePublishView.as_view(),
        name="release-publish",
    ),
]
