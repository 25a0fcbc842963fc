"""Forms of the criminal-file pages: one per action. They check shapes; the services check
the rules (and say why, field by field)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ruta.accounts.models import User
from ruta.cases.choices import FormOfExploitation
from ruta.core.models import Department, Municipality
from ruta.core.widgets import DateInput, DateTimeInput, MunicipalitySelect
from ruta.intake.models import Report
from ruta.prosecution.choices import EarlyClosure, HearingResult, HearingType
from ruta.prosecution.models import Offence, Operation
from ruta.prosecution.selectors import offence_choices

TEXT = 10_000


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class OffenceField(forms.ChoiceField):
    """An active offence, grouped trafficking / related, labelled in the reader's language."""

    def __init__(self, **kwargs):
        super().__init__(choices=(), **kwargs)

    def set_choices(self) -> None:
        self.choices = [*BLANK_CHOICE_DASH, *offence_choices((get_language() or "es")[:2])]

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        return Offence.objects.filter(pk=value).first()


class _DetailsForm(forms.Form):
    police_number = forms.CharField(label=_("Police file number"), max_length=60, required=False)
    prosecutor_number = forms.CharField(
        label=_("Prosecutor's file number"), max_length=60, required=False
    )
    court_number = forms.CharField(label=_("Court file number"), max_length=60, required=False)
    court = forms.CharField(label=_("Court"), max_length=200, required=False)
    judge = forms.CharField(label=_("Judge"), max_length=200, required=False)
    offence = OffenceField(label=_("Main offence"))
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all())
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        required=False,
        widget=MunicipalitySelect,
    )
    forms_of_exploitation = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=FormOfExploitation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label=_("Summary of the facts"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(OffenceField, self.fields["offence"]).set_choices()


class FileCreateForm(_DetailsForm):
    complaint_on = forms.DateField(label=_("Date of the complaint"), widget=DateInput())
    operation = forms.ModelChoiceField(
        label=_("Police operation"), queryset=Operation.objects.none(), required=False
    )

    field_order = ["complaint_on", "offence"]

    def __init__(self, *args, operations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if operations is not None:
            cast(forms.ModelChoiceField, self.fields["operation"]).queryset = operations


class FileUpdateForm(VersionForm, _DetailsForm):
    pass


class AssignForm(VersionForm):
    user = forms.ModelChoiceField(label=_("In charge"), queryset=User.objects.none())

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = users


class StageAdvanceForm(VersionForm):
    # Shown: the stages the action may reach. Accepted: any code, so that the service says why
    # a step back is refused rather than a bare "not one of the choices".
    stage = forms.CharField(label=_("New stage"), max_length=20, widget=forms.Select)
    on = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].widget.choices = [*BLANK_CHOICE_DASH, *stages]


class StageCorrectForm(StageAdvanceForm):
    stage = forms.CharField(label=_("Stage"), max_length=20, widget=forms.Select)
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseEarlyForm(VersionForm):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[*BLANK_CHOICE_DASH, *EarlyClosure.choices]
    )
    on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"), max_length=TEXT, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class HearingScheduleForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=[*BLANK_CHOICE_DASH, *HearingType.choices])
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    court = forms.CharField(label=_("Court"), max_length=200, required=False)


class HearingResultForm(VersionForm):
    result = forms.ChoiceField(
        label=_("Result"), choices=[*BLANK_CHOICE_DASH, *HearingResult.choices]
    )
    note = forms.CharField(
        label=_("Note"), max_length=TEXT, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_starts_at = forms.DateTimeField(
        label=_("Next hearing"), required=False, widget=DateTimeInput()
    )
    next_type = forms.ChoiceField(
        label=_("Type of the next hearing"),
        choices=[*BLANK_CHOICE_DASH, *HearingType.choices],
        required=False,
    )


class OperationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    carried_out_on = forms.DateField(label=_("Date"), widget=DateInput())
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all())
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        required=False,
        widget=MunicipalitySelect,
    )
    place = forms.CharField(
        label=_("Place"), max_length=TEXT, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    victims_found = forms.IntegerField(
        label=_("Possible victims found"), min_value=0, max_value=10_000, initial=0
    )
    suspects_arrested = forms.IntegerField(
        label=_("Suspects arrested"), min_value=0, max_value=10_000, initial=0
    )


class LinkReportsForm(VersionForm):
    reports = forms.ModelMultipleChoiceField(
        label=_("Reports raised"), queryset=Report.objects.none()
    )

    def __init__(self, *args, reports=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["reports"]).queryset = reports
