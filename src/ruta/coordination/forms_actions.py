"""Forms of agreements, action items and cooperation agreements (input shape only: the rules
are the services')."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ruta.coordination.choices import CooperationKind, CooperationStatus
from ruta.institutions.models import Institution

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AgreementForm(forms.Form):
    text = forms.CharField(label=_("Agreement"), widget=forms.Textarea, required=False)


class AgreementEditForm(_Versioned, AgreementForm):
    pass


class ActionItemForm(forms.Form):
    description = forms.CharField(label=_("Action"), widget=forms.Textarea, required=False)
    owner_institution = forms.ModelChoiceField(
        label=_("Responsible institution"), queryset=Institution.objects.none(), required=False
    )
    responsible = forms.CharField(label=_("Responsible person"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DATE, required=False)

    def __init__(self, *args, owners=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if owners is not None:
            cast(forms.ModelChoiceField, self.fields["owner_institution"]).queryset = owners


class ActionItemEditForm(_Versioned, ActionItemForm):
    pass


class ProgressForm(_Versioned):
    note = forms.CharField(label=_("Progress"), widget=forms.Textarea, required=False)


class DoneForm(_Versioned):
    evidence = forms.CharField(
        label=_("Evidence of what was done"), widget=forms.Textarea, required=False
    )
    evidence_url = forms.CharField(label=_("Link to the evidence"), required=False)
    done_on = forms.DateField(label=_("Done on"), widget=DATE, required=False)


class CancelForm(_Versioned):
    reason = forms.CharField(
        label=_("Reason for cancelling"), widget=forms.Textarea, required=False
    )


class CooperationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=CooperationKind.choices)
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    scope = forms.CharField(label=_("Scope"), widget=forms.Textarea, required=False)
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"),
        queryset=Institution.objects.filter(is_active=True).order_by("name"),
        required=False,
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE, required=False)
    starts_on = forms.DateField(label=_("In force from"), widget=DATE, required=False)
    ends_on = forms.DateField(label=_("In force until"), widget=DATE, required=False)
    renewal_on = forms.DateField(label=_("Renewal date"), widget=DATE, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=CooperationStatus.choices)


class CooperationEditForm(_Versioned, CooperationForm):
    pass


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Signed document (PDF, DOCX or ODT)"))
