"""What the funnel and the hearing calendar answer (read only)."""

from __future__ import annotations

from rest_framework import serializers


class FunnelRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    trafficking = serializers.IntegerField()
    related = serializers.IntegerField()
    total = serializers.IntegerField()


class CompensationRowSerializer(serializers.Serializer):
    currency = serializers.CharField()
    trafficking_ordered = serializers.DecimalField(max_digits=16, decimal_places=2)
    trafficking_paid = serializers.DecimalField(max_digits=16, decimal_places=2)
    related_ordered = serializers.DecimalField(max_digits=16, decimal_places=2)
    related_paid = serializers.DecimalField(max_digits=16, decimal_places=2)


class FunnelSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    years = serializers.ListField(child=serializers.IntegerField())
    national = serializers.BooleanField(
        help_text="Counts of every institution's files (the commission's analysts)."
    )
    stages = FunnelRowSerializer(many=True)
    sentences = FunnelRowSerializer(many=True)
    by_sex = FunnelRowSerializer(many=True)
    by_nationality = FunnelRowSerializer(many=True)
    compensation = CompensationRowSerializer(many=True)


class CalendarHearingSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    file = serializers.UUIDField(source="file_id")
    file_reference = serializers.CharField(source="file.reference")
    type = serializers.CharField()
    type_label = serializers.CharField(source="get_type_display")
    starts_at = serializers.DateTimeField()
    court = serializers.CharField()
    result = serializers.CharField()


class FunnelQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1990, max_value=2100)


class CalendarQuerySerializer(serializers.Serializer):
    """``from`` and ``to`` (both included): today and four weeks on by default; a range
    that ends before it starts holds no hearing."""

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False)
        fields["to"] = serializers.DateField(required=False)
        return fields
