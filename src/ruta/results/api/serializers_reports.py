"""What the reports out answer: the donor report as JSON, and the query of every report."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ruta.core.api.serializers import StrictSerializer
from ruta.results import selectors_reports as reports

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class LanguageQuerySerializer(StrictSerializer):
    language = serializers.ChoiceField(
        required=False,
        choices=LANGUAGES,
        help_text="The language of the file's words; the reader's by default.",
    )


class ReportQuerySerializer(LanguageQuerySerializer):
    period = serializers.RegexField(
        r"^(199[0-9]|20[0-9]{2}|2100)(Q[1-4])?$",
        required=False,
        max_length=6,
        help_text='A year ("2026") or a quarter ("2026Q3"), 1990 to 2100; this year by default.',
        error_messages={"invalid": _("Give a year (2026) or a quarter (2026Q3).")},
    )

    def validate_period(self, value: str) -> str:
        from django.core.exceptions import ValidationError

        try:
            return reports.report_period_parse(value, default="-")
        except ValidationError as error:
            raise serializers.ValidationError(error.message_dict["period"]) from error


class FigureSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    how = serializers.ChoiceField(
        choices=[reports.EXACT, reports.SUM, reports.LATEST, reports.NONE],
        help_text="exact: stored for the period; sum or latest of the periods inside it; none.",
    )
    periods = serializers.ListField(child=serializers.CharField())


class IndicatorLineSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="indicator.pk")
    code = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit")
    direction = serializers.CharField(source="indicator.direction")
    computed = serializers.BooleanField(source="indicator.is_computed")
    frequency = serializers.CharField(source="indicator.frequency")
    baseline = serializers.DecimalField(
        source="indicator.baseline_value", max_digits=14, decimal_places=2, allow_null=True
    )
    baseline_on = serializers.DateField(source="indicator.baseline_on", allow_null=True)
    target = FigureSerializer()
    actual = FigureSerializer()
    light = serializers.CharField()
    light_label = serializers.CharField()
    note = serializers.CharField()


class ResultLineSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="node.pk")
    parent = serializers.UUIDField(  # type: ignore[assignment]  # like Field.parent
        source="node.parent_id", allow_null=True
    )
    code = serializers.CharField(source="node.code")
    title = serializers.CharField(source="node.title")
    level = serializers.CharField(source="node.level")
    depth = serializers.IntegerField()
    indicators = IndicatorLineSerializer(many=True)
    progress = serializers.CharField()
    risks = serializers.CharField()


class DonorReportSerializer(serializers.Serializer):
    framework = serializers.UUIDField(source="framework.pk")
    code = serializers.CharField(source="framework.code")
    title = serializers.CharField(source="framework.title")
    period = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    generated_at = serializers.DateTimeField()
    lights = serializers.DictField(child=serializers.IntegerField())
    progress = serializers.CharField()
    risks = serializers.CharField()
    results = ResultLineSerializer(many=True)
