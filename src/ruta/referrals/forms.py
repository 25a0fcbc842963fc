from __future__ import annotations

from django import forms
from django.db.models import BLANK_CHOICE_DASH, Prefetch
from django.utils.translation import gettext_lazy as _

from ruta.care.choices import ServiceType
from ruta.core.forms import model_choice_field
from ruta.core.models import Department
from ruta.institutions.models import ContactPoint, Institution
from ruta.referrals.choices import COMPLETION_OUTCOMES, OutcomeReason, ReferralType
from ruta.referrals.models import ServiceOffering

TEXT_MAX_LENGTH = 5000


class DirectorySearchForm(forms.Form):
    service = forms.ChoiceField(
        label=_("Service"), choices=[*BLANK_CHOICE_DASH, *ServiceType.choices], required=False
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.filter(country="HN"),
        required=False,
        to_field_name="code",
    )


class OfferingForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), choices=ServiceType.choices)
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments served"),
        queryset=Department.objects.filter(country="HN"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity_notes = forms.CharField(
        label=_("Capacity"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: 12 beds for women and girls; no boys over 12."),
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )
    contact_point = forms.ModelChoiceField(
        label=_("Contact point"), queryset=ContactPoint.objects.none(), required=False
    )
    is_active = forms.BooleanField(label=_("Offered now"), required=False, initial=True)

    def __init__(self, *args, institution_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "contact_point").queryset = ContactPoint.objects.filter(
            institution_id=institution_id
        )


class ReferralForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type of referral"),
        choices=ReferralType.choices,
        help_text=_("The type decides which sections of the case the institution will see."),
    )
    services = forms.MultipleChoiceField(
        label=_("Services requested"),
        choices=ServiceType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    to_institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.filter(is_active=True)
    )
    urgent = forms.BooleanField(label=_("Urgent"), required=False)
    message = forms.CharField(
        label=_("Message to the institution"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What they need to know to act. The case itself is shared as the type says."),
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )
    consent_override_reason = forms.CharField(
        label=_("Share without the survivor's consent, because"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when consent cannot be asked and sharing protects the survivor."),
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args, case=None, can_override=False, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            model_choice_field(self, "to_institution").queryset = (
                Institution.objects.filter(is_active=True, offerings__is_active=True)
                .exclude(pk=case.institution_id)
                .distinct()
                .order_by("name")
                .prefetch_related(
                    Prefetch("offerings", queryset=ServiceOffering.objects.filter(is_active=True))
                )
            )
            # Each institution with what it offers, so the choice follows the services.
            field = model_choice_field(self, "to_institution")
            field.label_from_instance = lambda obj: "{} · {}".format(  # type: ignore[method-assign]
                obj.short_name, ", ".join(str(o.get_service_display()) for o in obj.offerings.all())
            )
        if not can_override:
            del self.fields["consent_override_reason"]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReasonForm(VersionForm):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


class CompleteForm(VersionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=COMPLETION_OUTCOMES)
    reason = forms.ChoiceField(
        label=_("Why not successful"),
        choices=[*BLANK_CHOICE_DASH, *OutcomeReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )


class TransferForm(forms.Form):
    to_institution = forms.ModelChoiceField(
        label=_("New owner"), queryset=Institution.objects.filter(is_active=True)
    )
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )
    consent_override_reason = forms.CharField(
        label=_("Share without the survivor's consent, because"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args, case=None, can_override=False, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            model_choice_field(self, "to_institution").queryset = (
                Institution.objects.filter(is_active=True)
                .exclude(pk=case.institution_id)
                .order_by("name")
            )
        if not can_override:
            del self.fields["consent_override_reason"]


class AssignForm(VersionForm):
    assigned_to: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Handled by"), queryset=None
    )

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        from ruta.accounts.models import User

        model_choice_field(self, "assigned_to").queryset = User.objects.filter(
            pk__in=[u.pk for u in workers]
        ).order_by("first_name", "last_name")
