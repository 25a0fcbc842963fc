"""The upload form of a spreadsheet import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ruta.prevention.choices import ImportKind


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=ImportKind.choices,
        initial=ImportKind.PARTICIPANTS,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "XLSX, or CSV saved as UTF-8; at most 10,000 rows. The header row names the "
            "columns: download the template."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
