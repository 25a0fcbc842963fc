from __future__ import annotations

from rest_framework import serializers

from ruta.reporting.forms import DashboardFilterForm


class DashboardQuerySerializer(serializers.Serializer):
    """The dashboard's filters (the page's, as query parameters)."""

    year_from = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    year_to = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    department = serializers.CharField(required=False, max_length=6)
    institution = serializers.UUIDField(required=False)
    form = serializers.CharField(required=False, max_length=20)
    age_cell = serializers.CharField(required=False, max_length=10)
    identified_only = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs: dict) -> dict:
        raw = {k: v for k, v in self.initial_data.items() if k in self.fields}
        form = DashboardFilterForm(raw)
        if not form.is_valid():
            raise serializers.ValidationError(
                {field: [str(e) for e in errors] for field, errors in form.errors.items()}
            )
        attrs["filters"] = form.filters()
        return attrs


class RowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="label")
    value = serializers.IntegerField()
    share = serializers.FloatField()


class BreakdownSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    hint = serializers.CharField()
    rows = RowSerializer(many=True)


class TimelinessSerializer(serializers.Serializer):
    step = serializers.CharField(source="label")
    mean_days = serializers.FloatField(allow_null=True)
    cases = serializers.IntegerField()


class DashboardSerializer(serializers.Serializer):
    national = serializers.BooleanField()
    total = serializers.IntegerField()
    refreshed_at = serializers.DateTimeField(allow_null=True)
    filters = serializers.ListField(child=serializers.CharField(), source="described")
    breakdowns = BreakdownSerializer(many=True)
    times = TimelinessSerializer(many=True)


class ReleaseTableSerializer(serializers.Serializer):
    code = serializers.CharField()
    dims = serializers.ListField(child=serializers.CharField())
    cells = serializers.ListField(
        child=serializers.ListField(),
        help_text="[[code per dimension], published value or null, OBS_STATUS, CONF_STATUS]",
    )
    safe = serializers.BooleanField()


class ReleaseSerializer(serializers.Serializer):
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


class ReleaseDetailSerializer(ReleaseSerializer):
    tables = ReleaseTableSerializer(many=True, source="tables.all")


class ReleasePrepareSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class ReleasePublishSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
