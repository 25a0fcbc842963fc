"""Widgets shared by the forms of every app.

Browser date pickers. A type=date input only accepts ISO values (2026-11-28): the default
widget would render an initial value in the reader's locale (28/11/2026), which the browser
then drops, so a pre-filled date arrived empty."""

from django import forms
from django.forms.widgets import Script
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class MunicipalitySelect(forms.Select):
    """A municipality select that follows the form's department select.

    Each option names its department (``data-department``) and the select names the
    department field it follows (``data-department-field``, with the form's prefix); ruta.js
    then keeps only the chosen department's municipalities. Without JavaScript every
    municipality stays listed, and the services refuse one outside the chosen department."""

    def __init__(self, attrs=None, department_field: str = "department"):
        super().__init__(attrs)
        self.department_field = department_field

    def get_context(self, name, value, attrs):
        prefix = name.rsplit("-", 1)[0] + "-" if "-" in name else ""
        attrs = {**(attrs or {}), "data-department-field": prefix + self.department_field}
        return super().get_context(name, value, attrs)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-department"] = instance.department_id
        return option


class SearchableSelectMultiple(forms.SelectMultiple):
    """A long multiple choice (every country) that the reader can search by typing.

    A plain ``<select multiple>`` that ruta.js turns into a Tom Select widget (vendored in
    static/vendor/tom-select, see its VERSION file) when the script is there; without
    JavaScript the plain select still works. Render ``{{ form.media }}`` on the page."""

    def __init__(self, attrs=None, choices=()):
        defaults = {
            "data-searchable": "",
            "data-placeholder": _("Type to search"),
            "data-no-results": _("Nothing matches"),
            "data-remove-label": _("Remove"),
        }
        super().__init__({**defaults, **(attrs or {})}, choices)

    class Media:
        css = {"all": ["vendor/tom-select/tom-select.default.min.css", "ruta/searchable.css"]}
        js = [Script("vendor/tom-select/tom-select.complete.min.js", defer=True)]
