from django import forms
from django.utils.translation import gettext_lazy as _

from ruta.core.choices import InstitutionType
from ruta.core.models import Department
from ruta.institutions.models import Institution


class InstitutionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=InstitutionType.choices)
    parent = forms.ModelChoiceField(
        label=_("Part of"), queryset=Institution.objects.all(), required=False
    )
    territories = forms.ModelMultipleChoiceField(
        label=_("Territories served"),
        queryset=Department.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    receives_public_reports = forms.BooleanField(
        label=_("Receives reports from the public web form"), required=False
    )
    first_contact_hours = forms.IntegerField(
        label=_("First contact due within (hours)"), min_value=1, max_value=720, initial=24
    )


class InstitutionDetailsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    first_contact_hours = forms.IntegerField(
        label=_("First contact due within (hours)"), min_value=1, max_value=720
    )
    referral_answer_days = forms.IntegerField(
        label=_("Referrals answered within (working days)"), min_value=1, max_value=30
    )
    referral_urgent_hours = forms.IntegerField(
        label=_("Urgent referrals answered within (hours)"), min_value=1, max_value=168
    )
    plan_review_days = forms.CharField(
        label=_("Care plan reviews due after (days)"),
        max_length=60,
        help_text=_("Days after the plan starts, separated by commas; then every last value."),
    )

    def clean_plan_review_days(self) -> list[int]:
        parts = [p.strip() for p in self.cleaned_data["plan_review_days"].split(",") if p.strip()]
        if not parts or not all(p.isascii() and p.isdigit() and len(p) <= 5 for p in parts):
            raise forms.ValidationError(_("Write whole numbers of days, for example 30, 90, 180."))
        return [int(p) for p in parts]


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Unit name"), max_length=200)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )


class ContactPointForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
