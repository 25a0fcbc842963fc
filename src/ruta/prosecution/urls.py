"""Pages of the prosecution pillar: one route per action."""

from django.urls import path

from ruta.prosecution import views_codelists, views_funnel

app_name = "prosecution"

urlpatterns: list = [
    # -- files, stages, hearings, operations (slice 1) --
    # -- defendants, charges, verdicts, appeals, victims, measures (slice 2) --
    # -- funnel, calendar, queues (slice 3) --
    path("funnel/", views_funnel.FunnelView.as_view(), name="funnel"),
    path("queues/", views_funnel.QueuesView.as_view(), name="queues"),
    path("hearings/", views_funnel.HearingCalendarView.as_view(), name="calendar"),
    # -- code lists (platform administrator) --
    path("code-lists/", views_codelists.CodeListsView.as_view(), name="code-lists"),
    path(
        "code-lists/offences/new/",
        views_codelists.OffenceEditView.as_view(),
        name="offence-new",
    ),
    path(
        "code-lists/offences/<uuid:entry_id>/",
        views_codelists.OffenceEditView.as_view(),
        name="offence-edit",
    ),
    path(
        "code-lists/aggravating/new/",
        views_codelists.AggravatingEditView.as_view(),
        name="aggravating-new",
    ),
    path(
        "code-lists/aggravating/<uuid:entry_id>/",
        views_codelists.AggravatingEditView.as_view(),
        name="aggravating-edit",
    ),
    path(
        "code-lists/time-limits/<slug:stage>/",
        views_codelists.TimeLimitEditView.as_view(),
        name="time-limit-edit",
    ),
]
