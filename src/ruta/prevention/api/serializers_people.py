"""Serializers of the participants' and enrolments' API (bodies are strict: unknown fields
and wrong JSON types are refused)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ruta.accounts.models import User
from ruta.core.api.serializers import CodeLabelField, StrictSerializer
from ruta.core.models import Department
from ruta.institutions.models import Institution, Unit
from ruta.people.choices import Sex
from ruta.prevention.choices import EnrolmentStatus, ResultKind
from ruta.prevention.rules import EMAIL_MAX, NAME_MAX, RANK_MAX


class InstitutionRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class ParticipantSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    given_names = serializers.CharField()
    family_names = serializers.CharField()
    institution = InstitutionRefSerializer()
    unit = serializers.UUIDField(source="unit_id", allow_null=True)
    rank_or_role = serializers.CharField()
    sex = CodeLabelField(Sex.choices)
    department = serializers.CharField(source="department_id", allow_null=True)
    email = serializers.CharField()
    user_linked = serializers.SerializerMethodField()
    recorded_by = serializers.UUIDField(source="recorded_by_id")

    def get_user_linked(self, obj) -> bool:
        return obj.user_id is not None


class ParticipantSearchSerializer(StrictSerializer):
    q = serializers.CharField(max_length=100)


class ParticipantSearchResultSerializer(serializers.Serializer):
    results = ParticipantSerializer(many=True)


class _ParticipantBody(StrictSerializer):
    institution = serializers.PrimaryKeyRelatedField(queryset=Institution.objects.all())
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, allow_null=True
    )
    given_names = serializers.CharField(max_length=NAME_MAX, allow_blank=True)
    family_names = serializers.CharField(max_length=NAME_MAX, allow_blank=True)
    rank_or_role = serializers.CharField(max_length=RANK_MAX, required=False, allow_blank=True)
    sex = serializers.ChoiceField(choices=Sex.choices)
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), required=False, allow_null=True
    )
    email = serializers.CharField(max_length=EMAIL_MAX, required=False, allow_blank=True)
    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("A platform user of the participant's institution to link."),
    )


class ParticipantCreateSerializer(_ParticipantBody):
    pass


class ParticipantUpdateSerializer(_ParticipantBody):
    """Only the fields given change; ``version`` is the participant's."""

    version = serializers.IntegerField()
    unlink_user = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False


class EnrolmentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    session = serializers.UUIDField(source="session_id")
    session_reference = serializers.CharField(source="session.reference")
    course_title = serializers.CharField(source="session.course.title")
    participant = serializers.UUIDField(source="participant_id")
    participant_name = serializers.CharField(source="participant.full_name")
    institution = serializers.CharField(source="participant.institution.name")
    status = CodeLabelField(EnrolmentStatus.choices)
    days_present = serializers.IntegerField()
    pre_score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    post_score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    max_score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    gain = serializers.FloatField(allow_null=True)


class EnrolSerializer(StrictSerializer):
    """A participant the institution reaches (``participant``), or one recorded elsewhere
    named by their exact e-mail (``email``): one of the two."""

    participant = serializers.UUIDField(required=False)
    email = serializers.EmailField(required=False, max_length=EMAIL_MAX)

    def validate(self, attrs):
        if bool(attrs.get("participant")) == bool(attrs.get("email")):
            raise serializers.ValidationError(_("Give either a participant or an e-mail."))
        return attrs


class VersionSerializer(StrictSerializer):
    version = serializers.IntegerField()


class AttendanceSerializer(StrictSerializer):
    """One day's register, whole: enrolment id -> present (enrolled participants not named
    were absent)."""

    day = serializers.DateField()
    present = serializers.DictField(child=serializers.BooleanField())

    def validate_present(self, value: dict) -> dict[UUID, bool]:
        out: dict[UUID, bool] = {}
        for key, came in value.items():
            try:
                out[UUID(str(key))] = bool(came)
            except ValueError:
                raise serializers.ValidationError(_("Not an enrolment id.")) from None
        return out


class AttendanceResultSerializer(serializers.Serializer):
    day = serializers.DateField()
    present = serializers.IntegerField()


class ResultBodySerializer(StrictSerializer):
    """A test's answers: question position -> option key ('' for no answer). ``version`` is
    the enrolment's."""

    kind = serializers.ChoiceField(choices=ResultKind.choices)
    version = serializers.IntegerField()
    taken_on = serializers.DateField(required=False, allow_null=True)
    answers = serializers.DictField(child=serializers.CharField(max_length=10, allow_blank=True))

    def validate_answers(self, value: dict) -> dict[int, str]:
        out: dict[int, str] = {}
        for key, answer in value.items():
            text = str(key)
            if not text.isascii() or not text.isdigit() or len(text) > 4:
                raise serializers.ValidationError(_("Question positions are numbers."))
            out[int(text)] = answer
        return out


class ResultSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    enrolment = serializers.UUIDField(source="enrolment_id")
    kind = CodeLabelField(ResultKind.choices)
    score = serializers.DecimalField(max_digits=6, decimal_places=2)
    max_score = serializers.DecimalField(max_digits=6, decimal_places=2)
    taken_on = serializers.DateField()
    gain = serializers.FloatField(source="enrolment.gain", allow_null=True)
