"""Forms of the people in a criminal file: one per action. They check types only; the rules
(no sentence on an acquittal, no verdict before an indictment...) are the services'."""

from __future__ import annotations

from copy import deepcopy

from django import forms
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ruta.cases.choices import FormOfExploitation
from ruta.core.countries import country_choices
from ruta.people.choices import Sex
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
from ruta.prosecution.models import AggravatingCircumstance, Offence

CURRENCIES = [*BLANK_CHOICE_DASH, *Currency.choices]


def _date(label) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


def _nationalities() -> list[tuple[str, str]]:
    return [*BLANK_CHOICE_DASH, *country_choices()]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class IdentityForm(forms.Form):
    """An existing person of the institution (chosen through the people search and duplicate
    check), or a new one."""

    person = forms.UUIDField(
        label=_("Person already recorded"),
        required=False,
        help_text=_("Leave empty to record a new person with the fields below."),
    )
    given_names = forms.CharField(label=_("Given names"), max_length=100, required=False)
    first_surname = forms.CharField(label=_("First surname"), max_length=100, required=False)
    second_surname = forms.CharField(label=_("Second surname"), max_length=100, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    estimated_age = forms.IntegerField(
        label=_("Estimated age"), required=False, min_value=0, max_value=120
    )
    nationality = forms.ChoiceField(label=_("Nationality"), choices=(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = _nationalities()  # type: ignore[attr-defined]

    def identity(self) -> dict | None:
        data = self.cleaned_data
        if data.get("person") or not (data.get("given_names") or data.get("first_surname")):
            return None
        values = {
            k: data[k]
            for k in ("given_names", "first_surname", "second_surname", "sex")
            if data.get(k)
        }
        if data.get("date_of_birth"):
            values["date_of_birth"] = data["date_of_birth"]
        elif data.get("estimated_age") is not None:
            values["estimated_age"] = data["estimated_age"]
        if data.get("nationality"):
            values["nationalities"] = [data["nationality"]]
        return values


class DefendantAddForm(IdentityForm):
    pass


class DefendantUpdateForm(VersionForm):
    role = forms.ChoiceField(label=_("Role in the process"), choices=(), required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    age = forms.IntegerField(label=_("Age at the offence"), required=False, min_value=0)
    nationality = forms.ChoiceField(label=_("Nationality"), choices=(), required=False)
    public_official = forms.BooleanField(label=_("Public official"), required=False)
    organised_crime = forms.BooleanField(label=_("Linked to organised crime"), required=False)
    detention = forms.ChoiceField(label=_("Detention"), choices=DetentionStatus.choices)
    arrested_on = forms.DateField(
        label=_("Arrested on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    detention_from = forms.DateField(
        label=_("Detained from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    detention_until = forms.DateField(
        label=_("Detained until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    extradition = forms.ChoiceField(label=_("Extradition"), choices=Extradition.choices)

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [*BLANK_CHOICE_DASH, *roles]  # type: ignore[attr-defined]
        self.fields["nationality"].choices = _nationalities()  # type: ignore[attr-defined]


class _LabelledChoice(forms.ModelChoiceField):
    """A code-list entry named in the reader's language."""

    def label_from_instance(self, obj) -> str:
        return obj.label((get_language() or "es")[:2])


class _LabelledMultipleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.label((get_language() or "es")[:2])


class ChargeAddForm(forms.Form):
    offence = _LabelledChoice(
        label=_("Offence"), queryset=Offence.objects.filter(is_active=True), to_field_name="code"
    )
    form_of_exploitation = forms.ChoiceField(
        label=_("Modality"),
        choices=[*BLANK_CHOICE_DASH, *FormOfExploitation.choices],
        required=False,
    )
    aggravating = _LabelledMultipleChoice(
        label=_("Aggravating circumstances"),
        queryset=AggravatingCircumstance.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    charged_on = _date(_("Charged on"))


class VerdictFields(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=VerdictOutcome.choices)
    sentence_years = forms.IntegerField(label=_("Years"), required=False, min_value=0)
    sentence_months = forms.IntegerField(label=_("Months"), required=False, min_value=0)
    sentence_days = forms.IntegerField(label=_("Days"), required=False, min_value=0)
    fine_amount = forms.DecimalField(
        label=_("Fine"), required=False, max_digits=14, decimal_places=2
    )
    fine_currency = forms.ChoiceField(
        label=_("Currency of the fine"), choices=CURRENCIES, required=False
    )
    compensation_ordered = forms.DecimalField(
        label=_("Compensation ordered"), required=False, max_digits=14, decimal_places=2
    )
    compensation_currency = forms.ChoiceField(
        label=_("Currency of the compensation"), choices=CURRENCIES, required=False
    )


class VerdictRecordForm(VerdictFields):
    decided_on = _date(_("Decided on"))


class AppealFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AppealKind.choices)
    appealed_by = forms.ChoiceField(label=_("Appealed by"), choices=AppealedBy.choices)
    filed_on = _date(_("Filed on"))
    court = forms.CharField(label=_("Court"), max_length=200)


VERDICT_KEYS = tuple(VerdictFields.base_fields)


class AppealDecideForm(VersionForm):
    """The result; for a revoked or modified verdict, the new verdict of each charge it
    changed (fields ``c<n>-outcome``... one group per charge with a verdict; a group left
    without an outcome is a charge the appeal did not change)."""

    result = forms.ChoiceField(label=_("Result"), choices=AppealResult.choices)
    decided_on = _date(_("Decided on"))

    def __init__(self, *args, charges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.charges = list(charges)
        for n, charge in enumerate(self.charges):
            for key, field in VerdictFields.base_fields.items():
                copy = deepcopy(field)
                copy.required = False
                copy.label = f"{charge.defendant.code} · {charge.offence} · {field.label}"
                if key == "outcome":
                    copy.choices = [*BLANK_CHOICE_DASH, *VerdictOutcome.choices]  # type: ignore[attr-defined]
                self.fields[f"c{n}-{key}"] = copy

    def verdicts(self) -> dict:
        changed = {}
        for n, charge in enumerate(self.charges):
            values = {k: self.cleaned_data.get(f"c{n}-{k}") for k in VERDICT_KEYS}
            if values["outcome"]:
                changed[charge] = values
        return changed


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2)
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    paid_on = _date(_("Paid on"))


class AssetForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=300)
    value = forms.DecimalField(label=_("Value"), required=False, max_digits=14, decimal_places=2)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES, required=False)
    confiscated_on = _date(_("Confiscated on"))


class VictimLinkCaseForm(forms.Form):
    case = forms.ChoiceField(label=_("Protection case"), choices=())
    role = forms.ChoiceField(label=_("Procedural role"), choices=ProceduralRole.choices)

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = list(cases)  # type: ignore[attr-defined]


class VictimRecordForm(IdentityForm):
    role = forms.ChoiceField(label=_("Procedural role"), choices=ProceduralRole.choices)


class VictimUpdateForm(VersionForm):
    role = forms.ChoiceField(label=_("Procedural role"), choices=ProceduralRole.choices)
    participation = forms.ChoiceField(label=_("Participation"), choices=Participation.choices)


class MeasureRequestForm(forms.Form):
    type = forms.ChoiceField(label=_("Measure"), choices=MeasureType.choices)
    requested_on = _date(_("Requested on"))
    note = forms.CharField(
        label=_("Note"), required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MeasureDecideForm(VersionForm):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[(s, label) for s, label in MeasureStatus.choices if s != MeasureStatus.REQUESTED],
    )
    decided_on = _date(_("Decided on"))
