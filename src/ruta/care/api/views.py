from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.care import selectors, services
from ruta.care.api import serializers as s
from ruta.care.models import CarePlan
from ruta.cases.policies import can_list_cases
from ruta.core.api.errors import unprocessable
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


class CarePlanPartApi(GenericAPIView):
    """Add to the plan: a goal, a service or a review."""

    serializer_class = s.PlanSerializer
    queryset = CarePlan.objects.none()
    parts = {
        "goals": s.GoalCreateSerializer,
        "services": s.ServiceCreateSerializer,
        "reviews": s.ReviewCreateSerializer,
    }

    @extend_schema(
        operation_id="cases_care_plan_add",
        request=s.PlanPartSerializer,
        responses={201: s.PlanSerializer},
        parameters=[
            OpenApiParameter(
                "part", str, OpenApiParameter.PATH, enum=["goals", "services", "reviews"]
            )
        ],
        description="goals: area, description (due_on); services: type, responsible, due_on "
        "(goal, description); reviews: version, outcome, summary (reviewed_on). A field the part "
        "needs and the body lacks is a 422.",
    )
    def post(self, request, case_id, part):
        if part not in self.parts:
            raise Http404
        actor = request.actor
        case = selectors.care_case_get(actor=actor, case_id=case_id, audit_read=False)
        plan = _plan(case)
        s.PlanPartSerializer(data=request.data).is_valid(raise_exception=True)
        data = self.parts[part](data=request.data)
        if not data.is_valid():
            raise unprocessable(data.errors)
        v = dict(data.validated_data)
        if part == "goals":
            services.goal_add(actor=actor, plan=plan, **v)
        elif part == "services":
            v["responsible"] = _responsible(v["responsible"])
            goal_id = v.pop("goal", None)
            goal = plan.goals.filter(pk=goal_id).first() if goal_id else None
            if goal_id and goal is None:
                raise unprocessable({"goal": [_("This goal belongs to another care plan.")]})
            services.service_add(actor=actor, plan=plan, goal=goal, **v)
        else:
            services.plan_review_record(actor=actor, plan=plan, **v)
        return Response(_plan_data(case), status=status.HTTP_201_CREATED)


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
