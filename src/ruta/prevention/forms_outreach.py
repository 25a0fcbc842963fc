"""Forms of the campaign and inspection pages: one per action. They check shapes; the
services check the rules (and say why, field by field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ruta.accounts.models import User
from ruta.cases.choices import Answer
from ruta.cases.models import ScreeningInstrument
from ruta.core.models import Department, Municipality
from ruta.core.widgets import DateInput, MunicipalitySelect
from ruta.institutions.models import Institution
from ruta.prevention.choices import Audience, Channel, IsicSection, MeasureKind

TEXT = 10_000
ANSWER_PREFIX = "answer_"
WORKER_FIELDS = (
    "workers_female",
    "workers_male",
    "workers_0_17",
    "workers_18_29",
    "workers_30_59",
    "workers_60_plus",
)


class _CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput())
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        queryset=Department.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner institutions"),
        queryset=Institution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, institution_id=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partners = Institution.objects.filter(is_active=True).order_by("name")
        if institution_id is not None:
            partners = partners.exclude(pk=institution_id)
        self.fields["partners"].queryset = partners  # type: ignore[attr-defined]


class CampaignCreateForm(_CampaignForm):
    pass


class CampaignUpdateForm(_CampaignForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


def _count(label) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, required=False)


class ReachForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    people = forms.IntegerField(label=_("People reached"), min_value=0)
    female = _count(_("Women and girls"))
    male = _count(_("Men and boys"))
    age_0_17 = _count(_("0 to 17"))
    age_18_29 = _count(_("18 to 29"))
    age_30_59 = _count(_("30 to 59"))
    age_60_plus = _count(_("60 and over"))


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF document, an image (PNG, JPEG, GIF, WebP) or a video (MP4, WebM)."),
    )


class _InspectionForm(forms.Form):
    establishment = forms.CharField(label=_("Establishment"), max_length=200)
    sector = forms.ChoiceField(label=_("Sector (ISIC section)"), choices=IsicSection.choices)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.order_by("name")
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        widget=MunicipalitySelect,
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    inspected_on = forms.DateField(label=_("Date"), widget=DateInput())
    inspectors = forms.ModelMultipleChoiceField(
        label=_("Inspectors"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    workers_female = _count(_("Women interviewed"))
    workers_male = _count(_("Men interviewed"))
    workers_0_17 = _count(_("Children found (under 18)"))
    workers_18_29 = _count(_("Aged 18 to 29"))
    workers_30_59 = _count(_("Aged 30 to 59"))
    workers_60_plus = _count(_("Aged 60 and over"))
    findings = forms.CharField(
        label=_("Findings"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self,
        *args: Any,
        inspectors: list[User] | None = None,
        instrument: ScreeningInstrument | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in inspectors or []]
        ).order_by("last_name", "first_name", "username")
        if instrument is not None:
            language = (get_language() or "es")[:2]
            choices = [("", "—"), *[(a.value, a.label) for a in Answer if a != Answer.NOT_ASKED]]
            for question in instrument.questions:
                name = ANSWER_PREFIX + question["code"]
                self.fields[name] = forms.ChoiceField(
                    label=question["text"].get(language) or question["text"].get("es"),
                    choices=choices,
                    required=False,
                )


def inspection_values(cleaned_data: dict[str, Any]) -> dict[str, Any]:
    """What the inspection services take from a valid inspection form: the counts at zero
    when left empty, the screening's answers by question code (those left blank left out)."""
    data = {k: v for k, v in cleaned_data.items() if not k.startswith(ANSWER_PREFIX)}
    for name in WORKER_FIELDS:
        data[name] = data.get(name) or 0
    data["inspectors"] = list(data.get("inspectors") or [])
    data["answers"] = {
        k.removeprefix(ANSWER_PREFIX): v
        for k, v in cleaned_data.items()
        if k.startswith(ANSWER_PREFIX) and v
    }
    return data


class InspectionCreateForm(_InspectionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].help_text = _("You are the inspector if you name nobody.")


class InspectionUpdateForm(_InspectionForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Measure"), choices=MeasureKind.choices)
    description = forms.CharField(label=_("Description"), max_length=500, required=False)
    amount = forms.DecimalField(
        label=_("Amount (HNL)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("For a fine only."),
    )
