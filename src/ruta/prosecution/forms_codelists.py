"""Forms of the code-list pages (platform administrator)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ruta.prosecution.choices import OffenceClass


class _EntryForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    code = forms.CharField(
        label=_("Code"),
        max_length=60,
        help_text=_("Letters, digits and underscores; it never changes once created."),
    )
    article = forms.CharField(label=_("Article"), max_length=60, required=False)
    label_es = forms.CharField(label=_("Name in Spanish"), max_length=300)
    label_en = forms.CharField(label=_("Name in English"), max_length=300)
    label_fr = forms.CharField(label=_("Name in French"), max_length=300)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def labels(self) -> dict:
        return {lang: self.cleaned_data[f"label_{lang}"] for lang in ("es", "en", "fr")}

    @classmethod
    def initial_for(cls, entry) -> dict:
        return {
            "version": entry.version,
            "code": entry.code,
            "article": entry.article,
            "is_active": entry.is_active,
            **{f"label_{lang}": entry.labels.get(lang, "") for lang in ("es", "en", "fr")},
        }


class OffenceForm(_EntryForm):
    classification = forms.ChoiceField(label=_("Classification"), choices=OffenceClass.choices)
    law = forms.CharField(label=_("Law"), max_length=120, required=False)
    field_order = ["code", "classification", "article", "law", "label_es", "label_en", "label_fr"]

    @classmethod
    def initial_for(cls, entry) -> dict:
        return {
            **super().initial_for(entry),
            "classification": entry.classification,
            "law": entry.law,
        }


class AggravatingForm(_EntryForm):
    pass


class TimeLimitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=3650)
