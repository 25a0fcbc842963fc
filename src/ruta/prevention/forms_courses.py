"""Forms of the framework, course and session pages (labels in three languages)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ruta.core.choices import InstitutionType
from ruta.core.models import Department, Municipality
from ruta.institutions.models import Institution
from ruta.prevention.choices import Modality, SessionStatus
from ruta.prevention.models import Competency, Participant

DATE = forms.DateInput(attrs={"type": "date"})
LANGUAGE_NAMES = (("es", _("Spanish")), ("en", _("English")), ("fr", _("French")))


def _labels(form: forms.Form, field: str) -> dict[str, str]:
    return {code: form.cleaned_data.get(f"{field}_{code}", "") for code, _name in LANGUAGE_NAMES}


def _label_fields(form: forms.Form, field: str, title: Any, *, required: bool, widget=None):
    for code, name in LANGUAGE_NAMES:
        form.fields[f"{field}_{code}"] = forms.CharField(
            label=f"{title} ({name})",
            max_length=1000,
            required=required,
            widget=widget() if widget else None,
        )


class FrameworkForm(forms.Form):
    """New framework (with its code) or its edition (version, in use)."""

    def __init__(self, *args, new: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if new:
            self.fields["code"] = forms.CharField(
                label=_("Code"),
                max_length=60,
                help_text=_("Letters, digits and hyphens; it never changes."),
            )
        else:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
        _label_fields(self, "label", _("Title"), required=True)
        _label_fields(self, "description", _("Description"), required=False, widget=forms.Textarea)
        if not new:
            self.fields["is_active"] = forms.BooleanField(label=_("In use"), required=False)

    def labels(self) -> dict[str, str]:
        return _labels(self, "label")

    def descriptions(self) -> dict[str, str]:
        return _labels(self, "description")


class FrameworkCopyForm(forms.Form):
    code = forms.CharField(
        label=_("Code of the copy"),
        max_length=60,
        help_text=_("Letters, digits and hyphens; it never changes."),
    )


class CompetencyForm(forms.Form):
    def __init__(self, *args, new: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if new:
            self.fields["code"] = forms.CharField(label=_("Code"), max_length=60)
        _label_fields(self, "label", _("Competency"), required=True)
        if not new:
            self.fields["position"] = forms.IntegerField(
                label=_("Position"), min_value=0, max_value=999, required=False
            )

    def labels(self) -> dict[str, str]:
        return _labels(self, "label")


class IndicatorForm(forms.Form):
    def __init__(self, *args, new: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if new:
            self.fields["code"] = forms.CharField(label=_("Code"), max_length=60)
        _label_fields(self, "label", _("Behavioural indicator"), required=True)

    def labels(self) -> dict[str, str]:
        return _labels(self, "label")


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    modality = forms.ChoiceField(label=_("Modality"), choices=Modality.choices)
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competencies covered"), queryset=Competency.objects.none(), required=False
    )
    target_roles = forms.MultipleChoiceField(label=_("Target roles"), required=False)
    target_institution_types = forms.MultipleChoiceField(
        label=_("Target institution types"), choices=InstitutionType.choices, required=False
    )
    min_attendance_pct = forms.IntegerField(
        label=_("Minimum attendance (%)"), min_value=0, max_value=100, initial=80
    )
    pass_score_pct = forms.IntegerField(
        label=_("Pass score (%)"), min_value=0, max_value=100, initial=70
    )
    trains_trainers = forms.BooleanField(
        label=_("Trains trainers"),
        required=False,
        help_text=_("A participant certified in it becomes a certified trainer."),
    )

    def __init__(self, *args, competencies, roles, new: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = competencies  # type: ignore[attr-defined]
        self.fields["competencies"].label_from_instance = (  # type: ignore[attr-defined]
            lambda c: f"{c.framework.code} · {c.label('es')}"
        )
        self.fields["target_roles"].choices = roles  # type: ignore[attr-defined]
        if new:
            self.fields["code"] = forms.CharField(
                label=_("Code"),
                max_length=40,
                help_text=_("Letters, digits and hyphens; every version keeps it."),
            )
            self.order_fields(["code"])
        else:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
            self.fields["is_active"] = forms.BooleanField(label=_("In use"), required=False)


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Module"), max_length=200)
    hours = forms.DecimalField(label=_("Hours"), max_digits=5, decimal_places=1)


class MandatoryForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    institution_type = forms.ChoiceField(
        label=_("Institution type"), choices=InstitutionType.choices
    )

    def __init__(self, *args, roles, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles  # type: ignore[attr-defined]


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=2000, widget=forms.Textarea)
    options = forms.CharField(
        label=_("Options"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_('One option a line, its key first: "a) Yes".'),
    )
    answer = forms.CharField(label=_("Right answer (its key)"), max_length=10)
    points = forms.IntegerField(label=_("Points"), min_value=1, max_value=100, initial=1)
    competency = forms.ModelChoiceField(
        label=_("Competency"), queryset=Competency.objects.none(), required=False
    )

    def __init__(self, *args, competencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = competencies  # type: ignore[attr-defined]
        self.fields["competency"].label_from_instance = (  # type: ignore[attr-defined]
            lambda c: c.label("es")
        )

    def clean_options(self) -> list[dict[str, str]]:
        options = []
        for line in self.cleaned_data["options"].splitlines():
            line = line.strip()
            if not line:
                continue
            key, sep, rest = line.partition(")")
            if not sep:
                raise forms.ValidationError(_('Write each option as "a) its text".'))
            options.append({"key": key.strip(), "text": rest.strip()})
        return options

    @staticmethod
    def options_text(options: list[dict]) -> str:
        return "\n".join(f"{o.get('key', '')}) {o.get('text', '')}" for o in options)


class SessionForm(forms.Form):
    host = forms.ModelChoiceField(
        label=_("Hosting institution"), queryset=Institution.objects.none()
    )
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all())
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.all(), required=False
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=10_000)
    open_types = forms.MultipleChoiceField(
        label=_("Open to institution types"), choices=InstitutionType.choices, required=False
    )
    open_institutions = forms.ModelMultipleChoiceField(
        label=_("Open to institutions"), queryset=Institution.objects.none(), required=False
    )

    def __init__(self, *args, institutions, courses=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = institutions  # type: ignore[attr-defined]
        self.fields["open_institutions"].queryset = institutions  # type: ignore[attr-defined]
        if courses is not None:
            self.fields["course"] = forms.ModelChoiceField(label=_("Course"), queryset=courses)
            self.order_fields(["course"])
        else:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)


class SessionStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("New status"), choices=SessionStatus.choices)


class TrainerForm(forms.Form):
    participant = forms.ModelChoiceField(
        label=_("Participant"), queryset=Participant.objects.none(), required=False
    )
    external_name = forms.CharField(label=_("External trainer"), max_length=200, required=False)
    external_organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)

    def __init__(self, *args, participants, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants  # type: ignore[attr-defined]
