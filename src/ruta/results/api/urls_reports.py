"""API routes: reports (the donor report as JSON, PDF and XLSX; the IATI activity file)."""

from django.urls import path

from ruta.results.api import views_reports as v

urlpatterns: list = [
    path(
        "frameworks/<uuid:framework_id>/donor-report/",
        v.DonorReportApi.as_view(),
        name="results-donor-report",
    ),
    path(
        "frameworks/<uuid:framework_id>/donor-report/pdf/",
        v.DonorReportPdfApi.as_view(),
        name="results-donor-report-pdf",
    ),
    path(
        "frameworks/<uuid:framework_id>/donor-report/xlsx/",
        v.DonorReportXlsxApi.as_view(),
        name="results-donor-report-xlsx",
    ),
    path(
        "frameworks/<uuid:framework_id>/iati/",
        v.FrameworkIatiApi.as_view(),
        name="results-iati",
    ),
]
