"""API routes: the training report, coverage of mandatory courses, exports."""

from django.urls import path

from ruta.prevention.api import views_reports

urlpatterns: list = [
    path(
        "prevention/report/",
        views_reports.TrainingReportApi.as_view(),
        name="prevention-report",
    ),
]
