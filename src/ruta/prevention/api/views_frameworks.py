"""API of the competency frameworks: list, create, detail, copy, update, and one route per
change to a competency or an indicator. Every write answers with the framework."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.core.api.views import ActionApi
from ruta.core.errors import require
from ruta.prevention import policies
from ruta.prevention import selectors_courses as selectors
from ruta.prevention.api import serializers_courses as s
from ruta.prevention.models import CompetencyFramework
from ruta.prevention.services import frameworks as services


def _context() -> dict[str, Any]:
    return {"language": (get_language() or "es")[:2]}


def framework_answer(actor, framework_id, code: int = status.HTTP_200_OK) -> Response:
    framework = selectors.framework_get(actor=actor, framework_id=framework_id)
    return Response(s.FrameworkDetailSerializer(framework, context=_context()).data, status=code)


class FrameworkListApi(GenericAPIView):
    serializer_class = s.FrameworkSerializer
    queryset = CompetencyFramework.objects.none()
    pagination_class = None

    @extend_schema(
        operation_id="competency_frameworks_list", responses=s.FrameworkSerializer(many=True)
    )
    def get(self, request):
        frameworks = selectors.framework_list(actor=request.actor)
        return Response(s.FrameworkSerializer(frameworks, many=True, context=_context()).data)

    @extend_schema(
        operation_id="competency_frameworks_create",
        request=s.FrameworkCreateSerializer,
        responses={201: s.FrameworkDetailSerializer},
    )
    def post(self, request):
        require(policies.can_create_framework(request.actor))
        body = s.FrameworkCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        v = body.validated_data
        framework = services.framework_create(
            actor=request.actor,
            code=v["code"],
            labels=v["labels"],
            descriptions=v.get("descriptions"),
        )
        return framework_answer(request.actor, framework.pk, status.HTTP_201_CREATED)


class FrameworkDetailApi(GenericAPIView):
    serializer_class = s.FrameworkDetailSerializer
    queryset = CompetencyFramework.objects.none()

    @extend_schema(operation_id="competency_frameworks_retrieve")
    def get(self, request, framework_id):
        return framework_answer(request.actor, framework_id)


class _FrameworkAction(ActionApi):
    queryset = CompetencyFramework.objects.none()
    response_serializer_class = s.FrameworkDetailSerializer

    def load(self, request, **kwargs: Any) -> Any:
        framework = selectors.framework_get(
            actor=request.actor, framework_id=kwargs["framework_id"]
        )
        require(policies.can_edit_framework(request.actor, framework))
        return framework

    def framework_id(self, result: Any):
        return result.pk

    def respond(self, request, result: Any) -> Response:
        return framework_answer(request.actor, self.framework_id(result), self.success_status)


class FrameworkCopyApi(_FrameworkAction):
    """Copy a framework (the shipped one included) into one the institution edits."""

    serializer_class = s.FrameworkCopySerializer
    operation_id = "competency_frameworks_copy"
    success_status = status.HTTP_201_CREATED

    def load(self, request, **kwargs: Any) -> Any:
        require(policies.can_create_framework(request.actor))
        return selectors.framework_get(actor=request.actor, framework_id=kwargs["framework_id"])

    def perform(self, request, obj, data):
        return services.framework_copy(actor=request.actor, framework=obj, code=data["code"])


class FrameworkUpdateApi(_FrameworkAction):
    serializer_class = s.FrameworkUpdateSerializer
    operation_id = "competency_frameworks_update"

    def perform(self, request, obj, data):
        return services.framework_update(
            actor=request.actor,
            framework=obj,
            version=data["version"],
            labels=data["labels"],
            descriptions=data.get("descriptions"),
            is_active=data["is_active"],
        )


class CompetencyAddApi(_FrameworkAction):
    serializer_class = s.CompetencyAddSerializer
    operation_id = "competencies_add"

    def perform(self, request, obj, data):
        return services.competency_add(
            actor=request.actor, framework=obj, code=data["code"], labels=data["labels"]
        ).framework


class _CompetencyAction(_FrameworkAction):
    def load(self, request, **kwargs: Any) -> Any:
        competency = selectors.competency_get(
            actor=request.actor, competency_id=kwargs["competency_id"]
        )
        require(policies.can_edit_framework(request.actor, competency.framework))
        return competency


class CompetencyUpdateApi(_CompetencyAction):
    serializer_class = s.CompetencyUpdateSerializer
    operation_id = "competencies_update"

    def perform(self, request, obj, data):
        return services.competency_update(
            actor=request.actor,
            competency=obj,
            labels=data["labels"],
            position=data.get("position"),
        ).framework


class CompetencyRemoveApi(_CompetencyAction):
    serializer_class = None
    operation_id = "competencies_remove"

    def perform(self, request, obj, data):
        return services.competency_remove(actor=request.actor, competency=obj)


class IndicatorAddApi(_CompetencyAction):
    serializer_class = s.IndicatorAddSerializer
    operation_id = "behavioural_indicators_add"

    def perform(self, request, obj, data):
        services.indicator_add(
            actor=request.actor, competency=obj, code=data["code"], labels=data["labels"]
        )
        return obj.framework


class _IndicatorAction(_FrameworkAction):
    def load(self, request, **kwargs: Any) -> Any:
        indicator = selectors.indicator_get(
            actor=request.actor, indicator_id=kwargs["indicator_id"]
        )
        require(policies.can_edit_framework(request.actor, indicator.competency.framework))
        return indicator


class IndicatorUpdateApi(_IndicatorAction):
    serializer_class = s.IndicatorUpdateSerializer
    operation_id = "behavioural_indicators_update"

    def perform(self, request, obj, data):
        services.indicator_update(actor=request.actor, indicator=obj, labels=data["labels"])
        return obj.competency.framework


class IndicatorRemoveApi(_IndicatorAction):
    serializer_class = None
    operation_id = "behavioural_indicators_remove"

    def perform(self, request, obj, data):
        return services.indicator_remove(actor=request.actor, indicator=obj)
