"""Forms of the results framework pages: one per action. They check shapes; the services
check the rules (and say why, field by field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ruta.coordination.models import Committee
from ruta.core.widgets import DateInput
from ruta.institutions.models import Institution
from ruta.results.choices import Direction, Disaggregation, FrameworkKind, PeriodType, Unit
from ruta.results.models import ResultNode
from ruta.results.registry import choices as computation_choices

TEXT = 10_000


class _FrameworkForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    committee = forms.ModelChoiceField(
        label=_("Followed by"), queryset=Committee.objects.none(), required=False
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    iati_identifier = forms.CharField(
        label=_("IATI activity identifier"), max_length=100, required=False
    )
    iati_reporting_org = forms.CharField(
        label=_("IATI reporting organisation identifier"), max_length=100, required=False
    )

    def __init__(self, *args: Any, committees=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if committees is not None:
            self.fields["committee"].queryset = committees  # type: ignore[attr-defined]


class FrameworkCreateForm(_FrameworkForm):
    kind = forms.ChoiceField(label=_("Type"), choices=FrameworkKind.choices)
    field_order = ["kind", "code", "title"]


class FrameworkUpdateForm(_FrameworkForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class NodeUpdateForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)
    title = forms.CharField(label=_("Title"), max_length=400)
    description = forms.CharField(
        label=_("Description"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32_000, required=False)


class NodeCreateForm(NodeUpdateForm):
    level = forms.ChoiceField(label=_("Level"), choices=())
    parent = forms.ModelChoiceField(
        label=_("Contributes to"), queryset=ResultNode.objects.none(), required=False
    )
    field_order = ["level", "parent", "code", "title"]

    def __init__(self, *args: Any, framework=None, levels=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = levels  # type: ignore[attr-defined]
        if framework is not None:
            self.fields["parent"].queryset = framework.nodes.order_by("order", "code")  # type: ignore[attr-defined]


class _IndicatorForm(forms.Form):
    result = forms.ModelChoiceField(label=_("Result"), queryset=ResultNode.objects.none())
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Indicator"), max_length=400)
    definition = forms.CharField(
        label=_("Definition"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=PeriodType.choices)
    disaggregations = forms.MultipleChoiceField(
        label=_("Disaggregations"),
        choices=Disaggregation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    baseline_value = forms.DecimalField(
        label=_("Baseline"), max_digits=14, decimal_places=2, required=False
    )
    baseline_on = forms.DateField(label=_("Baseline date"), required=False, widget=DateInput())
    data_source = forms.CharField(label=_("Data source"), max_length=300, required=False)
    collection_method = forms.CharField(
        label=_("Collection method"), max_length=300, required=False
    )
    responsible_institution = forms.ModelChoiceField(
        label=_("Responsible institution"),
        queryset=Institution.objects.filter(is_active=True).order_by("name"),
        required=False,
    )
    computation = forms.ChoiceField(label=_("Computed as"), required=False, choices=())
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32_000, required=False)

    def __init__(self, *args: Any, framework=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if framework is not None:
            self.fields["result"].queryset = framework.nodes.order_by("order", "code")  # type: ignore[attr-defined]
        self.fields["computation"].choices = [  # type: ignore[attr-defined]
            ("", _("Entered by hand")),
            *computation_choices(),
        ]


class IndicatorCreateForm(_IndicatorForm):
    pass


class IndicatorUpdateForm(_IndicatorForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TargetForm(forms.Form):
    period = forms.CharField(
        label=_("Period"), max_length=8, help_text=_("Like 2026, 2026Q1 or 202603.")
    )
    value = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2)


class MeasurementForm(forms.Form):
    period = forms.CharField(
        label=_("Period"), max_length=8, help_text=_("Like 2026, 2026Q1 or 202603.")
    )
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    cell = forms.CharField(
        label=_("Disaggregation"),
        max_length=60,
        required=False,
        help_text=_("Empty for the total, or a cell like sex:female."),
    )
    evidence = forms.CharField(
        label=_("Evidence"), max_length=TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_url = forms.URLField(
        label=_("Link to the evidence"), max_length=500, required=False, assume_scheme="https"
    )


class NarrativeForm(forms.Form):
    period = forms.CharField(label=_("Period"), max_length=8)
    result = forms.ModelChoiceField(
        label=_("Result"),
        queryset=ResultNode.objects.none(),
        required=False,
        empty_label=_("The whole framework"),
    )
    progress = forms.CharField(
        label=_("Progress"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    risks = forms.CharField(
        label=_("Risks and mitigation"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, framework=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if framework is not None:
            self.fields["result"].queryset = framework.nodes.order_by("order", "code")  # type: ignore[attr-defined]
