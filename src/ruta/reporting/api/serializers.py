from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from ruta.cases.choices import FormOfExploitation
from ruta.reporting.choices import AgeCell
from ruta.reporting.forms import DashboardFilterForm
from ruta.reporting.selectors import Filters


@cache
def _departments() -> list[str]:
    path = Path(__file__).resolve().parents[2] / "core" / "data" / "hn_departments.csv"
    with path.open(encoding="utf-8") as handle:
        return [row["code"] for row in csv.DictReader(handle)]


class DashboardQuerySerializer(serializers.Serializer):
    """The dashboard's filters (the page's, as query parameters). Types and codes are
    checked here (400); what they mean together (a first year after the last, a year to
    come) by the page's form, answered 422 like a service's refusal."""

    year_from = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    year_to = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    department = serializers.ChoiceField(required=False, choices=_departments())
    institution = serializers.UUIDField(required=False)
    form = serializers.ChoiceField(required=False, choices=FormOfExploitation.choices)
    age_cell = serializers.ChoiceField(required=False, choices=AgeCell.choices)
    identified_only = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs: dict) -> dict:
        names: list[str] = list(self.fields)
        blank = [k for k in names if self.initial_data.get(k, None) == ""]
        if blank:
            raise serializers.ValidationError(
                {k: [_("This field may not be blank.")] for k in blank}
            )
        return attrs

    def filters(self) -> Filters:
        """The filters, or a 422 when they contradict each other (call after is_valid)."""
        raw = {k: v for k, v in self.initial_data.items() if k in self.fields}
        form = DashboardFilterForm(raw)
        if not form.is_valid():
            raise ValidationError(
                {field: [str(e) for e in errors] for field, errors in form.errors.items()}
            )
        return form.filters()


class ResponseQuerySerializer(DashboardQuerySerializer):
    """The response dashboard's filters: those of the victims' dashboard but the form of
    exploitation and "identified only" (services and referrals are counted for every case)."""

    form = None  # type: ignore[assignment]
    identified_only = None  # type: ignore[assignment]


class ActionsQuerySerializer(DashboardQuerySerializer):
    """The action items dashboard's filters: the years and the responsible institution."""

    department = None  # type: ignore[assignment]
    form = None  # type: ignore[assignment]
    age_cell = None  # type: ignore[assignment]
    identified_only = None  # type: ignore[assignment]


class StatisticsRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="label")
    value = serializers.IntegerField()
    share = serializers.FloatField()


class StatisticsBreakdownSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    hint = serializers.CharField()
    rows = StatisticsRowSerializer(many=True)


class StatisticsTimelinessSerializer(serializers.Serializer):
    step = serializers.CharField(source="label")
    mean_days = serializers.FloatField(allow_null=True)
    cases = serializers.IntegerField()


class VictimsDashboardSerializer(serializers.Serializer):
    national = serializers.BooleanField()
    total = serializers.IntegerField()
    refreshed_at = serializers.DateTimeField(allow_null=True)
    filters = serializers.ListField(child=serializers.CharField(), source="described")
    breakdowns = StatisticsBreakdownSerializer(many=True)
    times = StatisticsTimelinessSerializer(many=True)


class StatisticsServiceRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="label")
    services = serializers.IntegerField()
    persons = serializers.IntegerField()


class StatisticsReceiverRowSerializer(serializers.Serializer):
    institution = serializers.UUIDField(source="code")
    name = serializers.CharField(source="label")
    received = serializers.IntegerField(source="sent")
    answered = serializers.IntegerField()
    mean_hours_to_answer = serializers.FloatField(source="mean_hours", allow_null=True)
    answered_on_time = serializers.IntegerField(source="on_time")


class ResponseDashboardSerializer(serializers.Serializer):
    national = serializers.BooleanField()
    refreshed_at = serializers.DateTimeField(allow_null=True)
    filters = serializers.ListField(child=serializers.CharField(), source="described")
    services = serializers.IntegerField()
    persons_served = serializers.IntegerField(source="persons")
    referrals = serializers.IntegerField()
    answered = serializers.IntegerField()
    mean_hours_to_answer = serializers.FloatField(source="mean_hours", allow_null=True)
    answered_on_time = serializers.IntegerField(source="on_time")
    awaiting_answer = serializers.IntegerField(source="waiting")
    overdue = serializers.IntegerField()
    services_by_type = StatisticsServiceRowSerializer(many=True, source="by_type")
    services_by_provider = StatisticsServiceRowSerializer(many=True, source="by_provider")
    breakdowns = StatisticsBreakdownSerializer(many=True)
    referrals_by_receiver = StatisticsReceiverRowSerializer(many=True, source="receivers")


class StatisticsActionRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="label")
    done_on_time = serializers.IntegerField(source="on_time")
    done_late = serializers.IntegerField(source="late")
    overdue = serializers.IntegerField()
    not_yet_due = serializers.IntegerField(source="pending")
    cancelled = serializers.IntegerField()
    on_time_share = serializers.FloatField(allow_null=True)


class ActionsDashboardSerializer(serializers.Serializer):
    national = serializers.BooleanField()
    filters = serializers.ListField(child=serializers.CharField(), source="described")
    totals = StatisticsActionRowSerializer()
    by_period = StatisticsActionRowSerializer(many=True)
    by_committee = StatisticsActionRowSerializer(many=True)
    by_institution = StatisticsActionRowSerializer(many=True)


class StatisticsReleaseTableSerializer(serializers.Serializer):
    code = serializers.CharField()
    dims = serializers.ListField(child=serializers.CharField())
    cells = serializers.ListField(
        child=serializers.ListField(),
        help_text="[[code per dimension], published value or null, OBS_STATUS, CONF_STATUS]",
    )
    safe = serializers.BooleanField()


class StatisticsReleaseSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    year = serializers.IntegerField()
    edition = serializers.IntegerField()
    status = serializers.CharField()
    version = serializers.IntegerField()
    safe = serializers.BooleanField()
    threshold = serializers.IntegerField()
    data_as_of = serializers.DateTimeField()
    published_at = serializers.DateTimeField(allow_null=True)
    report = serializers.DictField()


class StatisticsReleaseDetailSerializer(StatisticsReleaseSerializer):
    tables = StatisticsReleaseTableSerializer(many=True, source="tables.all")


class StatisticsReleasePrepareSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class StatisticsReleasePublishSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)


class ExportJobSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    year = serializers.IntegerField()
    status = serializers.CharField()
    percent = serializers.IntegerField()
    rows_done = serializers.IntegerField()
    rows_total = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)


class ExportStartSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["htcds", "ctdc", "unodc"])
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    reason = serializers.CharField(max_length=500)


class ExportDownloadSerializer(serializers.Serializer):
    password = serializers.CharField(
        required=False, allow_blank=True, max_length=200, trim_whitespace=False
    )
