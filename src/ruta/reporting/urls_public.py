"""The public observatory (no sign-in): each name is listed in
``accounts.middleware.PUBLIC_URL_NAMES``."""

from django.urls import path

from ruta.reporting import views_releases as v

app_name = "observatory"

urlpatterns = [
    path("", v.PublicHomeView.as_view(), name="home"),
    path("methodology/", v.PublicMethodologyView.as_view(), name="methodology"),
    path("releases/<uuid:release_id>/", v.PublicReleaseView.as_view(), name="release"),
    path("releases/<uuid:release_id>/tables.xlsx", v.PublicReleaseXlsxView.as_view(), name="xlsx"),
    path(
        "releases/<uuid:release_id>/<slug:code>.sdmx.csv",
        v.PublicTableSdmxView.as_view(),
        name="sdmx",
    ),
    path("releases/<uuid:release_id>/<slug:code>.csv", v.PublicTableCsvView.as_view(), name="csv"),
]
