from django.urls import path

from ruta.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="case-list"),
    path("new/", views.CaseOpenView.as_view(), name="case-open"),
    path("<uuid:case_id>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("<uuid:case_id>/<slug:action>/", views.CaseActionView.as_view(), name="case-action"),
    path("tasks/<uuid:task_id>/complete/", views.TaskCompleteView.as_view(), name="task-complete"),
]
