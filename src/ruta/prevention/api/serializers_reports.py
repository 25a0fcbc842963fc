"""What the training report answers (read only: counts, never a person)."""

from __future__ import annotations

from rest_framework import serializers

from ruta.people.choices import Sex


class ReportQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1990, max_value=2100)
    institution = serializers.UUIDField(
        required=False, help_text="National readers only; ignored for anyone else."
    )
    department = serializers.CharField(
        required=False, allow_blank=True, max_length=6, help_text="ISO 3166-2."
    )
    course = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text="A course code."
    )
    sex = serializers.ChoiceField(required=False, choices=Sex.choices)


class RowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    n = serializers.IntegerField()


class TrainerRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The institution's id.")
    label = serializers.CharField()  # type: ignore[assignment]
    total = serializers.IntegerField(help_text="Certified by the end of the year.")
    new = serializers.IntegerField(help_text="Certified in the year.")


class CoverageRowSerializer(serializers.Serializer):
    institution = serializers.CharField()
    course = serializers.CharField()
    role = serializers.CharField()
    required = serializers.IntegerField()  # type: ignore[assignment]  # like Field.required
    certified = serializers.IntegerField()
    missing = serializers.IntegerField()


class InspectionTotalsSerializer(serializers.Serializer):
    inspections = serializers.IntegerField()
    workers = serializers.IntegerField()
    children = serializers.IntegerField()
    with_indicators = serializers.IntegerField()
    reports = serializers.IntegerField()


class ReachRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    people = serializers.IntegerField()
    female = serializers.IntegerField()
    male = serializers.IntegerField()
    sex_unknown = serializers.IntegerField()


class ReportFiltersSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    institution = serializers.UUIDField(allow_null=True)
    department = serializers.CharField(allow_blank=True)
    course = serializers.CharField(allow_blank=True)
    sex = serializers.CharField(allow_blank=True)


class TrainingReportSerializer(serializers.Serializer):
    filters = ReportFiltersSerializer()
    national = serializers.BooleanField(
        help_text="Counts of every institution's trainings (the commission's analysts)."
    )
    years = serializers.ListField(child=serializers.IntegerField())
    people = serializers.IntegerField(help_text="Distinct participants trained in the year.")
    by_institution = RowSerializer(many=True)
    by_department = RowSerializer(many=True)
    by_sex = RowSerializer(many=True)
    by_course = RowSerializer(many=True)
    by_year = RowSerializer(many=True)
    gain_mean = serializers.FloatField(allow_null=True)
    gain_n = serializers.IntegerField()
    gain_bins = RowSerializer(many=True)
    trainers = TrainerRowSerializer(many=True)
    coverage = CoverageRowSerializer(many=True)
    shows_inspections = serializers.BooleanField()
    inspections = InspectionTotalsSerializer()
    reach_by_channel = ReachRowSerializer(many=True)
    reach_by_sex = RowSerializer(many=True)
    reach_by_age = RowSerializer(many=True)
