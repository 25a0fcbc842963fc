"""The dashboard's filters, read from the query string (pages and API alike)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruta.cases.choices import FormOfExploitation
from ruta.core.models import Department
from ruta.reporting.choices import AgeCell
from ruta.reporting.selectors import Filters

FIRST_YEAR = 2000
YEARS_SHOWN = 10


def year_choices() -> list[tuple[int, int]]:
    this = timezone.localdate().year
    return [(y, y) for y in range(this, this - YEARS_SHOWN, -1)]


class DashboardFilterForm(forms.Form):
    year_from = forms.IntegerField(label=_("From"), min_value=FIRST_YEAR, required=False)
    year_to = forms.IntegerField(label=_("To"), min_value=FIRST_YEAR, required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)
    institution = forms.UUIDField(label=_("Institution"), required=False)
    form = forms.ChoiceField(
        label=_("Form of exploitation"),
        required=False,
        choices=[("", _("All")), *FormOfExploitation.choices],
    )
    age_cell = forms.ChoiceField(
        label=_("Sex and age"), required=False, choices=[("", _("All")), *AgeCell.choices]
    )
    identified_only = forms.BooleanField(label=_("Identified victims only"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(country="HN").values_list("code", "name")
        self.fields["department"].choices = [("", _("All")), *departments]  # type: ignore[attr-defined]

    def clean(self) -> dict:
        data = super().clean() or {}
        this = timezone.localdate().year
        year_to = data.get("year_to") or this
        year_from = data.get("year_from") or year_to
        if year_to > this:
            self.add_error("year_to", _("The year cannot be in the future."))
        if year_from > year_to:
            self.add_error("year_from", _("The first year must not come after the last."))
        data["year_from"], data["year_to"] = year_from, year_to
        return data

    def filters(self) -> Filters:
        """The valid filters (call after ``is_valid``)."""
        d = self.cleaned_data
        return Filters(
            year_from=d["year_from"],
            year_to=d["year_to"],
            department=d.get("department") or "",
            institution=d.get("institution"),
            form=d.get("form") or "",
            age_cell=d.get("age_cell") or "",
            identified_only=bool(d.get("identified_only")),
        )


class ResponseFilterForm(DashboardFilterForm):
    """The response dashboard's filters: services and referrals have no form of exploitation
    of their own, and are counted whatever the identification decision."""

    form = None  # type: ignore[assignment]
    identified_only = None  # type: ignore[assignment]


class ActionsFilterForm(DashboardFilterForm):
    """The action items dashboard's filters: the years and the responsible institution."""

    department = None  # type: ignore[assignment]
    form = None  # type: ignore[assignment]
    age_cell = None  # type: ignore[assignment]
    identified_only = None  # type: ignore[assignment]

    def __init__(self, *args, **kwargs) -> None:
        # Skip the parent's: it fills the department field's choices, a field this form has not.
        forms.Form.__init__(self, *args, **kwargs)


def default_filters() -> Filters:
    this = timezone.localdate().year
    return Filters(year_from=this, year_to=this)


def last_full_year() -> int:
    return timezone.localdate().year - 1


class ReleasePrepareForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"), coerce=int, choices=year_choices, initial=last_full_year
    )


class ReleasePublishForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ExportStartForm(forms.Form):
    kind = forms.ChoiceField(label=_("File"))
    year = forms.TypedChoiceField(
        label=_("Year"), coerce=int, choices=year_choices, initial=last_full_year
    )
    reason = forms.CharField(
        label=_("Why the file is needed"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]


class ExportDownloadForm(forms.Form):
    password = forms.CharField(
        label=_("Password for the file"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. Give it to the recipient by another channel."),
    )
