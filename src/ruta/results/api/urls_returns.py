"""API routes: data sets and returns (slice returns)."""

from django.urls import path

from ruta.results.api import views_datasets as d
from ruta.results.api import views_returns as r

urlpatterns: list = [
    path("results/data-sets/", d.DataSetListApi.as_view(), name="results-dataset-list"),
    path(
        "results/data-sets/<uuid:data_set_id>/",
        d.DataSetDetailApi.as_view(),
        name="results-dataset-detail",
    ),
    path(
        "results/data-sets/<uuid:data_set_id>/update/",
        d.DataSetUpdateApi.as_view(),
        name="results-dataset-update",
    ),
    path(
        "results/data-sets/<uuid:data_set_id>/elements/",
        d.ElementAddApi.as_view(),
        name="results-element-add",
    ),
    path(
        "results/data-elements/<uuid:element_id>/update/",
        d.ElementUpdateApi.as_view(),
        name="results-element-update",
    ),
    path(
        "results/data-elements/<uuid:element_id>/remove/",
        d.ElementRemoveApi.as_view(),
        name="results-element-remove",
    ),
    path(
        "results/data-sets/<uuid:data_set_id>/rules/",
        d.RuleAddApi.as_view(),
        name="results-rule-add",
    ),
    path(
        "results/validation-rules/<uuid:rule_id>/remove/",
        d.RuleRemoveApi.as_view(),
        name="results-rule-remove",
    ),
    path("results/returns/", r.ReturnListApi.as_view(), name="results-return-list"),
    path(
        "results/data-sets/<uuid:data_set_id>/returns/open/",
        r.ReturnOpenApi.as_view(),
        name="results-return-open",
    ),
    path(
        "results/returns/<uuid:return_id>/",
        r.ReturnDetailApi.as_view(),
        name="results-return-detail",
    ),
    path(
        "results/returns/<uuid:return_id>/save/",
        r.ReturnSaveApi.as_view(),
        name="results-return-save",
    ),
    path(
        "results/returns/<uuid:return_id>/submit/",
        r.ReturnSubmitApi.as_view(),
        name="results-return-submit",
    ),
    path(
        "results/returns/<uuid:return_id>/approve/",
        r.ReturnApproveApi.as_view(),
        name="results-return-approve",
    ),
    path(
        "results/returns/<uuid:return_id>/send-back/",
        r.ReturnSendBackApi.as_view(),
        name="results-return-send-back",
    ),
]
