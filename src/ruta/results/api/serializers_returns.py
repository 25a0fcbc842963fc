"""Serializers of the data set and return API: one body per action."""

from __future__ import annotations

from rest_framework import serializers

from ruta.core.api.serializers import CodeLabelField, StrictSerializer
from ruta.results.choices import PeriodType, ReturnStatus, RuleOperator, ValueDisaggregation
from ruta.results.models import DataElement, DataReturn, DataSet, ValidationRule


def text_field(limit: int = 10_000) -> serializers.CharField:
    return serializers.CharField(max_length=limit, required=False, allow_blank=True)


def number_field(**kw) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, required=False, **kw
    )


# --- answers -----------------------------------------------------------------------------------
class DataElementSerializer(serializers.ModelSerializer):
    disaggregation = CodeLabelField(ValueDisaggregation.choices)

    class Meta:
        model = DataElement
        fields = ["id", "code", "name", "disaggregation", "min_value", "max_value", "order"]


class ValidationRuleSerializer(serializers.ModelSerializer):
    left = serializers.UUIDField(source="left_id")
    right = serializers.UUIDField(source="right_id")
    operator = CodeLabelField(RuleOperator.choices)

    class Meta:
        model = ValidationRule
        fields = ["id", "left", "operator", "right"]


class DataSetSerializer(serializers.ModelSerializer):
    """A row of the list."""

    institution = serializers.UUIDField(source="institution_id")
    period_type = CodeLabelField(PeriodType.choices)

    class Meta:
        model = DataSet
        fields = [
            "id",
            "code",
            "name",
            "institution",
            "period_type",
            "first_period",
            "due_days",
            "is_active",
            "version",
        ]


class DataSetDetailSerializer(DataSetSerializer):
    reporting_institutions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)  # type: ignore[var-annotated]
    elements = DataElementSerializer(many=True, read_only=True)
    rules = ValidationRuleSerializer(many=True, read_only=True)

    class Meta(DataSetSerializer.Meta):
        fields = [
            *DataSetSerializer.Meta.fields,
            "description",
            "reporting_institutions",
            "elements",
            "rules",
        ]


class DataReturnSerializer(serializers.ModelSerializer):
    data_set = serializers.UUIDField(source="data_set_id")
    institution = serializers.UUIDField(source="institution_id")
    status = CodeLabelField(ReturnStatus.choices)

    class Meta:
        model = DataReturn
        fields = [
            "id",
            "data_set",
            "institution",
            "period",
            "status",
            "filled_cells",
            "expected_cells",
            "submitted_at",
            "reviewed_at",
            "review_comment",
            "version",
        ]


class DataReturnDetailSerializer(DataReturnSerializer):
    values = serializers.DictField(
        child=serializers.DecimalField(max_digits=14, decimal_places=2),
        read_only=True,
        source="cell_values",
    )

    class Meta(DataReturnSerializer.Meta):
        fields = [*DataReturnSerializer.Meta.fields, "values"]


# --- bodies ------------------------------------------------------------------------------------
class DataSetCreateSerializer(StrictSerializer):
    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=200)
    description = text_field()
    period_type = serializers.ChoiceField(choices=PeriodType.choices)
    first_period = serializers.CharField(max_length=8)
    due_days = serializers.IntegerField(min_value=0, max_value=366, required=False)
    reporting_institutions = serializers.ListField(
        child=serializers.UUIDField(), min_length=1, max_length=500
    )
    is_active = serializers.BooleanField(required=False)


class DataSetUpdateSerializer(StrictSerializer):
    version = serializers.IntegerField(min_value=0)
    code = serializers.CharField(max_length=40, required=False)
    name = serializers.CharField(max_length=200, required=False)
    description = text_field()
    period_type = serializers.ChoiceField(choices=PeriodType.choices, required=False)
    first_period = serializers.CharField(max_length=8, required=False)
    due_days = serializers.IntegerField(min_value=0, max_value=366, required=False)
    reporting_institutions = serializers.ListField(
        child=serializers.UUIDField(), min_length=1, max_length=500, required=False
    )
    is_active = serializers.BooleanField(required=False)


class ElementAddSerializer(StrictSerializer):
    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=300)
    disaggregation = serializers.ChoiceField(choices=ValueDisaggregation.choices, required=False)
    min_value = number_field()
    max_value = number_field()
    order = serializers.IntegerField(min_value=0, max_value=32767, required=False)


class ElementUpdateSerializer(StrictSerializer):
    code = serializers.CharField(max_length=40, required=False)
    name = serializers.CharField(max_length=300, required=False)
    disaggregation = serializers.ChoiceField(choices=ValueDisaggregation.choices, required=False)
    min_value = number_field()
    max_value = number_field()
    order = serializers.IntegerField(min_value=0, max_value=32767, required=False)


class RuleAddSerializer(StrictSerializer):
    left = serializers.UUIDField()
    operator = serializers.ChoiceField(choices=RuleOperator.choices)
    right = serializers.UUIDField()


class ReturnOpenSerializer(StrictSerializer):
    period = serializers.CharField(max_length=8)


class ResultsReturnVersionSerializer(StrictSerializer):
    version = serializers.IntegerField(min_value=0)


class ReturnValuesSerializer(ResultsReturnVersionSerializer):
    values = serializers.DictField(
        child=serializers.DecimalField(
            max_digits=14, decimal_places=2, allow_null=True, coerce_to_string=False
        ),
        allow_empty=True,
    )


class ReturnSendBackSerializer(ResultsReturnVersionSerializer):
    comment = serializers.CharField(max_length=10_000)
