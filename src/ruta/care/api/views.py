from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.care import selectors, services
from ruta.care.api import serializers as s
from ruta.care.models import CarePlan
from ruta.cases.policies import can_list_cases
from ruta.core.api.errors import unprocessable
from ruta.core.api.views import ActionApi, ActorApiRequest
from ruta.core.errors import require
from ruta.institutions.models import Institution


def _plan(case) -> CarePlan:
    plan = selectors.plan_of(case=case)
    if plan is None:
        raise Http404
    return plan


def _plan_data(case) -> dict:
    return s.PlanSerializer(_plan(case)).data


def _responsible(institution_id) -> Institution:
    institution = Institution.objects.filter(pk=institution_id, is_active=True).first()
    if institution is None:
        raise unprocessable({"responsible": [_("Unknown institution.")]})
    return institution


class TemplateListApi(GenericAPIView):
    pagination_class = None  # a plain array
    serializer_class = s.TemplateSerializer
    queryset = CarePlan.objects.none()

    @extend_schema(
        operation_id="assessment_templates_list", responses=s.TemplateSerializer(many=True)
    )
    def get(self, request):
        require(can_list_cases(request.actor))
        return Response(s.TemplateSerializer(selectors.templates_active(), many=True).data)


class CaseAssessmentListApi(GenericAPIView):
    pagination_class = None  # a plain array
    serializer_class = s.AssessmentSerializer
    queryset = CarePlan.objects.none()

    @extend_schema(
        operation_id="cases_assessments_list", responses=s.AssessmentSerializer(many=True)
    )
    def get(self, request, case_id):
        case = selectors.care_case_get(actor=request.actor, case_id=case_id)
        return Response(s.AssessmentSerializer(selectors.assessments_of(case=case), many=True).data)

    @extend_schema(request=s.AssessmentCreateSerializer, responses={201: s.AssessmentSerializer})
    def post(self, request, case_id):
        case = selectors.care_case_get(actor=request.actor, case_id=case_id, audit_read=False)
        data = s.AssessmentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        template = selectors.template_get(template_id=v.pop("template"))
        assessment = services.assessment_record(
            actor=request.actor, case=case, template=template, **v
        )
        return Response(s.AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)


class CarePlanApi(GenericAPIView):
    serializer_class = s.PlanSerializer
    queryset = CarePlan.objects.none()

    @extend_schema(operation_id="cases_care_plan_retrieve")
    def get(self, request, case_id):
        case = selectors.care_case_get(actor=request.actor, case_id=case_id)
        return Response(_plan_data(case))

    @extend_schema(request=s.PlanCreateSerializer, responses={201: s.PlanSerializer})
    def post(self, request, case_id):
        case = selectors.care_case_get(actor=request.actor, case_id=case_id, audit_read=False)
        data = s.PlanCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.plan_create(actor=request.actor, case=case, **data.validated_data)
        return Response(_plan_data(case), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PlanUpdateSerializer, responses={200: s.PlanSerializer})
    def patch(self, request, case_id):
        case = selectors.care_case_get(actor=request.actor, case_id=case_id, audit_read=False)
        plan = _plan(case)
        data = s.PlanUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        services.plan_update(
            actor=request.actor,
            plan=plan,
            version=v["version"],
            objectives=v.get("objectives"),
            planned_end_on=v.get("planned_end_on", plan.planned_end_on),
        )
        return Response(_plan_data(case))


class CarePlanAddApi(ActionApi):
    """Add to a case's care plan (404 when the case has none); the answer is the whole plan."""

    queryset = CarePlan.objects.none()  # for the schema generator only
    response_serializer_class = s.PlanSerializer
    success_status = status.HTTP_201_CREATED

    def load(self, request: ActorApiRequest, **kwargs: Any) -> CarePlan:
        case = selectors.care_case_get(
            actor=request.actor, case_id=kwargs["case_id"], audit_read=False
        )
        plan = _plan(case)
        plan.case = case  # already loaded: the answer re-reads the plan by it
        return plan

    def perform(self, request: ActorApiRequest, obj: CarePlan, data: dict[str, Any]) -> CarePlan:
        self.add(request, obj, data)
        return _plan(obj.case)

    def add(self, request: ActorApiRequest, plan: CarePlan, data: dict[str, Any]) -> None:
        raise NotImplementedError


class CarePlanGoalsApi(CarePlanAddApi):
    operation_id = "cases_care_plan_goals_create"
    serializer_class = s.GoalCreateSerializer

    def add(self, request: ActorApiRequest, plan: CarePlan, data: dict[str, Any]) -> None:
        services.goal_add(actor=request.actor, plan=plan, **data)


class CarePlanServicesApi(CarePlanAddApi):
    operation_id = "cases_care_plan_services_create"
    serializer_class = s.ServiceCreateSerializer

    def add(self, request: ActorApiRequest, plan: CarePlan, data: dict[str, Any]) -> None:
        values = dict(data)
        values["responsible"] = _responsible(values["responsible"])
        goal_id = values.pop("goal", None)
        goal = plan.goals.filter(pk=goal_id).first() if goal_id else None
        if goal_id and goal is None:
            raise unprocessable({"goal": [_("This goal belongs to another care plan.")]})
        services.service_add(actor=request.actor, plan=plan, goal=goal, **values)


class CarePlanReviewsApi(CarePlanAddApi):
    operation_id = "cases_care_plan_reviews_create"
    serializer_class = s.ReviewCreateSerializer

    def add(self, request: ActorApiRequest, plan: CarePlan, data: dict[str, Any]) -> None:
        services.plan_review_record(actor=request.actor, plan=plan, **data)


class GoalApi(GenericAPIView):
    serializer_class = s.GoalSerializer
    queryset = CarePlan.objects.none()

    @extend_schema(request=s.GoalUpdateSerializer, responses={200: s.GoalSerializer})
    def patch(self, request, goal_id):
        goal = selectors.goal_get(actor=request.actor, goal_id=goal_id)
        data = s.GoalUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        goal = services.goal_set_status(actor=request.actor, goal=goal, **data.validated_data)
        return Response(s.GoalSerializer(goal).data)


class ServiceApi(GenericAPIView):
    serializer_class = s.ServiceSerializer
    queryset = CarePlan.objects.none()

    @extend_schema(request=s.ServiceUpdateSerializer, responses={200: s.ServiceSerializer})
    def patch(self, request, service_id):
        service = selectors.service_get(actor=request.actor, service_id=service_id)
        data = s.ServiceUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service = services.service_set_status(
            actor=request.actor, service=service, **data.validated_data
        )
        return Response(s.ServiceSerializer(service).data)


class DeliveryListApi(GenericAPIView):
    serializer_class = s.DeliverySerializer
    queryset = CarePlan.objects.none()

    @extend_schema(request=s.DeliveryCreateSerializer, responses={201: s.DeliverySerializer})
    def post(self, request, service_id):
        service = selectors.service_get(actor=request.actor, service_id=service_id)
        data = s.DeliveryCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        delivery = services.delivery_record(
            actor=request.actor, service=service, **data.validated_data
        )
        return Response(s.DeliverySerializer(delivery).data, status=status.HTTP_201_CREATED)
