from django.urls import path

from ruta.intake import views

app_name = "intake"

urlpatterns = [
    path("reports/", views.ReportQueueView.as_view(), name="report-queue"),
    path("reports/new/", views.ReportCreateView.as_view(), name="report-create"),
    path("reports/<uuid:report_id>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<uuid:report_id>/take/", views.ReportTakeView.as_view(), name="report-take"),
    path(
        "reports/<uuid:report_id>/accept/", views.ReportAcceptView.as_view(), name="report-accept"
    ),
    path("reports/<uuid:report_id>/close/", views.ReportCloseView.as_view(), name="report-close"),
    path("public/", views.PublicReportView.as_view(), name="public-report"),
    path("public/thanks/", views.PublicReportThanksView.as_view(), name="public-report-thanks"),
]
