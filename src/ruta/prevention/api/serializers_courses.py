"""Serializers of the frameworks, courses and sessions API (bodies are strict: unknown fields
and values of the wrong JSON type are refused)."""

from __future__ import annotations

from rest_framework import serializers

from ruta.core.api.serializers import CodeLabelField, StrictSerializer
from ruta.prevention.choices import Modality, SessionStatus
from ruta.prevention.models import (
    BehaviouralIndicator,
    Competency,
    CompetencyFramework,
    Course,
    CourseModule,
    MandatoryCourse,
    Question,
    SessionTrainer,
    TrainingSession,
)


# --- answers ------------------------------------------------------------------------------------
class _Labelled(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()  # type: ignore[assignment]  # as Field.label
    labels = serializers.DictField(child=serializers.CharField())

    def get_label(self, obj) -> str:
        return obj.label(self.context.get("language", "es"))


class IndicatorSerializer(_Labelled):
    class Meta:
        model = BehaviouralIndicator
        fields = ["id", "code", "label", "labels", "position"]


class CompetencySerializer(_Labelled):
    indicators = IndicatorSerializer(many=True)

    class Meta:
        model = Competency
        fields = ["id", "code", "label", "labels", "position", "indicators"]


class FrameworkSerializer(_Labelled):
    institution = serializers.UUIDField(source="institution_id", allow_null=True)
    competencies_count = serializers.IntegerField()

    class Meta:
        model = CompetencyFramework
        fields = [
            "id",
            "code",
            "label",
            "labels",
            "institution",
            "is_active",
            "competencies_count",
            "version",
        ]


class FrameworkDetailSerializer(_Labelled):
    institution = serializers.UUIDField(source="institution_id", allow_null=True)
    descriptions = serializers.DictField(child=serializers.CharField())
    competencies = CompetencySerializer(many=True)

    class Meta:
        model = CompetencyFramework
        fields = [
            "id",
            "code",
            "label",
            "labels",
            "descriptions",
            "institution",
            "is_active",
            "competencies",
            "version",
        ]


class CourseSerializer(serializers.ModelSerializer):
    institution = serializers.UUIDField(source="institution_id")
    modality = CodeLabelField(Modality.choices)
    hours = serializers.DecimalField(max_digits=7, decimal_places=1, allow_null=True)

    class Meta:
        model = Course
        fields = [
            "id",
            "code",
            "edition",
            "title",
            "modality",
            "institution",
            "hours",
            "is_active",
            "version",
        ]


class ModuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = CourseModule
        fields = ["id", "position", "title", "hours"]


class MandatorySerializer(serializers.ModelSerializer):
    class Meta:
        model = MandatoryCourse
        fields = ["id", "role", "institution_type"]


class QuestionSerializer(serializers.ModelSerializer):
    competency = serializers.UUIDField(source="competency_id", allow_null=True)
    options = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))

    class Meta:
        model = Question
        fields = ["id", "position", "text", "options", "answer", "points", "competency"]


class CourseDetailSerializer(CourseSerializer):
    """The course; its test (answer key included) only for its owner (``questions`` is
    empty for anyone else)."""

    competencies = serializers.SerializerMethodField()
    target_roles = serializers.ListField(child=serializers.CharField())
    target_institution_types = serializers.ListField(child=serializers.CharField())
    modules = serializers.SerializerMethodField()
    mandatory = serializers.SerializerMethodField()
    questions = serializers.SerializerMethodField()
    test_locked = serializers.SerializerMethodField()

    class Meta(CourseSerializer.Meta):
        fields = [
            *CourseSerializer.Meta.fields,
            "description",
            "competencies",
            "target_roles",
            "target_institution_types",
            "min_attendance_pct",
            "pass_score_pct",
            "trains_trainers",
            "modules",
            "mandatory",
            "questions",
            "test_locked",
        ]

    def _page(self) -> dict:
        return self.context["page"]

    def get_competencies(self, obj) -> list[str]:
        return [str(c.pk) for c in self._page()["competencies"]]

    def get_modules(self, obj) -> list[dict]:
        return ModuleSerializer(self._page()["modules"], many=True).data  # type: ignore[return-value]

    def get_mandatory(self, obj) -> list[dict]:
        return MandatorySerializer(self._page()["mandatory"], many=True).data  # type: ignore[return-value]

    def get_questions(self, obj) -> list[dict]:
        return QuestionSerializer(self._page()["questions"], many=True).data  # type: ignore[return-value]

    def get_test_locked(self, obj) -> bool:
        return bool(self._page()["test_locked"])


class SessionCourseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Course
        fields = ["id", "code", "edition", "title"]


class SessionSerializer(serializers.ModelSerializer):
    course = SessionCourseSerializer()
    institution = serializers.UUIDField(source="institution_id")
    host = serializers.UUIDField(source="host_id")
    department = serializers.CharField(source="department_id")
    municipality = serializers.CharField(source="municipality_id", allow_null=True)
    status = CodeLabelField(SessionStatus.choices)
    enrolled = serializers.IntegerField()

    class Meta:
        model = TrainingSession
        fields = [
            "id",
            "reference",
            "course",
            "institution",
            "host",
            "starts_on",
            "ends_on",
            "department",
            "municipality",
            "venue",
            "capacity",
            "enrolled",
            "status",
            "version",
        ]


class TrainerSerializer(serializers.ModelSerializer):
    participant = serializers.UUIDField(source="participant_id", allow_null=True)
    name = serializers.SerializerMethodField()
    organisation = serializers.CharField(source="external_organisation")

    class Meta:
        model = SessionTrainer
        fields = ["id", "participant", "name", "organisation"]

    def get_name(self, obj) -> str:
        return obj.participant.full_name if obj.participant_id else obj.external_name


class SessionDetailSerializer(SessionSerializer):
    open_types = serializers.SerializerMethodField()
    open_institutions = serializers.SerializerMethodField()
    trainers = serializers.SerializerMethodField()

    class Meta(SessionSerializer.Meta):
        fields = [*SessionSerializer.Meta.fields, "open_types", "open_institutions", "trainers"]

    def get_open_types(self, obj) -> list[str]:
        return list(self.context.get("open_types", []))

    def get_open_institutions(self, obj) -> list[str]:
        return [str(i.pk) for i in self.context.get("open_institutions", [])]

    def get_trainers(self, obj) -> list[dict]:
        return TrainerSerializer(self.context.get("trainers", []), many=True).data  # type: ignore[return-value]


# --- bodies -------------------------------------------------------------------------------------
class LabelsSerializer(StrictSerializer):
    es = serializers.CharField(max_length=1000)
    en = serializers.CharField(max_length=1000)
    fr = serializers.CharField(max_length=1000)


class OptionalLabelsSerializer(StrictSerializer):
    es = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    en = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    fr = serializers.CharField(max_length=10_000, required=False, allow_blank=True)


class FrameworkCreateSerializer(StrictSerializer):
    code = serializers.CharField(max_length=60)
    labels = LabelsSerializer()
    descriptions = OptionalLabelsSerializer(required=False)


class FrameworkCopySerializer(StrictSerializer):
    code = serializers.CharField(max_length=60)


class FrameworkUpdateSerializer(StrictSerializer):
    version = serializers.IntegerField()
    labels = LabelsSerializer()
    descriptions = OptionalLabelsSerializer(required=False)
    is_active = serializers.BooleanField(required=False, default=True)


class CompetencyAddSerializer(StrictSerializer):
    code = serializers.CharField(max_length=60)
    labels = LabelsSerializer()


class CompetencyUpdateSerializer(StrictSerializer):
    labels = LabelsSerializer()
    position = serializers.IntegerField(min_value=0, max_value=999, required=False)


class IndicatorAddSerializer(CompetencyAddSerializer):
    pass


class IndicatorUpdateSerializer(StrictSerializer):
    labels = LabelsSerializer()


class _CourseBody(StrictSerializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    modality = serializers.ChoiceField(Modality.choices)
    competencies = serializers.ListField(
        child=serializers.UUIDField(), required=False, max_length=100
    )
    target_roles = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, max_length=50
    )
    target_institution_types = serializers.ListField(
        child=serializers.CharField(max_length=30), required=False, max_length=50
    )
    min_attendance_pct = serializers.IntegerField(min_value=0, max_value=100, required=False)
    pass_score_pct = serializers.IntegerField(min_value=0, max_value=100, required=False)
    trains_trainers = serializers.BooleanField(required=False)


class CourseCreateSerializer(_CourseBody):
    code = serializers.CharField(max_length=40)


class CourseUpdateSerializer(_CourseBody):
    version = serializers.IntegerField()
    is_active = serializers.BooleanField(required=False)


class ModuleBodySerializer(StrictSerializer):
    title = serializers.CharField(max_length=200)
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)


class MandatoryBodySerializer(StrictSerializer):
    role = serializers.CharField(max_length=40)
    institution_type = serializers.CharField(max_length=30)


class OptionSerializer(StrictSerializer):
    key = serializers.CharField(max_length=10)
    text = serializers.CharField(max_length=500)


class QuestionBodySerializer(StrictSerializer):
    text = serializers.CharField(max_length=2000)
    options = OptionSerializer(many=True)
    answer = serializers.CharField(max_length=10)
    points = serializers.IntegerField(min_value=1, max_value=100, required=False, default=1)
    competency = serializers.UUIDField(required=False, allow_null=True)


class _SessionBody(StrictSerializer):
    host = serializers.UUIDField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    department = serializers.CharField(max_length=6)
    municipality = serializers.CharField(max_length=10, required=False, allow_blank=True)
    venue = serializers.CharField(max_length=200, required=False, allow_blank=True)
    capacity = serializers.IntegerField(min_value=1, max_value=10_000)
    open_types = serializers.ListField(
        child=serializers.CharField(max_length=30), required=False, max_length=50
    )
    open_institutions = serializers.ListField(
        child=serializers.UUIDField(), required=False, max_length=200
    )


class SessionCreateSerializer(_SessionBody):
    course = serializers.UUIDField()


class SessionUpdateSerializer(_SessionBody):
    version = serializers.IntegerField()


class SessionStatusSerializer(StrictSerializer):
    version = serializers.IntegerField()
    status = serializers.ChoiceField(SessionStatus.choices)


class TrainerAddSerializer(StrictSerializer):
    participant = serializers.UUIDField(required=False, allow_null=True)
    external_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    external_organisation = serializers.CharField(max_length=200, required=False, allow_blank=True)
