from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from ruta.cases.choices import (
    App,
    ClosureReason,
    ConsentGivenBy,
    ConsentPurpose,
    DecidingOrganisationType,
    EventType,
    FormOfExploitation,
    IdentificationStatus,
    MeansOfControl,
    NoteSensitivity,
    RecruitmentMethod,
    RelationshipToRecruiter,
    VictimType,
)
from ruta.core.countries import country_choices
from ruta.core.forms import model_choice_field
from ruta.core.models import Department, Municipality
from ruta.core.widgets import DateInput, DateTimeInput
from ruta.institutions.models import Institution


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CaseOpenForm(forms.Form):
    person = forms.UUIDField(widget=forms.HiddenInput)
    report = forms.UUIDField(widget=forms.HiddenInput, required=False)
    victim_type = forms.ChoiceField(
        label=_("Victim"), choices=VictimType.choices, initial=VictimType.DIRECT
    )
    related_case = forms.CharField(
        label=_("Case of the direct victim (reference)"), max_length=20, required=False
    )


class AssignForm(VersionForm):
    assignee: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Case worker"), queryset=None)

    def __init__(self, *args, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "assignee").queryset = assignees


class FirstContactForm(VersionForm):
    at = forms.DateTimeField(
        label=_("When"),
        required=False,
        help_text=_("Leave empty to use the current time."),
        widget=DateTimeInput(),
    )


class FactsForm(VersionForm):
    forms_of_exploitation = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=FormOfExploitation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    means_of_control = forms.MultipleChoiceField(
        label=_("Means of control"),
        choices=MeansOfControl.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recruitment_methods = forms.MultipleChoiceField(
        label=_("Method of recruitment"),
        choices=RecruitmentMethod.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recruitment_apps = forms.MultipleChoiceField(
        label=_("Recruitment apps"),
        choices=App.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    exploitation_apps = forms.MultipleChoiceField(
        label=_("Exploitation apps"),
        choices=App.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    relationship_to_recruiter = forms.ChoiceField(
        label=_("Relationship to recruiter"), choices=RelationshipToRecruiter.choices
    )


class IdentificationForm(VersionForm):
    status = forms.ChoiceField(
        label=_("Decision"), choices=[*BLANK_CHOICE_DASH, *IdentificationStatus.choices]
    )
    decided_on = forms.DateField(label=_("Date of decision"), widget=DateInput())
    deciding_organisation_type = forms.ChoiceField(
        label=_("Type of deciding organisation"),
        choices=[*BLANK_CHOICE_DASH, *DecidingOrganisationType.choices],
        required=False,
        help_text=_("Leave empty to use your institution's type."),
    )
    basis = forms.CharField(
        label=_("Basis"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class EventForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=EventType.choices)
    country = forms.ChoiceField(label=_("Country"), choices=country_choices, initial="HND")
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.all(), required=False
    )
    started_on = forms.DateField(label=_("From"), required=False, widget=DateInput())
    ended_on = forms.DateField(label=_("Until"), required=False, widget=DateInput())


class ClosureRequestForm(VersionForm):
    """The reason, a note, and one "why it stays open" field per open item the closure can
    carry (``items``: the case's ``ClosureItem`` list); blocking items get no field."""

    reason = forms.ChoiceField(
        label=_("Reason"), choices=[*BLANK_CHOICE_DASH, *ClosureReason.choices]
    )
    note = forms.CharField(
        label=_("Note for the supervisor"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    CARRY_PREFIX = "carry-"

    def __init__(self, *args: Any, items: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            if item.blocking:
                continue
            # Named by the item's key, not its place: a reason typed for one item never lands
            # on another if the list changed between the page and the post.
            self.fields[self.field_name(item)] = forms.CharField(
                label=_("Why it can stay open"),
                max_length=500,
                required=False,
            )

    @classmethod
    def field_name(cls, item: Any) -> str:
        return cls.CARRY_PREFIX + item.key.replace(":", "-")

    def carried(self) -> dict[str, str]:
        """item key -> reason typed (the service requires one per carried item)."""
        return {
            item.key: self.cleaned_data.get(self.field_name(item), "")
            for item in self.items
            if not item.blocking
        }

    def item_rows(self) -> list[tuple[Any, Any]]:
        """(item, its bound field or None) in the list's order, for the page."""
        return [
            (item, None if item.blocking else self[self.field_name(item)]) for item in self.items
        ]


class ClosureDecisionForm(VersionForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve the closure")), ("reject", _("Reject the closure"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReopenForm(VersionForm):
    justification = forms.CharField(
        label=_("Why the case is reopened"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TaskCompleteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class NoteForm(forms.Form):
    sensitivity = forms.ChoiceField(
        label=_("Sensitivity"), choices=NoteSensitivity.choices, initial=NoteSensitivity.GENERAL
    )
    body = forms.CharField(
        label=_("Note"), max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AttachmentForm(forms.Form):
    sensitivity = forms.ChoiceField(
        label=_("Sensitivity"), choices=NoteSensitivity.choices, initial=NoteSensitivity.GENERAL
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG, MP3, OGG, WAV or M4A."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,.mp3,.ogg,.wav,.m4a"}
        ),
    )


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    recipient = forms.ModelChoiceField(
        label=_("Institution it may be shared with"),
        queryset=Institution.objects.filter(is_active=True),
        required=False,
    )
    given_by = forms.ChoiceField(label=_("Given by"), choices=ConsentGivenBy.choices)
    given_on = forms.DateField(label=_("Date"), widget=DateInput())
    child_assent = forms.BooleanField(label=_("The child assents"), required=False)
    guardian_consent = forms.BooleanField(
        label=_("The guardian or the child-protection agency consents"), required=False
    )
