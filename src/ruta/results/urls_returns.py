"""Pages: data sets and returns (slice returns)."""

from django.urls import path

from ruta.results import views_datasets as ds
from ruta.results import views_returns as rv

urlpatterns: list = [
    path("data-sets/", ds.DataSetListView.as_view(), name="dataset-list"),
    path("data-sets/new/", ds.DataSetNewView.as_view(), name="dataset-new"),
    path("data-sets/<uuid:data_set_id>/", ds.DataSetDetailView.as_view(), name="dataset-detail"),
    path("data-sets/<uuid:data_set_id>/edit/", ds.DataSetEditView.as_view(), name="dataset-edit"),
    path(
        "data-sets/<uuid:data_set_id>/elements/",
        ds.ElementAddView.as_view(),
        name="element-add",
    ),
    path(
        "data-elements/<uuid:element_id>/edit/",
        ds.ElementEditView.as_view(),
        name="element-edit",
    ),
    path(
        "data-elements/<uuid:element_id>/remove/",
        ds.ElementRemoveView.as_view(),
        name="element-remove",
    ),
    path("data-sets/<uuid:data_set_id>/rules/", ds.RuleAddView.as_view(), name="rule-add"),
    path(
        "validation-rules/<uuid:rule_id>/remove/",
        ds.RuleRemoveView.as_view(),
        name="rule-remove",
    ),
    path("returns/", rv.OurReturnsView.as_view(), name="return-list"),
    path(
        "data-sets/<uuid:data_set_id>/returns/open/",
        rv.ReturnOpenView.as_view(),
        name="return-open",
    ),
    path("returns/<uuid:return_id>/", rv.ReturnDetailView.as_view(), name="return-detail"),
    path("returns/<uuid:return_id>/save/", rv.ReturnSaveView.as_view(), name="return-save"),
    path("returns/<uuid:return_id>/submit/", rv.ReturnSubmitView.as_view(), name="return-submit"),
    path(
        "returns/<uuid:return_id>/approve/", rv.ReturnApproveView.as_view(), name="return-approve"
    ),
    path(
        "returns/<uuid:return_id>/send-back/",
        rv.ReturnSendBackView.as_view(),
        name="return-send-back",
    ),
]
