from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ruta.cases.choices import (
    App,
    CaseStatus,
    ClosureReason,
    ConsentGivenBy,
    ConsentPurpose,
    DecidingOrganisationType,
    EventType,
    FormOfExploitation,
    IdentificationStatus,
    MeansOfControl,
    NoteSensitivity,
    RecruitmentMethod,
    RelationshipToRecruiter,
    Suggestion,
    TaskKind,
    VictimType,
)
from ruta.cases.models import (
    Attachment,
    Case,
    Consent,
    IdentificationDecision,
    Note,
    Screening,
    ScreeningInstrument,
    Task,
    TraffickingEvent,
)
from ruta.core.api.serializers import CodeLabelField, StrictSerializer


class TaskSerializer(serializers.ModelSerializer):
    kind = CodeLabelField(TaskKind.choices)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = ["id", "kind", "due_at", "done_at", "overdue"]

    def get_overdue(self, obj) -> bool:
        from django.utils import timezone

        return obj.done_at is None and obj.due_at < timezone.now()


class TaskCompleteSerializer(StrictSerializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class CaseListSerializer(serializers.ModelSerializer):
    status = CodeLabelField(CaseStatus.choices)
    victim_type = CodeLabelField(VictimType.choices)
    assigned_to = serializers.UUIDField(source="assigned_to_id", allow_null=True)
    person = serializers.UUIDField(source="person_id")
    closure_pending = serializers.BooleanField()

    # The columns these fields read (``closure_pending`` reads the request time and status).
    COLUMNS = (
        "id",
        "reference",
        "status",
        "victim_type",
        "is_child",
        "opened_at",
        "first_contact_at",
        "assigned_to_id",
        "person_id",
        "closure_requested_at",
        "version",
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "status",
            "victim_type",
            "is_child",
            "opened_at",
            "first_contact_at",
            "assigned_to",
            "person",
            "closure_pending",
            "version",
        ]


class IdentificationSerializer(serializers.ModelSerializer):
    status = CodeLabelField(IdentificationStatus.choices)
    deciding_organisation_type = CodeLabelField(DecidingOrganisationType.choices)
    deciding_institution = serializers.UUIDField(source="deciding_institution_id")

    class Meta:
        model = IdentificationDecision
        fields = [
            "id",
            "status",
            "decided_on",
            "deciding_institution",
            "deciding_organisation_type",
        ]


class EventSerializer(serializers.ModelSerializer):
    type = CodeLabelField(EventType.choices)
    department = serializers.CharField(source="department_id", allow_null=True)
    municipality = serializers.CharField(source="municipality_id", allow_null=True)

    class Meta:
        model = TraffickingEvent
        fields = ["id", "type", "country", "department", "municipality", "started_on", "ended_on"]


class CaseDetailSerializer(CaseListSerializer):
    """Sections follow the caller's sensitivity levels."""

    tasks = TaskSerializer(many=True, read_only=True)
    identifications = IdentificationSerializer(many=True, read_only=True)

    class Meta(CaseListSerializer.Meta):
        fields = [*CaseListSerializer.Meta.fields, "tasks", "identifications"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        sections = self.context.get("sections", ())
        data["institution"] = str(instance.institution_id)
        data["sections"] = sorted(sections)
        if "identity" in sections:
            data["person_name"] = instance.person.full_name
        if not self.context.get("owner", True):
            # An institution reaching the case through a referral sees no tasks or assignee
            # (the lists stay, empty: the schema names them in every answer).
            data["tasks"] = []
            data["assigned_to"] = None
            if "facts" not in sections:
                data["identifications"] = []
        if "facts" in sections:
            data["facts"] = {
                "forms_of_exploitation": instance.forms_of_exploitation,
                "means_of_control": instance.means_of_control,
                "recruitment_methods": instance.recruitment_methods,
                "recruitment_apps": instance.recruitment_apps,
                "exploitation_apps": instance.exploitation_apps,
                "relationship_to_recruiter": instance.relationship_to_recruiter,
                "events": EventSerializer(instance.events.all(), many=True).data,
            }
        return data


class CaseOpenSerializer(StrictSerializer):
    person = serializers.UUIDField()
    report = serializers.UUIDField(required=False, allow_null=True)
    victim_type = serializers.ChoiceField(choices=VictimType.choices, default=VictimType.DIRECT)
    related_case = serializers.UUIDField(required=False, allow_null=True)


class CaseAssignSerializer(StrictSerializer):
    version = serializers.IntegerField()
    assignee = serializers.UUIDField(help_text=_("A user who may work on the institution's cases."))


class CaseFirstContactSerializer(StrictSerializer):
    version = serializers.IntegerField()
    at = serializers.DateTimeField(required=False, help_text=_("Left out: now."))


class CaseFactsSerializer(StrictSerializer):
    """A field left out keeps its stored value."""

    version = serializers.IntegerField()
    forms_of_exploitation = serializers.ListField(
        child=serializers.ChoiceField(choices=FormOfExploitation.choices), required=False
    )
    means_of_control = serializers.ListField(
        child=serializers.ChoiceField(choices=MeansOfControl.choices), required=False
    )
    recruitment_methods = serializers.ListField(
        child=serializers.ChoiceField(choices=RecruitmentMethod.choices), required=False
    )
    recruitment_apps = serializers.ListField(
        child=serializers.ChoiceField(choices=App.choices), required=False
    )
    exploitation_apps = serializers.ListField(
        child=serializers.ChoiceField(choices=App.choices), required=False
    )
    relationship_to_recruiter = serializers.ChoiceField(
        choices=RelationshipToRecruiter.choices, required=False
    )


class CaseIdentificationSerializer(StrictSerializer):
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=IdentificationStatus.choices)
    decided_on = serializers.DateField()
    basis = serializers.CharField(max_length=5000)
    deciding_organisation_type = serializers.ChoiceField(
        choices=DecidingOrganisationType.choices,
        required=False,
        help_text=_("Left out: the type of your institution."),
    )


class CaseEventCreateSerializer(StrictSerializer):
    type = serializers.ChoiceField(choices=EventType.choices)
    country = serializers.CharField(max_length=3, help_text=_("ISO 3166-1 alpha-3 code."))
    department = serializers.CharField(max_length=6, required=False, allow_null=True)
    municipality = serializers.CharField(max_length=10, required=False, allow_null=True)
    started_on = serializers.DateField(required=False, allow_null=True)
    ended_on = serializers.DateField(required=False, allow_null=True)


class CarriedItemSerializer(StrictSerializer):
    item = serializers.CharField(max_length=80, help_text=_("An open item's key (closure-items)."))
    reason = serializers.CharField(max_length=500, help_text=_("Why the case closes with it open."))


class CaseCloseRequestSerializer(StrictSerializer):
    version = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=ClosureReason.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    carried = CarriedItemSerializer(  # type: ignore[call-arg]  # DRF 3.15+ passes max_length
        many=True,
        required=False,
        max_length=200,
        help_text=_(
            "Every open item the closure carries, with its reason; a blocking item cannot be "
            "carried (422 lists what is missing)."
        ),
    )


class ClosureItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    # DRF's metaclass takes the field out of the class: the name shadows Field.label for mypy.
    label = serializers.CharField()  # type: ignore[assignment]
    blocking = serializers.BooleanField()


class CaseCloseDecisionSerializer(StrictSerializer):
    version = serializers.IntegerField()
    approve = serializers.BooleanField(help_text=_("false rejects the request: say why (comment)."))
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class CaseReopenSerializer(StrictSerializer):
    version = serializers.IntegerField()
    justification = serializers.CharField(max_length=2000)


class NoteSerializer(serializers.ModelSerializer):
    sensitivity = CodeLabelField(NoteSensitivity.choices)
    author = serializers.UUIDField(source="author_id")

    class Meta:
        model = Note
        fields = ["id", "sensitivity", "body", "author", "created_at"]


class NoteCreateSerializer(StrictSerializer):
    sensitivity = serializers.ChoiceField(choices=NoteSensitivity.choices)
    body = serializers.CharField(max_length=20000)


class AttachmentSerializer(serializers.ModelSerializer):
    sensitivity = CodeLabelField(NoteSensitivity.choices)

    class Meta:
        model = Attachment
        fields = ["id", "sensitivity", "filename", "content_type", "size", "sha256", "created_at"]


class AttachmentUploadSerializer(serializers.Serializer):
    sensitivity = serializers.ChoiceField(choices=NoteSensitivity.choices)
    file = serializers.FileField()


class ConsentSerializer(serializers.ModelSerializer):
    purpose = CodeLabelField(ConsentPurpose.choices)
    given_by = CodeLabelField(ConsentGivenBy.choices)
    recipient = serializers.UUIDField(source="recipient_id", allow_null=True)
    active = serializers.BooleanField()

    class Meta:
        model = Consent
        fields = [
            "id",
            "purpose",
            "recipient",
            "given_by",
            "child_assent",
            "guardian_consent",
            "given_on",
            "withdrawn_on",
            "active",
        ]


class ConsentCreateSerializer(StrictSerializer):
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    recipient = serializers.UUIDField(required=False, allow_null=True)
    given_by = serializers.ChoiceField(choices=ConsentGivenBy.choices)
    given_on = serializers.DateField()
    child_assent = serializers.BooleanField(default=False)
    guardian_consent = serializers.BooleanField(default=False)


class InstrumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScreeningInstrument
        fields = ["id", "code", "version", "audience", "name", "rule", "questions"]


class ScreeningSerializer(serializers.ModelSerializer):
    suggestion = CodeLabelField(Suggestion.choices)
    instrument = serializers.UUIDField(source="instrument_id")

    class Meta:
        model = Screening
        fields = ["id", "instrument", "answers", "dimensions", "suggestion", "screened_on"]


class ScreeningCreateSerializer(StrictSerializer):
    instrument = serializers.UUIDField()
    answers = serializers.DictField(child=serializers.CharField(max_length=20))
    screened_on = serializers.DateField(required=False)
