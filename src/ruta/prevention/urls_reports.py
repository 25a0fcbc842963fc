"""Pages: the training report, coverage of mandatory courses, exports (slice reports)."""

from django.urls import path

from ruta.prevention import views_reports as v

urlpatterns: list = [
    path("report/", v.TrainingReportView.as_view(), name="report"),
    path("report/pdf/", v.TrainingReportPdfView.as_view(), name="report-pdf"),
    path("report/xlsx/", v.TrainingReportXlsxView.as_view(), name="report-xlsx"),
    path("coverage/", v.CoverageView.as_view(), name="coverage"),
    path("coverage/export/", v.CoverageExportView.as_view(), name="coverage-export"),
]
