"""Pages: bulk enrolment and results from spreadsheets (slice imports)."""

from django.urls import path

from ruta.prevention import views_imports as views

urlpatterns: list = [
    path(
        "sessions/<uuid:session_id>/imports/new/",
        views.ImportNewView.as_view(),
        name="import-new",
    ),
    path(
        "sessions/<uuid:session_id>/imports/template/<slug:kind>.xlsx",
        views.ImportTemplateView.as_view(),
        name="import-template",
    ),
    path("imports/<uuid:job_id>/", views.ImportDetailView.as_view(), name="import-detail"),
    path(
        "imports/<uuid:job_id>/progress/",
        views.ImportProgressView.as_view(),
        name="import-progress",
    ),
    path(
        "imports/<uuid:job_id>/confirm/",
        views.ImportConfirmView.as_view(),
        name="import-confirm",
    ),
    path(
        "imports/<uuid:job_id>/discard/",
        views.ImportDiscardView.as_view(),
        name="import-discard",
    ),
]
