from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ruta.core.api.serializers import CodeLabelField, StrictSerializer
from ruta.people.choices import DocumentType, Gender, MatchReason, Sex
from ruta.people.models import Person, PersonDocument


class DocumentSerializer(serializers.ModelSerializer):
    type = CodeLabelField(DocumentType.choices)

    class Meta:
        model = PersonDocument
        fields = ["id", "type", "number", "issuing_country"]


class PersonListSerializer(serializers.ModelSerializer):
    sex = CodeLabelField(Sex.choices)
    age = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "given_names",
            "first_surname",
            "second_surname",
            "aliases",
            "sex",
            "date_of_birth",
            "age",
            "version",
        ]

    def get_age(self, obj) -> int | None:
        return obj.age()


class PersonDetailSerializer(PersonListSerializer):
    gender = CodeLabelField(Gender.choices)
    documents = DocumentSerializer(many=True, read_only=True)

    class Meta(PersonListSerializer.Meta):
        fields = [
            *PersonListSerializer.Meta.fields,
            "gender",
            "estimated_age",
            "nationalities",
            "languages",
            "population_groups",
            "population_group_consent",
            "documents",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if "contact" in self.context.get("sections", ()):
            data["contact"] = instance.contact
        if "health" in self.context.get("sections", ()):
            data["has_disability"] = instance.has_disability
            data["disability_notes"] = instance.disability_notes
        return data


class DocumentInputSerializer(StrictSerializer):
    type = serializers.ChoiceField(choices=DocumentType.choices)
    number = serializers.CharField(max_length=50)
    issuing_country = serializers.CharField(max_length=3, required=False, default="")


class PersonWriteSerializer(StrictSerializer):
    version = serializers.IntegerField(required=False)
    given_names = serializers.CharField(max_length=150, required=False)
    first_surname = serializers.CharField(max_length=100, required=False, allow_blank=True)
    second_surname = serializers.CharField(max_length=100, required=False, allow_blank=True)
    aliases = serializers.CharField(max_length=300, required=False, allow_blank=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    estimated_age = serializers.IntegerField(
        min_value=0, max_value=120, required=False, allow_null=True
    )
    nationalities = serializers.ListField(
        child=serializers.CharField(max_length=3), required=False, max_length=10
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=3), required=False, max_length=10
    )
    population_groups = serializers.ListField(
        child=serializers.CharField(max_length=20), required=False, max_length=10
    )
    population_group_consent = serializers.BooleanField(required=False)
    contact = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    has_disability = serializers.BooleanField(required=False, allow_null=True)
    disability_notes = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    documents = DocumentInputSerializer(many=True, required=False)


class PersonSearchSerializer(StrictSerializer):
    """Names go in the request body: a URL ends up in logs, proxies and browser history."""

    q = serializers.CharField(
        max_length=200,
        error_messages={
            "required": _("Type the names to search for."),
            "blank": _("Type the names to search for."),
        },
    )
    date_of_birth = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="As known, even approximately."
    )
    birth_year = serializers.IntegerField(
        min_value=1900, max_value=2100, required=False, allow_null=True, default=None
    )
    estimated_age = serializers.IntegerField(
        min_value=0, max_value=120, required=False, allow_null=True, default=None
    )


class PersonSearchHitSerializer(PersonListSerializer):
    """A person found, with how close (0 to 1) and why."""

    score = serializers.FloatField(source="match.score", read_only=True)
    reasons = serializers.ListField(
        source="match.reasons",
        child=serializers.ChoiceField(MatchReason.choices),
        read_only=True,
        help_text="The fields that agreed with what was typed.",
    )

    class Meta(PersonListSerializer.Meta):
        fields = [*PersonListSerializer.Meta.fields, "score", "reasons"]


class PersonSearchResultSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = PersonSearchHitSerializer(many=True)


class MatchQuerySerializer(StrictSerializer):
    given_names = serializers.CharField(max_length=150, required=False, default="")
    first_surname = serializers.CharField(max_length=100, required=False, default="")
    second_surname = serializers.CharField(max_length=100, required=False, default="")
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    estimated_age = serializers.IntegerField(
        min_value=0, max_value=120, required=False, allow_null=True, default=None
    )
    document_number = serializers.CharField(max_length=50, required=False, default="")


class MatchSerializer(serializers.Serializer):
    person = PersonListSerializer()
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.ChoiceField(MatchReason.choices))
