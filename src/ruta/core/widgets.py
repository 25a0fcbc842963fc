"""Browser date pickers. A type=date input only accepts ISO values (2026-11-28): the default
widget would render an initial value in the reader's locale (28/11/2026), which the browser
then drops, so a pre-filled date arrived empty."""

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
