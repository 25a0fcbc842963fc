"""Bodies and answers of the people API of a criminal file. Names are filled in by the
selectors' name functions (``context["actor"]``): a reserved or unreachable identity answers
``null`` and the file's code stays."""

from __future__ import annotations

from rest_framework import serializers

from ruta.cases.choices import FormOfExploitation
from ruta.core.api.serializers import CodeLabelField, StrictSerializer
from ruta.people.choices import Sex
from ruta.prosecution import selectors_people as sel
from ruta.prosecution.choices import (
    AppealedBy,
    AppealKind,
    AppealResult,
    Currency,
    DetentionStatus,
    Extradition,
    MeasureStatus,
    MeasureType,
    Participation,
    ProceduralRole,
    VerdictOutcome,
)

# --- Answers -----------------------------------------------------------------------------------


class VerdictSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    charge = serializers.UUIDField(source="charge_id")
    appeal = serializers.UUIDField(source="appeal_id", allow_null=True)
    outcome = CodeLabelField(VerdictOutcome.choices)
    decided_on = serializers.DateField()
    sentence_years = serializers.IntegerField()
    sentence_months = serializers.IntegerField()
    sentence_days = serializers.IntegerField()
    fine_amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    fine_currency = serializers.CharField()
    compensation_ordered = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True
    )
    compensation_currency = serializers.CharField()


class ChargeSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    defendant = serializers.UUIDField(source="defendant_id")
    offence = serializers.CharField(source="offence.code")
    classification = serializers.CharField()
    form_of_exploitation = serializers.CharField()
    aggravating = serializers.SerializerMethodField()
    charged_on = serializers.DateField()
    outcome = CodeLabelField(VerdictOutcome.choices, allow_null=True)
    outcome_on = serializers.DateField(allow_null=True)
    sentence_days = serializers.IntegerField(allow_null=True)
    verdicts = VerdictSerializer(many=True, source="verdicts.all")
    version = serializers.IntegerField()

    def get_aggravating(self, obj) -> list[str]:
        return sorted(a.code for a in obj.aggravating.all())


class PaymentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    defendant = serializers.UUIDField(source="defendant_id")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.CharField()
    paid_on = serializers.DateField()


class AssetSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    defendant = serializers.UUIDField(source="defendant_id")
    description = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    confiscated_on = serializers.DateField()


class DefendantSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    file = serializers.UUIDField(source="file_id")
    code = serializers.CharField()
    name = serializers.SerializerMethodField()
    role = serializers.SerializerMethodField()
    sex = CodeLabelField(Sex.choices)
    age = serializers.IntegerField(allow_null=True)
    nationality = serializers.CharField()
    public_official = serializers.BooleanField()
    organised_crime = serializers.BooleanField()
    detention = CodeLabelField(DetentionStatus.choices)
    arrested_on = serializers.DateField(allow_null=True)
    detention_from = serializers.DateField(allow_null=True)
    detention_until = serializers.DateField(allow_null=True)
    extradition = CodeLabelField(Extradition.choices)
    charges = ChargeSerializer(many=True, source="charges.all")
    payments = PaymentSerializer(many=True, source="payments.all")
    assets = AssetSerializer(many=True, source="assets.all")
    version = serializers.IntegerField()

    def get_name(self, obj) -> str | None:
        return sel.defendant_name(self.context["actor"], obj)

    def get_role(self, obj) -> str | None:
        return obj.role.code if obj.role_id else None


class AppealSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    file = serializers.UUIDField(source="file_id")
    kind = CodeLabelField(AppealKind.choices)
    appealed_by = CodeLabelField(AppealedBy.choices)
    filed_on = serializers.DateField()
    court = serializers.CharField()
    result = CodeLabelField(AppealResult.choices, allow_null=True)
    decided_on = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()


class MeasureSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    victim = serializers.UUIDField(source="victim_id")
    type = CodeLabelField(MeasureType.choices)
    status = CodeLabelField(MeasureStatus.choices)
    requested_on = serializers.DateField()
    decided_on = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()


class VictimSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    file = serializers.UUIDField(source="file_id")
    code = serializers.CharField()
    name = serializers.SerializerMethodField()
    case_reference = serializers.SerializerMethodField()
    role = CodeLabelField(ProceduralRole.choices)
    participation = CodeLabelField(Participation.choices)
    measures = MeasureSerializer(many=True, source="measures.all")
    version = serializers.IntegerField()

    def get_name(self, obj) -> str | None:
        return sel.victim_name(self.context["actor"], obj)

    def get_case_reference(self, obj) -> str | None:
        if sel.victim_case_link(self.context["actor"], obj):
            return obj.case.reference
        return None


# --- Bodies ------------------------------------------------------------------------------------


class VersionSerializer(StrictSerializer):
    version = serializers.IntegerField(min_value=1)


class IdentitySerializer(StrictSerializer):
    given_names = serializers.CharField(max_length=100, required=False, allow_blank=True)
    first_surname = serializers.CharField(max_length=100, required=False, allow_blank=True)
    second_surname = serializers.CharField(max_length=100, required=False, allow_blank=True)
    sex = serializers.ChoiceField(Sex.choices, required=False)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    estimated_age = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=120
    )
    nationalities = serializers.ListField(
        child=serializers.CharField(max_length=3), required=False, max_length=5
    )


class DefendantAddSerializer(StrictSerializer):
    person = serializers.UUIDField(required=False, allow_null=True)
    identity = IdentitySerializer(required=False)


class DefendantUpdateSerializer(VersionSerializer):
    role = serializers.CharField(max_length=60, required=False, allow_blank=True)
    sex = serializers.CharField(max_length=10, required=False)
    age = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    nationality = serializers.CharField(max_length=3, required=False, allow_blank=True)
    public_official = serializers.BooleanField(required=False)
    organised_crime = serializers.BooleanField(required=False)
    detention = serializers.CharField(max_length=25, required=False)
    arrested_on = serializers.DateField(required=False, allow_null=True)
    detention_from = serializers.DateField(required=False, allow_null=True)
    detention_until = serializers.DateField(required=False, allow_null=True)
    extradition = serializers.CharField(max_length=12, required=False)


class ChargeAddSerializer(StrictSerializer):
    offence = serializers.CharField(max_length=60)
    form_of_exploitation = serializers.ChoiceField(
        FormOfExploitation.choices, required=False, allow_blank=True
    )
    aggravating = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, max_length=30
    )
    charged_on = serializers.DateField()


class VerdictFieldsSerializer(StrictSerializer):
    outcome = serializers.CharField(max_length=12)
    sentence_years = serializers.IntegerField(required=False, min_value=0, default=0)
    sentence_months = serializers.IntegerField(required=False, min_value=0, default=0)
    sentence_days = serializers.IntegerField(required=False, min_value=0, default=0)
    fine_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    fine_currency = serializers.CharField(max_length=3, required=False, allow_blank=True)
    compensation_ordered = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    compensation_currency = serializers.CharField(max_length=3, required=False, allow_blank=True)


class VerdictRecordSerializer(VerdictFieldsSerializer):
    decided_on = serializers.DateField()


class ChangedVerdictSerializer(VerdictFieldsSerializer):
    charge = serializers.UUIDField()


class AppealFileSerializer(StrictSerializer):
    kind = serializers.CharField(max_length=12)
    appealed_by = serializers.CharField(max_length=12)
    filed_on = serializers.DateField()
    court = serializers.CharField(max_length=200)


class AppealDecideSerializer(VersionSerializer):
    result = serializers.CharField(max_length=12)
    decided_on = serializers.DateField()
    verdicts = ChangedVerdictSerializer(many=True, required=False)


class PaymentRecordSerializer(StrictSerializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.ChoiceField(Currency.choices)
    paid_on = serializers.DateField()


class AssetRecordSerializer(StrictSerializer):
    description = serializers.CharField(max_length=300)
    value = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True)
    confiscated_on = serializers.DateField()


class VictimLinkCaseSerializer(StrictSerializer):
    case = serializers.UUIDField()
    role = serializers.ChoiceField(ProceduralRole.choices, required=False)


class VictimRecordSerializer(StrictSerializer):
    person = serializers.UUIDField(required=False, allow_null=True)
    identity = IdentitySerializer(required=False)
    role = serializers.ChoiceField(ProceduralRole.choices, required=False)


class VictimUpdateSerializer(VersionSerializer):
    role = serializers.ChoiceField(ProceduralRole.choices, required=False)
    participation = serializers.ChoiceField(Participation.choices, required=False)


class MeasureRequestSerializer(StrictSerializer):
    type = serializers.CharField(max_length=20)
    requested_on = serializers.DateField()
    note = serializers.CharField(max_length=10_000, required=False, allow_blank=True)


class MeasureDecideSerializer(VersionSerializer):
    status = serializers.CharField(max_length=10)
    decided_on = serializers.DateField()
