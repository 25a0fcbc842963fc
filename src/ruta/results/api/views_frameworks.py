"""API of the results frameworks. Each view calls one selector or service; the rules are in
``policies``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.coordination.models import Committee
from ruta.core.api.errors import unprocessable
from ruta.core.api.serializers import query_data
from ruta.core.api.views import ActionApi
from ruta.core.errors import require
from ruta.institutions.models import Institution
from ruta.results import policies
from ruta.results import selectors_frameworks as selectors
from ruta.results.api import serializers_frameworks as s
from ruta.results.models import Indicator, ResultNode, ResultsFramework, Target
from ruta.results.services import frameworks as framework_services
from ruta.results.services import indicators as indicator_services


def _committee(data: dict) -> dict:
    if data.get("committee"):
        committee = Committee.objects.filter(pk=data["committee"]).first()
        if committee is None:
            raise unprocessable({"committee": [_("Choose a committee your institution sits on.")]})
        data["committee"] = committee
    return data


def _node(framework: ResultsFramework, node_id, field: str) -> ResultNode | None:
    if not node_id:
        return None
    node = ResultNode.objects.filter(pk=node_id, framework=framework).first()
    if node is None:
        raise unprocessable({field: [_("Choose a result of this framework.")]})
    return node


def _indicator_values(framework: ResultsFramework, data: dict) -> dict:
    data = dict(data)
    if "result" in data:
        data["result"] = _node(framework, data["result"], "result")
    if data.get("responsible_institution"):
        inst = Institution.objects.filter(
            pk=data["responsible_institution"], is_active=True
        ).first()
        if inst is None:
            raise unprocessable({"responsible_institution": [_("Unknown institution.")]})
        data["responsible_institution"] = inst
    return data


class FrameworkListApi(GenericAPIView):
    serializer_class = s.ResultsFrameworkSerializer
    queryset = ResultsFramework.objects.none()

    @extend_schema(
        operation_id="results_frameworks_list", responses=s.ResultsFrameworkSerializer(many=True)
    )
    def get(self, request):
        require(policies.can_use_results(request.actor))
        page = self.paginate_queryset(selectors.framework_list(actor=request.actor))
        return self.get_paginated_response(s.ResultsFrameworkSerializer(page, many=True).data)


class FrameworkCreateApi(GenericAPIView):
    serializer_class = s.ResultsFrameworkCreateSerializer
    queryset = ResultsFramework.objects.none()

    @extend_schema(
        operation_id="results_frameworks_create",
        request=s.ResultsFrameworkCreateSerializer,
        responses={201: s.ResultsFrameworkSerializer},
    )
    def post(self, request):
        require(policies.can_create_results_framework(request.actor))
        body = s.ResultsFrameworkCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        framework = framework_services.framework_create(
            actor=request.actor, **_committee(dict(body.validated_data))
        )
        return Response(
            s.ResultsFrameworkSerializer(framework).data, status=status.HTTP_201_CREATED
        )


class FrameworkDetailApi(GenericAPIView):
    serializer_class = s.ResultsFrameworkDetailSerializer
    queryset = ResultsFramework.objects.none()

    @extend_schema(operation_id="results_frameworks_retrieve")
    def get(self, request, framework_id):
        framework = selectors.framework_get(actor=request.actor, framework_id=framework_id)
        tree = selectors.framework_tree(actor=request.actor, framework=framework)
        return Response(s.ResultsFrameworkDetailSerializer(tree).data)


class DashboardApi(GenericAPIView):
    serializer_class = s.ResultsDashboardSerializer
    queryset = ResultsFramework.objects.none()

    @extend_schema(
        operation_id="results_frameworks_dashboard",
        parameters=[OpenApiParameter("year", str, required=False, pattern=r"^[12][0-9]{3}$")],
    )
    def get(self, request, framework_id):
        framework = selectors.framework_get(actor=request.actor, framework_id=framework_id)
        query = s.ResultsDashboardQuerySerializer(data=query_data(request))
        query.is_valid(raise_exception=True)
        raw = query.validated_data.get("year")
        year = int(raw) if raw else selectors.default_year(framework)
        if year not in selectors.dashboard_years(framework):
            # No dashboard for a year outside the framework, as the page answers.
            raise NotFound(_("Choose a year of the framework."))
        board = selectors.dashboard(actor=request.actor, framework=framework, year=year)
        return Response(s.ResultsDashboardSerializer(board).data)


class _FrameworkActionApi(ActionApi):
    queryset = ResultsFramework.objects.none()

    def load(self, request, **kwargs: Any) -> ResultsFramework:
        return selectors.framework_for_edit(
            actor=request.actor, framework_id=kwargs["framework_id"]
        )


class FrameworkUpdateApi(_FrameworkActionApi):
    serializer_class = s.ResultsFrameworkUpdateSerializer
    response_serializer_class = s.ResultsFrameworkSerializer
    operation_id = "results_frameworks_update"

    def perform(self, request, obj, data):
        data = _committee(dict(data))
        version = data.pop("version")
        return framework_services.framework_update(
            actor=request.actor, framework=obj, version=version, **data
        )


class NodeCreateApi(_FrameworkActionApi):
    serializer_class = s.ResultsNodeCreateSerializer
    response_serializer_class = s.ResultsNodeSerializer
    operation_id = "results_nodes_create"
    success_status = status.HTTP_201_CREATED

    def perform(self, request, obj, data):
        data = dict(data)
        data["parent"] = _node(obj, data.get("parent"), "parent")
        return framework_services.node_create(actor=request.actor, framework=obj, **data)


class NodeUpdateApi(ActionApi):
    queryset = ResultNode.objects.none()
    serializer_class = s.ResultsNodeUpdateSerializer
    response_serializer_class = s.ResultsNodeSerializer
    operation_id = "results_nodes_update"

    def load(self, request, **kwargs):
        return selectors.node_for_edit(actor=request.actor, node_id=kwargs["node_id"])

    def perform(self, request, obj, data):
        return framework_services.node_update(actor=request.actor, node=obj, **data)


class NodeRemoveApi(ActionApi):
    queryset = ResultNode.objects.none()
    serializer_class = None
    response_serializer_class = None
    operation_id = "results_nodes_remove"

    def load(self, request, **kwargs):
        return selectors.node_for_edit(actor=request.actor, node_id=kwargs["node_id"])

    def perform(self, request, obj, data):
        framework_services.node_remove(actor=request.actor, node=obj)


class IndicatorCreateApi(_FrameworkActionApi):
    serializer_class = s.ResultsIndicatorCreateSerializer
    response_serializer_class = s.ResultsIndicatorSerializer
    operation_id = "results_indicators_create"
    success_status = status.HTTP_201_CREATED

    def perform(self, request, obj, data):
        return indicator_services.indicator_create(
            actor=request.actor, framework=obj, **_indicator_values(obj, data)
        )


class IndicatorDetailApi(GenericAPIView):
    serializer_class = s.ResultsIndicatorDetailSerializer
    queryset = Indicator.objects.none()

    @extend_schema(operation_id="results_indicators_retrieve")
    def get(self, request, indicator_id):
        indicator = selectors.indicator_get(actor=request.actor, indicator_id=indicator_id)
        page = selectors.indicator_page(actor=request.actor, indicator=indicator)
        return Response(s.ResultsIndicatorDetailSerializer(page).data)


class IndicatorUpdateApi(ActionApi):
    queryset = Indicator.objects.none()
    serializer_class = s.ResultsIndicatorUpdateSerializer
    response_serializer_class = s.ResultsIndicatorSerializer
    operation_id = "results_indicators_update"

    def load(self, request, **kwargs):
        return selectors.indicator_for_edit(
            actor=request.actor, indicator_id=kwargs["indicator_id"]
        )

    def perform(self, request, obj, data):
        values = _indicator_values(obj.framework, data)
        version = values.pop("version")
        return indicator_services.indicator_update(
            actor=request.actor, indicator=obj, version=version, **values
        )


class TargetSetApi(ActionApi):
    queryset = Indicator.objects.none()
    serializer_class = s.ResultsTargetSetSerializer
    response_serializer_class = s.ResultsTargetSerializer
    operation_id = "results_targets_set"

    def load(self, request, **kwargs):
        return selectors.indicator_for_edit(
            actor=request.actor, indicator_id=kwargs["indicator_id"]
        )

    def perform(self, request, obj, data):
        return indicator_services.target_set(actor=request.actor, indicator=obj, **data)


class TargetRemoveApi(ActionApi):
    queryset = Target.objects.none()
    serializer_class = None
    response_serializer_class = None
    operation_id = "results_targets_remove"

    def load(self, request, **kwargs):
        return selectors.target_for_edit(actor=request.actor, target_id=kwargs["target_id"])

    def perform(self, request, obj, data):
        indicator_services.target_remove(actor=request.actor, target=obj)


class MeasurementRecordApi(ActionApi):
    queryset = Indicator.objects.none()
    serializer_class = s.ResultsMeasurementRecordSerializer
    response_serializer_class = s.ResultsMeasurementSerializer
    operation_id = "results_measurements_record"
    success_status = status.HTTP_201_CREATED

    def load(self, request, **kwargs):
        return selectors.indicator_for_measurement(
            actor=request.actor, indicator_id=kwargs["indicator_id"]
        )

    def perform(self, request, obj, data):
        return indicator_services.measurement_record(actor=request.actor, indicator=obj, **data)


class NarrativeSaveApi(_FrameworkActionApi):
    serializer_class = s.ResultsNarrativeSaveSerializer
    response_serializer_class = s.ResultsNarrativeSerializer
    operation_id = "results_narratives_save"

    def perform(self, request, obj, data):
        data = dict(data)
        data["result"] = _node(obj, data.get("result"), "result")
        return indicator_services.narrative_save(actor=request.actor, framework=obj, **data)
