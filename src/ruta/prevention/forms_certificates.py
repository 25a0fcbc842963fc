"""Forms of the certificate pages: one per action. They check shapes; the services check the
rules (and say why)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ruta.core.forms import choice_field
from ruta.prevention.services.certificates import REASON_LIMIT


class CertificateIssueForm(forms.Form):
    """The enrolments to certify, among those of the session (the service says which are not
    eligible, and why)."""

    enrolments = forms.MultipleChoiceField(
        label=_("Participants to certify"),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one participant.")},
    )

    def __init__(self, *args, enrolment_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "enrolments").choices = list(enrolment_choices)


class CertificateRevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept encrypted; only the session's organisers can read it."),
    )


class CertificateVerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("As printed on the certificate, e.g. RUTA-7K2M-Q9XD."),
    )
