from __future__ import annotations

from rest_framework import serializers

from ruta.care.choices import (
    AssessmentKind,
    GoalStatus,
    Level,
    PlanStatus,
    ReviewOutcome,
    ServiceStatus,
    ServiceType,
)
from ruta.care.models import (
    Assessment,
    AssessmentTemplate,
    CareGoal,
    CarePlan,
    CareService,
    PlanReview,
    ServiceDelivery,
)
from ruta.core.api.serializers import CodeLabelField, StrictSerializer

TEXT_MAX_LENGTH = 10_000


class TemplateSerializer(serializers.ModelSerializer):
    kind = CodeLabelField(AssessmentKind.choices)

    class Meta:
        model = AssessmentTemplate
        fields = ["id", "code", "version", "kind", "name", "groups", "items"]


class AssessmentSerializer(serializers.ModelSerializer):
    kind = CodeLabelField(AssessmentKind.choices)
    level = CodeLabelField(Level.choices)
    template = serializers.UUIDField(source="template_id")
    assessed_by = serializers.UUIDField(source="assessed_by_id")

    class Meta:
        model = Assessment
        fields = [
            "id",
            "template",
            "kind",
            "answers",
            "group_levels",
            "level",
            "summary",
            "assessed_on",
            "assessed_by",
        ]


class AssessmentCreateSerializer(StrictSerializer):
    template = serializers.UUIDField()
    answers = serializers.DictField(child=serializers.CharField(max_length=20))
    summary = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH)
    assessed_on = serializers.DateField(required=False)


class DeliverySerializer(serializers.ModelSerializer):
    recorded_for = serializers.UUIDField(source="recorded_for_id")

    class Meta:
        model = ServiceDelivery
        fields = ["id", "delivered_on", "note", "recorded_for"]


class ServiceSerializer(serializers.ModelSerializer):
    type = CodeLabelField(ServiceType.choices)
    status = CodeLabelField(ServiceStatus.choices)
    responsible = serializers.UUIDField(source="responsible_id")
    goal = serializers.UUIDField(source="goal_id", allow_null=True)
    deliveries = DeliverySerializer(many=True, read_only=True)

    class Meta:
        model = CareService
        fields = [
            "id",
            "type",
            "goal",
            "responsible",
            "description",
            "due_on",
            "status",
            "status_reason",
            "deliveries",
            "version",
        ]


class GoalSerializer(serializers.ModelSerializer):
    area = CodeLabelField(ServiceType.choices)
    status = CodeLabelField(GoalStatus.choices)

    class Meta:
        model = CareGoal
        fields = ["id", "area", "description", "due_on", "status", "version"]


class ReviewSerializer(serializers.ModelSerializer):
    outcome = CodeLabelField(ReviewOutcome.choices)

    class Meta:
        model = PlanReview
        fields = ["id", "reviewed_on", "due_on", "outcome", "summary"]


class PlanSerializer(serializers.ModelSerializer):
    status = CodeLabelField(PlanStatus.choices)
    goals = GoalSerializer(many=True, read_only=True)
    services = ServiceSerializer(many=True, read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True)

    class Meta:
        model = CarePlan
        fields = [
            "id",
            "objectives",
            "status",
            "started_on",
            "planned_end_on",
            "ended_on",
            "review_days",
            "next_review_on",
            "goals",
            "services",
            "reviews",
            "version",
        ]


class PlanCreateSerializer(StrictSerializer):
    objectives = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    started_on = serializers.DateField(required=False)
    planned_end_on = serializers.DateField(required=False, allow_null=True)


class PlanUpdateSerializer(StrictSerializer):
    version = serializers.IntegerField()
    objectives = serializers.CharField(required=False, max_length=TEXT_MAX_LENGTH)
    planned_end_on = serializers.DateField(required=False, allow_null=True)


class GoalCreateSerializer(StrictSerializer):
    area = serializers.CharField(max_length=40)
    description = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    due_on = serializers.DateField(required=False, allow_null=True)


class GoalUpdateSerializer(StrictSerializer):
    version = serializers.IntegerField()
    status = serializers.CharField(max_length=20)


class ServiceCreateSerializer(StrictSerializer):
    type = serializers.CharField(max_length=40)
    responsible = serializers.UUIDField()
    due_on = serializers.DateField()
    goal = serializers.UUIDField(required=False, allow_null=True)
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH
    )


class ServiceUpdateSerializer(StrictSerializer):
    version = serializers.IntegerField()
    status = serializers.CharField(max_length=20)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH)


class DeliveryCreateSerializer(StrictSerializer):
    delivered_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH)
    completes = serializers.BooleanField(required=False, default=False)


class ReviewCreateSerializer(StrictSerializer):
    version = serializers.IntegerField()
    outcome = serializers.CharField(max_length=20)
    summary = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    reviewed_on = serializers.DateField(required=False)
