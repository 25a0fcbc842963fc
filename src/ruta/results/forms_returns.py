"""Forms of the data set and return pages: one per action. They check shapes; the services
check the rules (and say why, field by field)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ruta.institutions.models import Institution
from ruta.results.choices import PeriodType, RuleOperator, ValueDisaggregation
from ruta.results.models import DataElement

TEXT = 10_000


class DataSetForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=40, help_text=_("Lower-case letters, digits and hyphens.")
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    period_type = forms.ChoiceField(label=_("Period"), choices=PeriodType.choices)
    first_period = forms.CharField(
        label=_("First period"),
        max_length=8,
        help_text=_("202603 for March 2026, 2026Q1 for a quarter, 2026 for a year."),
    )
    due_days = forms.IntegerField(
        label=_("Days after the period to report"), min_value=0, max_value=366, initial=10
    )
    reporting_institutions = forms.ModelMultipleChoiceField(
        label=_("Reporting institutions"),
        queryset=Institution.objects.filter(is_active=True).order_by("name"),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class DataSetUpdateForm(DataSetForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ElementForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=300)
    disaggregation = forms.ChoiceField(
        label=_("Breakdown"), choices=ValueDisaggregation.choices, initial="none"
    )
    min_value = forms.DecimalField(
        label=_("Minimum"), required=False, max_digits=14, decimal_places=2
    )
    max_value = forms.DecimalField(
        label=_("Maximum"), required=False, max_digits=14, decimal_places=2
    )
    order = forms.IntegerField(
        label=_("Order"), required=False, min_value=0, max_value=32767, initial=0
    )

    def clean_order(self):
        return self.cleaned_data.get("order") or 0


class RuleForm(forms.Form):
    left = forms.ModelChoiceField(label=_("Element"), queryset=DataElement.objects.none())
    operator = forms.ChoiceField(label=_("Comparison"), choices=RuleOperator.choices)
    right = forms.ModelChoiceField(label=_("Compared to"), queryset=DataElement.objects.none())

    def __init__(self, *args, data_set=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = (
            DataElement.objects.filter(data_set=data_set).order_by("order", "code")
            if data_set is not None
            else DataElement.objects.none()
        )
        self.fields["left"].queryset = qs  # type: ignore[attr-defined]
        self.fields["right"].queryset = qs  # type: ignore[attr-defined]


class OpenReturnForm(forms.Form):
    period = forms.CharField(label=_("Period"), max_length=8)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SendBackForm(VersionForm):
    comment = forms.CharField(
        label=_("What to correct"), max_length=TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReturnValuesForm(VersionForm):
    """One optional text field per cell ("<element>/<category>"): the service reads numbers."""

    def __init__(self, *args, keys=(), **kwargs):
        super().__init__(*args, **kwargs)
        for key in keys:
            self.fields[key] = forms.CharField(label=key, required=False, max_length=20)

    def cell_values(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}
