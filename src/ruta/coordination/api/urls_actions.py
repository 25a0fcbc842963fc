"""API routes: actions."""

from django.urls import path

from ruta.coordination.api import views_actions as v

urlpatterns: list = [
    path(
        "meetings/<uuid:meeting_id>/agreements/",
        v.AgreementCreateApi.as_view(),
        name="coordination-agreement-create",
    ),
    path(
        "agreements/<uuid:agreement_id>/",
        v.AgreementDetailApi.as_view(),
        name="coordination-agreement-detail",
    ),
    path(
        "agreements/<uuid:agreement_id>/update/",
        v.AgreementUpdateApi.as_view(),
        name="coordination-agreement-update",
    ),
    path(
        "agreements/<uuid:agreement_id>/actions/",
        v.ActionCreateApi.as_view(),
        name="coordination-action-create",
    ),
    path("actions/", v.ActionListApi.as_view(), name="coordination-action-list"),
    path(
        "actions/<uuid:action_id>/update/",
        v.ActionUpdateApi.as_view(),
        name="coordination-action-update",
    ),
    path(
        "actions/<uuid:action_id>/progress/",
        v.ActionProgressApi.as_view(),
        name="coordination-action-progress",
    ),
    path(
        "actions/<uuid:action_id>/done/",
        v.ActionDoneApi.as_view(),
        name="coordination-action-done",
    ),
    path(
        "actions/<uuid:action_id>/cancel/",
        v.ActionCancelApi.as_view(),
        name="coordination-action-cancel",
    ),
]
