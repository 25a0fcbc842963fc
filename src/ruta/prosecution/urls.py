"""Pages of the prosecution pillar: one route per action."""

from django.urls import path

from ruta.prosecution import views_funnel

app_name = "prosecution"

urlpatterns: list = [
    # -- files, stages, hearings, operations (slice 1) --
    # -- defendants, charges, verdicts, appeals, victims, measures (slice 2) --
    # -- funnel, calendar, queues (slice 3) --
    path("funnel/", views_funnel.FunnelView.as_view(), name="funnel"),
    path("queues/", views_funnel.QueuesView.as_view(), name="queues"),
    path("hearings/", views_funnel.HearingCalendarView.as_view(), name="calendar"),
]
