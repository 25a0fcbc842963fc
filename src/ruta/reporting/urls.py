"""Pages of the statistics: one route per action."""

from django.urls import path

from ruta.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("victims.pdf", views.DashboardPdfView.as_view(), name="dashboard-pdf"),
    path("victims.xlsx", views.DashboardXlsxView.as_view(), name="dashboard-xlsx"),
]
