from django.urls import path

from ruta.intake import views

app_name = "intake"

urlpatterns = [
    path("reports/", views.ReportQueueView.as_view(), name="report-queue"),
    path("reports/new/", views.ReportCreateView.as_view(), name="report-create"),
    path("reports/<uuid:report_id>/", views.ReportDetailView.as_view(), name="report-detail"),
    path(
        "reports/<uuid:report_id>/<slug:action>/",
        views.ReportActionView.as_view(),
        name="report-action",
    ),
    path("public/", views.PublicReportView.as_view(), name="public-report"),
    path("public/thanks/", views.PublicReportThanksView.as_view(), name="public-report-thanks"),
]
