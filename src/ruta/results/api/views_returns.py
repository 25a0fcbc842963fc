"""API of the returns: the acting institution's list, open a period's return, read one, save
its values (the whole form), submit, approve, send back."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.core.api.pagination import PageNumberWithoutCountPagination
from ruta.core.api.views import ActionApi
from ruta.core.errors import require
from ruta.results import policies
from ruta.results import selectors_returns as selectors
from ruta.results.api import serializers_returns as s
from ruta.results.models import DataReturn, DataSet
from ruta.results.services import returns as services


def _detail(data_return: DataReturn) -> dict:
    data_return.cell_values = selectors.return_values(data_return)  # type: ignore[attr-defined]
    return s.DataReturnDetailSerializer(data_return).data


class ReturnListApi(GenericAPIView):
    """The returns the actor reads: its institution's, and those of the data sets it collects."""

    serializer_class = s.DataReturnSerializer
    queryset = DataReturn.objects.none()
    pagination_class = PageNumberWithoutCountPagination

    @extend_schema(operation_id="results_returns_list", responses=s.DataReturnSerializer(many=True))
    def get(self, request):
        require(policies.can_use_returns(request.actor))
        page = self.paginate_queryset(selectors.return_list(actor=request.actor))
        return self.get_paginated_response(s.DataReturnSerializer(page, many=True).data)


class ReturnDetailApi(GenericAPIView):
    serializer_class = s.DataReturnDetailSerializer
    queryset = DataReturn.objects.none()

    @extend_schema(operation_id="results_returns_retrieve")
    def get(self, request, return_id):
        return Response(_detail(selectors.return_get(actor=request.actor, return_id=return_id)))


class _ReturnActionApi(ActionApi):
    queryset: QuerySet[Any] = DataReturn.objects.none()
    response_serializer_class = s.DataReturnDetailSerializer

    def respond(self, request, result: Any) -> Response:
        return Response(_detail(result), status=self.success_status)


class ReturnOpenApi(_ReturnActionApi):
    """Start (or find) the acting institution's return of a data set for an ended period."""

    queryset = DataSet.objects.none()
    serializer_class = s.ReturnOpenSerializer
    operation_id = "results_returns_open"

    def load(self, request, **kwargs: Any) -> DataSet:
        data_set = selectors.data_set_get(actor=request.actor, data_set_id=kwargs["data_set_id"])
        require(policies.can_open_return(request.actor, data_set))
        return data_set

    def perform(self, request, obj: DataSet, data: dict[str, Any]) -> DataReturn:
        return services.return_open(actor=request.actor, data_set=obj, period=data["period"])


class _FillApi(_ReturnActionApi):
    def load(self, request, **kwargs: Any) -> DataReturn:
        return selectors.return_for_fill(actor=request.actor, return_id=kwargs["return_id"])


class _ReviewApi(_ReturnActionApi):
    def load(self, request, **kwargs: Any) -> DataReturn:
        return selectors.return_for_review(actor=request.actor, return_id=kwargs["return_id"])


class ReturnSaveApi(_FillApi):
    """Save the whole form: ``values`` maps "<element>/<category>" (the element's code alone
    for a total) to a number, or null to clear the cell."""

    serializer_class = s.ReturnValuesSerializer
    operation_id = "results_returns_save"

    def perform(self, request, obj: DataReturn, data: dict[str, Any]) -> DataReturn:
        return services.return_save_values(
            actor=request.actor, data_return=obj, version=data["version"], values=data["values"]
        )


class ReturnSubmitApi(_FillApi):
    serializer_class = s.ResultsReturnVersionSerializer
    operation_id = "results_returns_submit"

    def perform(self, request, obj: DataReturn, data: dict[str, Any]) -> DataReturn:
        return services.return_submit(actor=request.actor, data_return=obj, version=data["version"])


class ReturnApproveApi(_ReviewApi):
    serializer_class = s.ResultsReturnVersionSerializer
    operation_id = "results_returns_approve"

    def perform(self, request, obj: DataReturn, data: dict[str, Any]) -> DataReturn:
        return services.return_approve(
            actor=request.actor, data_return=obj, version=data["version"]
        )


class ReturnSendBackApi(_ReviewApi):
    serializer_class = s.ReturnSendBackSerializer
    operation_id = "results_returns_send_back"

    def perform(self, request, obj: DataReturn, data: dict[str, Any]) -> DataReturn:
        return services.return_send_back(
            actor=request.actor, data_return=obj, version=data["version"], comment=data["comment"]
        )
