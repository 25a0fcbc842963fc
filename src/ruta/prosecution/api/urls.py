"""API routes of the prosecution pillar (names carry the ``api:`` namespace of api_urls)."""

from django.urls import path

from ruta.prosecution.api import views_codelists, views_funnel

urlpatterns: list = [
    # -- files, stages, hearings, operations (slice 1) --
    # -- defendants, charges, verdicts, appeals, victims, measures (slice 2) --
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
