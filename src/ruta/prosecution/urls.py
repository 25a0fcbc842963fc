"""Pages of the prosecution pillar: one route per action."""

from django.urls import path  # noqa: F401

app_name = "prosecution"

urlpatterns: list = [
    # -- files, stages, hearings, operations (slice 1) --
    # -- defendants, charges, verdicts, appeals, victims, measures (slice 2) --
    # -- funnel, calendar, queues (slice 3) --
]
