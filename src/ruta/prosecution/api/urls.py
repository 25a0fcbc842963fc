"""API routes of the prosecution pillar (names carry the ``api:`` namespace of api_urls)."""

from django.urls import path  # noqa: F401

urlpatterns: list = [
    # -- files, stages, hearings, operations (slice 1) --
    # -- defendants, charges, verdicts, appeals, victims, measures (slice 2) --
    # -- funnel, calendar (slice 3) --
]
