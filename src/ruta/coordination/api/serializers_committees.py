"""Serializers of the committee API: committees, member institutions, representatives."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ruta.coordination.choices import CommitteeKind, MemberRole, QuorumRule, RepresentativeKind
from ruta.coordination.models import LANGUAGES, Committee, CommitteeMember, Representative
from ruta.core.api.serializers import CodeLabelField, StrictSerializer


def text_field(limit: int = 10_000) -> serializers.CharField:
    return serializers.CharField(max_length=limit, required=False, allow_blank=True)


class CommitteeSerializer(serializers.ModelSerializer):
    """A row of the list."""

    kind = CodeLabelField(CommitteeKind.choices)
    secretariat = serializers.UUIDField(source="secretariat_id")
    member_count = serializers.IntegerField()
    voting_count = serializers.IntegerField()

    class Meta:
        model = Committee
        fields = [
            "id",
            "kind",
            "name",
            "acronym",
            "secretariat",
            "is_active",
            "member_count",
            "voting_count",
            "version",
        ]


class RepresentativeSerializer(serializers.ModelSerializer):
    kind = CodeLabelField(RepresentativeKind.choices)
    is_current = serializers.BooleanField()

    class Meta:
        model = Representative
        fields = [
            "id",
            "kind",
            "name",
            "position",
            "email",
            "phone",
            "term_starts_on",
            "term_ends_on",
            "is_current",
        ]


class MemberSerializer(serializers.ModelSerializer):
    institution = serializers.UUIDField(source="institution_id")
    institution_name = serializers.CharField(source="institution.name")
    role = CodeLabelField(MemberRole.choices)
    representatives = RepresentativeSerializer(many=True, source="people")

    class Meta:
        model = CommitteeMember
        fields = ["id", "institution", "institution_name", "role", "joined_on", "representatives"]


class MemberAddedSerializer(serializers.ModelSerializer):
    """The member just added (it has no representatives yet)."""

    institution = serializers.UUIDField(source="institution_id")
    role = CodeLabelField(MemberRole.choices)

    class Meta:
        model = CommitteeMember
        fields = ["id", "institution", "role", "joined_on"]


class RepresentativeSavedSerializer(serializers.ModelSerializer):
    kind = CodeLabelField(RepresentativeKind.choices)
    member = serializers.UUIDField(source="member_id")

    class Meta:
        model = Representative
        fields = [
            "id",
            "member",
            "kind",
            "name",
            "position",
            "email",
            "phone",
            "term_starts_on",
            "term_ends_on",
        ]


class CommitteeDetailSerializer(serializers.ModelSerializer):
    """A committee with its members (``members`` and ``quorum_needed`` are set by the
    selector ``committee_detail``)."""

    kind = CodeLabelField(CommitteeKind.choices)
    quorum_rule = CodeLabelField(QuorumRule.choices)
    secretariat = serializers.UUIDField(source="secretariat_id")
    departments = serializers.SerializerMethodField()
    quorum_needed = serializers.IntegerField()
    members = serializers.SerializerMethodField()

    class Meta:
        model = Committee
        fields = [
            "id",
            "kind",
            "name",
            "acronym",
            "description",
            "secretariat",
            "departments",
            "language",
            "quorum_rule",
            "quorum_fixed",
            "quorum_needed",
            "is_active",
            "members",
            "version",
        ]

    def get_departments(self, obj) -> list[str]:
        return sorted(str(d.pk) for d in obj.departments.all())

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, obj) -> list[dict[str, Any]]:
        return list(MemberSerializer(obj.member_rows, many=True).data)


class _CommitteeWriteSerializer(StrictSerializer):
    description = text_field()
    departments = serializers.ListField(
        child=serializers.CharField(max_length=6), required=False, max_length=30
    )
    quorum_fixed = serializers.IntegerField(
        min_value=1, max_value=1000, required=False, allow_null=True
    )


class CommitteeCreateSerializer(_CommitteeWriteSerializer):
    kind = serializers.ChoiceField(CommitteeKind.choices)
    name = serializers.CharField(max_length=200)
    acronym = serializers.CharField(max_length=20)
    language = serializers.ChoiceField(LANGUAGES)
    quorum_rule = serializers.ChoiceField(QuorumRule.choices, required=False)


class CommitteeUpdateSerializer(_CommitteeWriteSerializer):
    version = serializers.IntegerField()
    kind = serializers.ChoiceField(CommitteeKind.choices, required=False)
    name = serializers.CharField(max_length=200, required=False)
    acronym = serializers.CharField(max_length=20, required=False)
    language = serializers.ChoiceField(LANGUAGES, required=False)
    quorum_rule = serializers.ChoiceField(QuorumRule.choices, required=False)
    is_active = serializers.BooleanField(required=False)


class MemberAddSerializer(StrictSerializer):
    institution = serializers.UUIDField()
    role = serializers.ChoiceField(MemberRole.choices, required=False)
    joined_on = serializers.DateField(required=False, allow_null=True)


class RepresentativeAddSerializer(StrictSerializer):
    kind = serializers.ChoiceField(RepresentativeKind.choices)
    name = serializers.CharField(max_length=200)
    position = text_field(200)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = text_field(40)
    term_starts_on = serializers.DateField()
    term_ends_on = serializers.DateField(required=False, allow_null=True)


class RepresentativeUpdateSerializer(StrictSerializer):
    kind = serializers.ChoiceField(RepresentativeKind.choices, required=False)
    name = serializers.CharField(max_length=200, required=False)
    position = text_field(200)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = text_field(40)
    term_starts_on = serializers.DateField(required=False)
    term_ends_on = serializers.DateField(required=False, allow_null=True)
