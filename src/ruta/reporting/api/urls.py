from django.urls import path

from ruta.reporting.api import views

urlpatterns = [
    path("statistics/victims/", views.VictimsDashboardApi.as_view(), name="statistics-victims"),
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
]
