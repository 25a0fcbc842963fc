"""Pages: actions."""

from django.urls import path

from ruta.coordination import views_actions as v

urlpatterns: list = [
    path(
        "meetings/<uuid:meeting_id>/agreements/new/",
        v.AgreementNewView.as_view(),
        name="agreement-new",
    ),
    path(
        "agreements/<uuid:agreement_id>/", v.AgreementDetailView.as_view(), name="agreement-detail"
    ),
    path(
        "agreements/<uuid:agreement_id>/edit/",
        v.AgreementEditView.as_view(),
        name="agreement-edit",
    ),
    path(
        "agreements/<uuid:agreement_id>/actions/new/",
        v.ActionNewView.as_view(),
        name="action-new",
    ),
    path("actions/", v.ActionListView.as_view(), name="action-list"),
    path("actions/<uuid:action_id>/edit/", v.ActionEditView.as_view(), name="action-edit"),
    path(
        "actions/<uuid:action_id>/progress/",
        v.ActionProgressView.as_view(),
        name="action-progress",
    ),
    path("actions/<uuid:action_id>/done/", v.ActionDoneView.as_view(), name="action-done"),
    path("actions/<uuid:action_id>/cancel/", v.ActionCancelView.as_view(), name="action-cancel"),
]
