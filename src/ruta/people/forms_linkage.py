"""Forms of the duplicate review: which record to keep, and the version read."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _


class DismissForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, pair, **kwargs) -> None:
        kwargs.setdefault("initial", {"version": pair.version})
        super().__init__(*args, **kwargs)


class MergeForm(DismissForm):
    keep = forms.ChoiceField(label=_("Record to keep"), widget=forms.RadioSelect)

    def __init__(self, *args, pair, **kwargs) -> None:
        super().__init__(*args, pair=pair, **kwargs)
        a, b = pair.person_a, pair.person_b
        keep = cast(forms.ChoiceField, self.fields["keep"])
        keep.choices = [
            (str(a.pk), _("The first record (%(name)s)") % {"name": a.full_name}),
            (str(b.pk), _("The second record (%(name)s)") % {"name": b.full_name}),
        ]
        keep.initial = str(a.pk)
