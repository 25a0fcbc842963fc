from django.urls import path

from ruta.care import views

app_name = "care"

urlpatterns = [
    path("cases/<uuid:case_id>/", views.CareView.as_view(), name="care"),
    path(
        "cases/<uuid:case_id>/assessments/",
        views.AssessmentView.as_view(),
        name="assessment-new",
    ),
    path("cases/<uuid:case_id>/<slug:action>/", views.CareActionView.as_view(), name="care-action"),
    path("goals/<uuid:goal_id>/status/", views.GoalStatusView.as_view(), name="goal-status"),
    path(
        "services/<uuid:service_id>/<slug:action>/",
        views.ServiceActionView.as_view(),
        name="service-action",
    ),
]
