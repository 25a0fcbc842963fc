from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ruta.care.choices import GoalStatus, ReviewOutcome, ServiceStatus, ServiceType
from ruta.core.forms import model_choice_field
from ruta.core.widgets import DateInput
from ruta.institutions.models import Institution


def _date(label, required=True, **kwargs):
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        **kwargs,
    )


class PlanForm(forms.Form):
    objectives = forms.CharField(
        label=_("Objectives"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the survivor wants to achieve, in their words where possible."),
    )
    started_on = _date(_("Start"))
    planned_end_on = _date(_("Planned end"), required=False)


class PlanEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    objectives = forms.CharField(
        label=_("Objectives"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    planned_end_on = _date(_("Planned end"), required=False)


class GoalForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=ServiceType.choices)
    description = forms.CharField(
        label=_("Goal"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = _date(_("Due"), required=False)


class GoalStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_area_display()


class ServiceForm(forms.Form):
    type = forms.ChoiceField(label=_("Service"), choices=ServiceType.choices)
    responsible = forms.ModelChoiceField(
        label=_("Responsible institution"), queryset=Institution.objects.filter(is_active=True)
    )
    goal = GoalChoiceField(label=_("For the goal"), queryset=None, required=False)
    due_on = _date(_("Due"))
    description = forms.CharField(
        label=_("Details"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, goals=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "goal").queryset = goals


class ServiceStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=ServiceStatus.choices)
    reason = forms.CharField(
        label=_("Reason (when not delivered or cancelled)"), max_length=10_000, required=False
    )


class DeliveryForm(forms.Form):
    delivered_on = _date(_("Date given"))
    note = forms.CharField(
        label=_("Note"), max_length=10_000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    completes = forms.BooleanField(label=_("The service is complete"), required=False)


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reviewed_on = _date(_("Date of review"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReviewOutcome.choices)
    summary = forms.CharField(
        label=_("What was reviewed and agreed"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
