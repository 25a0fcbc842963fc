from django.urls import path

from ruta.reporting.api import views

urlpatterns = [
    path("statistics/victims/", views.VictimsDashboardApi.as_view(), name="statistics-victims"),
]
