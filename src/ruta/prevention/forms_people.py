"""Forms of the participants' and enrolments' pages: one per action. They check shapes; the
services check the rules (and say why, field by field)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from ruta.accounts.models import User
from ruta.core.forms import choice_field, model_choice_field
from ruta.core.models import Department
from ruta.core.widgets import DateInput
from ruta.institutions.models import Institution, Unit
from ruta.people.choices import Sex
from ruta.prevention.choices import ResultKind
from ruta.prevention.models import Participant, Question
from ruta.prevention.rules import EMAIL_MAX, NAME_MAX, RANK_MAX
from ruta.prevention.services.follow_ups import COMMENT_MAX, FollowUpUse


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ParticipantForm(forms.Form):
    """A participant's details (new, or edited with ``version``)."""

    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none()
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    given_names = forms.CharField(label=_("Given names"), max_length=NAME_MAX)
    family_names = forms.CharField(label=_("Family names"), max_length=NAME_MAX)
    rank_or_role = forms.CharField(label=_("Rank or role"), max_length=RANK_MAX, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[*BLANK_CHOICE_DASH, *Sex.choices])
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )
    email = forms.CharField(
        label=_("E-mail"),
        max_length=EMAIL_MAX,
        required=False,
        help_text=_(
            "The follow-up questionnaire is sent here. A platform user of the institution with "
            "this e-mail is linked to the participant."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "institution").queryset = Institution.objects.filter(
            is_active=True
        ).order_by("name")
        model_choice_field(self, "unit").queryset = Unit.objects.select_related(
            "institution"
        ).order_by("institution__name", "name")


class ParticipantEditForm(ParticipantForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    user = forms.ModelChoiceField(
        label=_("Platform user"), queryset=User.objects.none(), required=False
    )
    unlink_user = forms.BooleanField(label=_("Not a platform user"), required=False)

    def __init__(self, *args: Any, participant: Participant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "user").queryset = (
            User.objects.filter(
                memberships__institution_id=participant.institution_id,
                memberships__is_active=True,
            )
            .distinct()
            .order_by("last_name", "first_name")
        )


def participant_initial(participant: Participant) -> dict[str, Any]:
    return {
        "version": participant.version,
        "institution": participant.institution_id,
        "unit": participant.unit_id,
        "given_names": participant.given_names,
        "family_names": participant.family_names,
        "rank_or_role": participant.rank_or_role,
        "sex": participant.sex,
        "department": participant.department_id,
        "email": participant.email,
        "user": participant.user_id,
    }


class EnrolForm(forms.Form):
    """One of the participants the institution reaches, or anyone recorded elsewhere whose
    exact e-mail the trainer gives."""

    participant = forms.ModelChoiceField(
        label=_("Participant"), queryset=Participant.objects.none(), required=False
    )
    email = forms.EmailField(
        label=_("Or their e-mail"),
        required=False,
        help_text=_("For someone another institution already recorded."),
    )

    def __init__(self, *args: Any, participants: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "participant").queryset = participants

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("participant") and not data.get("email"):
            raise forms.ValidationError(_("Choose a participant or give their e-mail."))
        return data


class AttendanceForm(forms.Form):
    """One day's register: the ids of the enrolments present (the others were absent)."""

    day = forms.DateField(label=_("Day"), widget=DateInput)
    present = forms.TypedMultipleChoiceField(
        label=_("Present"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, enrolment_ids: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "present").choices = [(str(pk), str(pk)) for pk in enrolment_ids]


class ResultForm(forms.Form):
    """A test's answers, one select per question (``q_<position>``)."""

    kind = forms.ChoiceField(choices=ResultKind.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    taken_on = forms.DateField(label=_("Taken on"), widget=DateInput, required=False)

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[f"q_{q.position}"] = forms.ChoiceField(
                label=f"{q.position}. {q.text}",
                choices=[
                    ("", _("(no answer)")),
                    *[(str(o.get("key")), str(o.get("text", o.get("key")))) for o in q.options],
                ],
                required=False,
            )

    def answers(self) -> dict[int, str]:
        return {q.position: self.cleaned_data.get(f"q_{q.position}") or "" for q in self.questions}


class FollowUpForm(forms.Form):
    applied = forms.TypedChoiceField(
        label=_("Did you apply what you learnt at work?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    uses = forms.MultipleChoiceField(
        label=_("How?"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "uses").choices = FollowUpUse.choices()
