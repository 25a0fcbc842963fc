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
    # One route per action, named as in the API (/api/v1/cases/<id>/care-plan/...).
    path("cases/<uuid:case_id>/plan/", views.PlanCreateView.as_view(), name="plan-create"),
    path("cases/<uuid:case_id>/plan/edit/", views.PlanEditView.as_view(), name="plan-edit"),
    path("cases/<uuid:case_id>/goals/", views.GoalAddView.as_view(), name="goal-add"),
    path("cases/<uuid:case_id>/services/", views.ServiceAddView.as_view(), name="service-add"),
    path("cases/<uuid:case_id>/reviews/", views.ReviewAddView.as_view(), name="review-add"),
    path("goals/<uuid:goal_id>/status/", views.GoalStatusView.as_view(), name="goal-status"),
    path(
        "services/<uuid:service_id>/status/",
        views.ServiceStatusView.as_view(),
        name="service-status",
    ),
    path(
        "services/<uuid:service_id>/deliveries/",
        views.DeliveryAddView.as_view(),
        name="delivery-add",
    ),
]
