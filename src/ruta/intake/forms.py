from __future__ import annotations

from django import forms
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from ruta.core.models import Department, Municipality
from ruta.core.widgets import DateTimeInput, MunicipalitySelect
from ruta.intake.choices import (
    InvolvedRole,
    NotTraffickingReason,
    ReportChannel,
    ReportedSex,
)

STAFF_CHANNELS = [c for c in ReportChannel.choices if c[0] != ReportChannel.PUBLIC_WEB]


class ReportForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=STAFF_CHANNELS)
    received_at = forms.DateTimeField(
        label=_("Received at"),
        required=False,
        help_text=_("Leave empty to use the current time."),
        widget=DateTimeInput(),
    )
    imminent_danger = forms.BooleanField(label=_("Imminent danger"), required=False)
    child_involved = forms.BooleanField(label=_("A child is involved"), required=False)
    narrative = forms.CharField(
        label=_("What happened"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.select_related("department"),
        required=False,
        widget=MunicipalitySelect,
    )
    place_description = forms.CharField(
        label=_("Place"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reporter_anonymous = forms.BooleanField(label=_("The reporter stays anonymous"), required=False)
    reporter_name = forms.CharField(label=_("Reporter's name"), max_length=200, required=False)
    reporter_contact = forms.CharField(
        label=_("Reporter's contact"), max_length=200, required=False
    )


class PersonForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=InvolvedRole.choices)
    name = forms.CharField(label=_("Name or alias"), max_length=200, required=False)
    sex = forms.ChoiceField(
        label=_("Sex"), choices=ReportedSex.choices, initial=ReportedSex.UNKNOWN
    )
    approximate_age = forms.IntegerField(
        label=_("Approximate age"), min_value=0, max_value=120, required=False
    )
    description = forms.CharField(label=_("Description"), max_length=2000, required=False)


PersonFormSet = forms.formset_factory(PersonForm, extra=2, max_num=20, validate_max=True)


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label=_("Why this is not trafficking"),
        choices=[*BLANK_CHOICE_DASH, *NotTraffickingReason.choices],
    )
    referral_information = forms.CharField(
        label=_("Referral information given"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PublicReportForm(forms.Form):
    narrative = forms.CharField(
        label=_("What is happening?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Say what you saw or know. Do not put yourself in danger to find out more."),
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.select_related("department"),
        required=False,
        widget=MunicipalitySelect,
    )
    place_description = forms.CharField(label=_("Where?"), max_length=500, required=False)
    imminent_danger = forms.BooleanField(label=_("Someone is in danger right now"), required=False)
    child_involved = forms.BooleanField(label=_("A child is involved"), required=False)
    reporter_name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    reporter_contact = forms.CharField(
        label=_("How can we reach you? (optional)"), max_length=200, required=False
    )
    # Honeypot: hidden from people, filled in by bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
