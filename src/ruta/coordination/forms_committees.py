"""Forms of the committee pages: one per action. They check shapes; the services check the
rules (and say why, field by field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ruta.coordination.choices import CommitteeKind, MemberRole, QuorumRule, RepresentativeKind
from ruta.coordination.models import LANGUAGES
from ruta.core.models import Department
from ruta.core.widgets import DateInput
from ruta.institutions.models import Institution

TEXT = 10_000


class _CommitteeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=CommitteeKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    acronym = forms.CharField(
        label=_("Acronym"),
        max_length=20,
        help_text=_("Unique; it starts the references of the committee's agreements."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Territory (local committees)"),
        queryset=Department.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(label=_("Language of the minutes"), choices=LANGUAGES)
    quorum_rule = forms.ChoiceField(label=_("Quorum"), choices=QuorumRule.choices)
    quorum_fixed = forms.IntegerField(
        label=_("Members needed (fixed quorum)"), min_value=1, max_value=1000, required=False
    )


class CommitteeCreateForm(_CommitteeForm):
    pass


class CommitteeUpdateForm(_CommitteeForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    is_active = forms.BooleanField(label=_("Active"), required=False)


class MemberAddForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none()
    )
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)
    joined_on = forms.DateField(label=_("Member since"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).order_by("name")


class RepresentativeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Appointed as"), choices=RepresentativeKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    term_starts_on = forms.DateField(label=_("Term starts on"), widget=DateInput())
    term_ends_on = forms.DateField(label=_("Term ends on"), required=False, widget=DateInput())
