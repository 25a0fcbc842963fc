"""API routes: bulk enrolment and results from spreadsheets."""

from django.urls import path

from ruta.prevention.api import views_imports as views

urlpatterns: list = [
    path(
        "prevention/sessions/<uuid:session_id>/imports/",
        views.ImportCreateApi.as_view(),
        name="prevention-import-create",
    ),
    path(
        "prevention/sessions/<uuid:session_id>/imports/template/<slug:kind>/",
        views.ImportTemplateApi.as_view(),
        name="prevention-import-template",
    ),
    path(
        "prevention/imports/<uuid:job_id>/",
        views.ImportDetailApi.as_view(),
        name="prevention-import-detail",
    ),
    path(
        "prevention/imports/<uuid:job_id>/errors/",
        views.ImportErrorListApi.as_view(),
        name="prevention-import-errors",
    ),
    path(
        "prevention/imports/<uuid:job_id>/confirm/",
        views.ImportConfirmApi.as_view(),
        name="prevention-import-confirm",
    ),
    path(
        "prevention/imports/<uuid:job_id>/discard/",
        views.ImportDiscardApi.as_view(),
        name="prevention-import-discard",
    ),
]
