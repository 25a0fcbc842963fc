"""API routes: data sets and returns (slice returns)."""

from django.urls import path

from ruta.results.api import views_datasets as d
from ruta.results.api import views_returns as r

urlpatterns: list = [
    path("data-sets/", d.DataSetListApi.as_view(), name="results-dataset-list"),
    path(
        "data-sets/<uuid:data_set_id>/",
        d.DataSetDetailApi.as_view(),
        name="results-dataset-detail",
    ),
    path(
        "data-sets/<uuid:data_set_id>/update/",
        d.DataSetUpdateApi.as_view(),
        name="results-dataset-update",
    ),
    path(
        "data-sets/<uuid:data_set_id>/elements/",
        d.ElementAddApi.as_view(),
        name="results-element-add",
    ),
    path(
        "data-elements/<uuid:element_id>/update/",
        d.ElementUpdateApi.as_view(),
        name="results-element-update",
    ),
    path(
        "data-elements/<uuid:element_id>/remove/",
        d.ElementRemoveApi.as_view(),
        name="results-element-remove",
    ),
    path(
        "data-sets/<uuid:data_set_id>/rules/",
        d.RuleAddApi.as_view(),
        name="results-rule-add",
    ),
    path(
        "validation-rules/<uuid:rule_id>/remove/",
        d.RuleRemoveApi.as_view(),
        name="results-rule-remove",
    ),
    path("returns/", r.ReturnListApi.as_view(), name="results-return-list"),
    path(
        "data-sets/<uuid:data_set_id>/returns/open/",
        r.ReturnOpenApi.as_view(),
        name="results-return-open",
    ),
    path(
        "returns/<uuid:return_id>/",
        r.ReturnDetailApi.as_view(),
        name="results-return-detail",
    ),
    path(
        "returns/<uuid:return_id>/save/",
        r.ReturnSaveApi.as_view(),
        name="results-return-save",
    ),
    path(
        "returns/<uuid:return_id>/submit/",
        r.ReturnSubmitApi.as_view(),
        name="results-return-submit",
    ),
    path(
        "returns/<uuid:return_id>/approve/",
        r.ReturnApproveApi.as_view(),
        name="results-return-approve",
    ),
    path(
        "returns/<uuid:return_id>/send-back/",
        r.ReturnSendBackApi.as_view(),
        name="results-return-send-back",
    ),
]
