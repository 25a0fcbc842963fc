"""Forms of the accounts pages. Forms parse input; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ruta.accounts.models import LANGUAGE_CHOICES, Role, User
from ruta.core.capabilities import CAPABILITIES
from ruta.core.choices import RecordScope, Sensitivity
from ruta.core.forms import model_choice_field
from ruta.core.models import Department, Municipality
from ruta.institutions.models import Institution, Unit


class SignInForm(forms.Form):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class OtpForm(forms.Form):
    code = forms.CharField(
        label=_("Six-digit code"),
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "pattern": "[0-9 ]*",
            }
        ),
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        help_text=_("At least 12 characters; not a common or all-numeric password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean() or {}
        if data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("The two passwords are not the same."))
        return data


class SetPasswordForm(PasswordChangeForm):
    old_password = None  # type: ignore[assignment]  # None removes the inherited field


class NotificationPreferencesForm(forms.Form):
    email_notifications = forms.BooleanField(
        label=_("E-mail me my notifications"),
        required=False,
        help_text=_(
            "You always see your notifications in Ruta. When this is on, each one also reaches "
            "you by e-mail, with a link and no personal data."
        ),
    )


class UserForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "preferred_language"]
        labels = {
            "first_name": _("Given names"),
            "last_name": _("Surnames"),
            "email": _("E-mail"),
            "preferred_language": _("Preferred language"),
        }


class AccountActionForm(forms.Form):
    """An account action whose button sends nothing but the CSRF token (unlock, reset the
    password or the two-factor device)."""


class AccountVersionForm(forms.Form):
    """An account action that names the version of the account the administrator saw
    (deactivate, activate)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    first_name = forms.CharField(label=_("Given names"), max_length=150)
    last_name = forms.CharField(label=_("Surnames"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("The invitation to choose a password is sent here.")
    )
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=LANGUAGE_CHOICES)
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none()
    )
    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.none())
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, institutions, roles, units, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "institution").queryset = institutions
        model_choice_field(self, "role").queryset = roles
        model_choice_field(self, "unit").queryset = units


class MembershipForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none()
    )
    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.none())
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, institutions, roles, units, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "institution").queryset = institutions
        model_choice_field(self, "role").queryset = roles
        model_choice_field(self, "unit").queryset = units


class MembershipEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.none())
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False)
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments served"),
        queryset=Department.objects.all(),
        required=False,
        help_text=_(
            "What a territory scope reaches. Leave departments and municipalities empty to use "
            "the institution's territories."
        ),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities served"),
        queryset=Municipality.objects.select_related("department"),
        required=False,
    )

    def __init__(self, *args, roles, units, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "role").queryset = roles
        model_choice_field(self, "unit").queryset = units


class RoleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        help_text=_("Leave empty to keep the translated name of a shipped template."),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    scope = forms.ChoiceField(label=_("Record scope"), choices=RecordScope.choices)
    capabilities = forms.MultipleChoiceField(
        label=_("Capabilities"),
        choices=[(c.code, c.label) for c in CAPABILITIES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    read_sensitivities = forms.MultipleChoiceField(
        label=_("May read"),
        choices=Sensitivity.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    write_sensitivities = forms.MultipleChoiceField(
        label=_("May write"),
        choices=Sensitivity.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class RoleCreateForm(RoleForm):
    code = forms.SlugField(label=_("Code"), max_length=50)
    field_order = ["code", "name"]
