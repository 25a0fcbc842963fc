"""Typed access to the fields of a bound form.

``form.fields`` holds plain ``Field`` objects to the type checker; a form that narrows a
field's queryset or choices for the request names the field's class here, once.
"""

from __future__ import annotations

from typing import cast

from django import forms


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The (multiple) model choice field ``name`` of ``form``, to set its queryset."""
    return cast(forms.ModelChoiceField, form.fields[name])


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The choice field ``name`` of ``form``, to set its choices."""
    return cast(forms.ChoiceField, form.fields[name])
