"""Forms of the meeting pages: one per action. They check shapes; the services check the
rules (and say why, field by field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ruta.coordination.choices import Presence
from ruta.core.widgets import DateTimeInput

TEXT = 10_000


class _MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_link = forms.CharField(label=_("Online link"), max_length=500, required=False)
    is_extraordinary = forms.BooleanField(label=_("Extraordinary session"), required=False)


class MeetingScheduleForm(_MeetingForm):
    pass


class MeetingUpdateForm(_MeetingForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MeetingCancelForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Item"), max_length=300)
    presenter = forms.CharField(label=_("Presented by"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Notes"), max_length=TEXT, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MinutesForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    minutes = forms.CharField(
        label=_("Minutes"),
        max_length=100_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF document, an image (PNG, JPEG) or a Word, Excel or PowerPoint file."),
    )


class AttendanceForm(forms.Form):
    """The register: for each member institution ``presence_<id>`` and ``person_<id>``."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, register: list[dict], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register = register
        for row in register:
            pk = row["institution"].pk
            line = row["line"]
            self.fields[f"presence_{pk}"] = forms.ChoiceField(
                label=row["institution"].name,
                choices=Presence.choices,
                widget=forms.RadioSelect,
                initial=line.presence if line else None,
            )
            self.fields[f"person_{pk}"] = forms.CharField(
                label=_("Represented by"),
                max_length=200,
                required=False,
                initial=line.person if line else "",
            )

    def rows(self) -> list[dict]:
        return [
            {
                **row,
                "presence": self[f"presence_{row['institution'].pk}"],
                "person": self[f"person_{row['institution'].pk}"],
            }
            for row in self.register
        ]

    def lines(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "institution": row["institution"].pk,
                "presence": data.get(f"presence_{row['institution'].pk}"),
                "person": data.get(f"person_{row['institution'].pk}", ""),
            }
            for row in self.register
        ]
