from django.urls import path

from ruta.audit import views

app_name = "audit"

urlpatterns = [path("", views.AuditEventListView.as_view(), name="event-list")]
