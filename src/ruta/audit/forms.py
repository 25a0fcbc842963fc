from django import forms
from django.utils.translation import gettext_lazy as _

from ruta.core.forms import model_choice_field
from ruta.core.widgets import DateInput


class AuditSearchForm(forms.Form):
    user = forms.CharField(label=_("User name"), max_length=150, required=False)
    record = forms.CharField(label=_("Record identifier"), max_length=64, required=False)
    institution: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Institution"), queryset=None, required=False
    )
    action = forms.CharField(
        label=_("Action"),
        max_length=100,
        required=False,
        help_text=_("A code or its beginning, e.g. accounts.user"),
    )
    refused = forms.BooleanField(label=_("Only refused access"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, institutions, **kwargs):
        """``institutions``: those the user may name (the queryset of the institutions app)."""
        super().__init__(*args, **kwargs)
        model_choice_field(self, "institution").queryset = institutions

    def clean(self):
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
