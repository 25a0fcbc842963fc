"""API of the data sets: list, create, read, update; elements and rules. Each view calls one
selector or service; the rules are in ``policies``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.core.api.errors import unprocessable
from ruta.core.api.pagination import PageNumberWithoutCountPagination
from ruta.core.api.views import ActionApi
from ruta.core.errors import require
from ruta.institutions.models import Institution
from ruta.results import policies
from ruta.results import selectors_returns as selectors
from ruta.results.api import serializers_returns as s
from ruta.results.models import DataElement, DataSet, ValidationRule
from ruta.results.services import datasets as services


def _institutions(ids: list) -> list[Institution]:
    found = list(Institution.objects.filter(pk__in=set(ids), is_active=True))
    if len(found) != len(set(ids)):
        raise unprocessable({"reporting_institutions": [_("Unknown institution.")]})
    return found


def _values(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    if "reporting_institutions" in data:
        data["reporting_institutions"] = _institutions(data["reporting_institutions"])
    return data


def _detail(data_set: DataSet, actor) -> dict:
    fresh = selectors.data_set_get(actor=actor, data_set_id=data_set.pk)
    return s.DataSetDetailSerializer(fresh).data


class DataSetListApi(GenericAPIView):
    serializer_class = s.DataSetSerializer
    queryset = DataSet.objects.none()
    pagination_class = PageNumberWithoutCountPagination

    @extend_schema(operation_id="results_datasets_list", responses=s.DataSetSerializer(many=True))
    def get(self, request):
        require(policies.can_use_returns(request.actor))
        page = self.paginate_queryset(selectors.data_set_list(actor=request.actor))
        return self.get_paginated_response(s.DataSetSerializer(page, many=True).data)

    @extend_schema(
        operation_id="results_datasets_create",
        request=s.DataSetCreateSerializer,
        responses={201: s.DataSetDetailSerializer},
    )
    def post(self, request):
        actor = request.actor
        require(policies.can_create_data_set(actor))
        body = s.DataSetCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data_set = services.data_set_create(actor=actor, **_values(body.validated_data))
        return Response(_detail(data_set, actor), status=status.HTTP_201_CREATED)


class DataSetDetailApi(GenericAPIView):
    serializer_class = s.DataSetDetailSerializer
    queryset = DataSet.objects.none()

    @extend_schema(operation_id="results_datasets_retrieve")
    def get(self, request, data_set_id):
        data_set = selectors.data_set_get(actor=request.actor, data_set_id=data_set_id)
        return Response(s.DataSetDetailSerializer(data_set).data)


class _DataSetActionApi(ActionApi):
    queryset: QuerySet[Any] = DataSet.objects.none()
    response_serializer_class = s.DataSetDetailSerializer

    def load(self, request, **kwargs: Any) -> Any:
        return selectors.data_set_for_manage(actor=request.actor, data_set_id=kwargs["data_set_id"])

    def respond(self, request, result: Any) -> Response:
        data_set = result if isinstance(result, DataSet) else result.data_set
        return Response(_detail(data_set, request.actor), status=self.success_status)


class DataSetUpdateApi(_DataSetActionApi):
    """Change the details sent, naming the version read."""

    serializer_class = s.DataSetUpdateSerializer
    operation_id = "results_datasets_update"

    def perform(self, request, obj: DataSet, data: dict[str, Any]) -> DataSet:
        values = _values(data)
        version = values.pop("version")
        return services.data_set_update(
            actor=request.actor, data_set=obj, version=version, **values
        )


class ElementAddApi(_DataSetActionApi):
    serializer_class = s.ElementAddSerializer
    operation_id = "results_elements_add"

    def perform(self, request, obj: DataSet, data: dict[str, Any]) -> DataSet:
        services.element_add(actor=request.actor, data_set=obj, **data)
        return obj


class ElementUpdateApi(_DataSetActionApi):
    queryset = DataElement.objects.none()
    serializer_class = s.ElementUpdateSerializer
    operation_id = "results_elements_update"

    def load(self, request, **kwargs: Any) -> DataElement:
        return selectors.element_for_manage(actor=request.actor, element_id=kwargs["element_id"])

    def perform(self, request, obj: DataElement, data: dict[str, Any]) -> DataSet:
        services.element_update(actor=request.actor, element=obj, **data)
        return obj.data_set


class ElementRemoveApi(_DataSetActionApi):
    queryset = DataElement.objects.none()
    serializer_class = None
    operation_id = "results_elements_remove"

    def load(self, request, **kwargs: Any) -> DataElement:
        return selectors.element_for_manage(actor=request.actor, element_id=kwargs["element_id"])

    def perform(self, request, obj: DataElement, data: dict[str, Any]) -> DataSet:
        services.element_remove(actor=request.actor, element=obj)
        return obj.data_set


class RuleAddApi(_DataSetActionApi):
    serializer_class = s.RuleAddSerializer
    operation_id = "results_rules_add"

    def perform(self, request, obj: DataSet, data: dict[str, Any]) -> DataSet:
        elements = {e.pk: e for e in DataElement.objects.filter(data_set=obj)}
        services.rule_add(
            actor=request.actor,
            data_set=obj,
            left=elements.get(data["left"]),
            operator=data["operator"],
            right=elements.get(data["right"]),
        )
        return obj


class RuleRemoveApi(_DataSetActionApi):
    queryset = ValidationRule.objects.none()
    serializer_class = None
    operation_id = "results_rules_remove"

    def load(self, request, **kwargs: Any) -> ValidationRule:
        return selectors.rule_for_manage(actor=request.actor, rule_id=kwargs["rule_id"])

    def perform(self, request, obj: ValidationRule, data: dict[str, Any]) -> DataSet:
        services.rule_remove(actor=request.actor, rule=obj)
        return obj.data_set
