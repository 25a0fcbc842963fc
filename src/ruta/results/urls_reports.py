"""Pages: reports (the donor progress report, its PDF and XLSX, the IATI activity file)."""

from django.urls import path

from ruta.results import views_reports as v

urlpatterns: list = [
    path(
        "frameworks/<uuid:framework_id>/donor-report/",
        v.DonorReportView.as_view(),
        name="donor-report",
    ),
    path(
        "frameworks/<uuid:framework_id>/donor-report/pdf/",
        v.DonorReportPdfView.as_view(),
        name="donor-report-pdf",
    ),
    path(
        "frameworks/<uuid:framework_id>/donor-report/xlsx/",
        v.DonorReportXlsxView.as_view(),
        name="donor-report-xlsx",
    ),
    path(
        "frameworks/<uuid:framework_id>/iati.xml",
        v.FrameworkIatiView.as_view(),
        name="framework-iati",
    ),
]
