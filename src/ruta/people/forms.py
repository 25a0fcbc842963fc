from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ruta.core.countries import country_choices
from ruta.core.widgets import DateInput, SearchableSelectMultiple
from ruta.people.choices import DocumentType, Gender, PopulationGroup, Sex

# Languages met in Honduras first; the API accepts any ISO 639-3 code.
LANGUAGES = [
    ("spa", "Español"),
    ("eng", "English"),
    ("miq", "Miskitu"),
    ("cab", "Garífuna"),
    ("jic", "Tol"),
    ("pay", "Pech"),
    ("fra", "Français"),
    ("por", "Português"),
]


class PersonForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    given_names = forms.CharField(label=_("Given names"), max_length=150)
    first_surname = forms.CharField(label=_("First surname"), max_length=100, required=False)
    second_surname = forms.CharField(label=_("Second surname"), max_length=100, required=False)
    aliases = forms.CharField(label=_("Aliases or nicknames"), max_length=300, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=Gender.choices, initial=Gender.NOT_SPECIFIED
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    estimated_age = forms.IntegerField(
        label=_("Estimated age"),
        min_value=0,
        max_value=120,
        required=False,
        help_text=_("When the date of birth is not known."),
    )
    nationalities = forms.MultipleChoiceField(
        label=_("Nationalities"),
        choices=country_choices,
        required=False,
        widget=SearchableSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
    )
    population_groups = forms.MultipleChoiceField(
        label=_("Population group"),
        choices=PopulationGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    population_group_consent = forms.BooleanField(
        label=_("The person agrees to record a population group"), required=False
    )
    contact = forms.CharField(
        label=_("Contact (phone, address)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    has_disability = forms.NullBooleanField(
        label=_("Has a disability"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("Not known")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )
    disability_notes = forms.CharField(label=_("Disability"), max_length=1000, required=False)


class PersonCreateForm(PersonForm):
    document_type = forms.ChoiceField(
        label=_("Identity document"),
        choices=[("", _("None")), *DocumentType.choices],
        required=False,
    )
    document_number = forms.CharField(label=_("Document number"), max_length=50, required=False)
    document_country = forms.ChoiceField(
        label=_("Issued by"), choices=country_choices, required=False, initial="HND"
    )

    def clean(self):
        data = super().clean() or {}
        if bool(data.get("document_type")) != bool(data.get("document_number", "").strip()):
            self.add_error("document_number", _("Give both the type and the number."))
        return data


class PersonSearchForm(forms.Form):
    """The search: names, and what is known of the birth (either a date or an age)."""

    q = forms.CharField(label=_("Names, surnames or aliases"), max_length=200, required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    estimated_age = forms.IntegerField(
        label=_("Approximate age"), min_value=0, max_value=120, required=False
    )
