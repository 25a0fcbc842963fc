"""Serializer base classes: unknown fields are an error, not silently ignored, and a value of
the wrong JSON type is an error, not converted (``{"body": 0}`` is not the text "0")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The JSON types a field accepts, most specific class first (BooleanField before IntegerField
# does not matter: bool is checked apart). Fields not listed (nested serializers, files, JSON)
# do their own checking.
_JSON_TYPES: tuple[tuple[type[serializers.Field], tuple[type, ...], StrOrPromise], ...] = (
    (serializers.BooleanField, (bool,), _("Must be true or false.")),
    (serializers.IntegerField, (int,), _("Must be a whole number.")),
    (serializers.FloatField, (int, float), _("Must be a number.")),
    (serializers.DecimalField, (int, float, str), _("Must be a number.")),
    (serializers.MultipleChoiceField, (list,), _("Must be a list.")),
    (serializers.ChoiceField, (str,), _("Must be text.")),
    (serializers.CharField, (str,), _("Must be text.")),
    (serializers.UUIDField, (str,), _("Must be text.")),
    (serializers.DateTimeField, (str,), _("Must be text.")),
    (serializers.DateField, (str,), _("Must be text.")),
    (serializers.TimeField, (str,), _("Must be text.")),
)


def json_type_error(field: serializers.Field, value) -> str | None:
    """Why ``value`` has the wrong JSON type for ``field``, or None. ``null`` is left to the
    field (``allow_null``)."""
    if value is None:
        return None
    if isinstance(field, serializers.ListField) and isinstance(value, list):
        for item in value:
            error = json_type_error(field.child, item)
            if error:
                return error
        return None
    if isinstance(field, serializers.DictField) and isinstance(value, dict):
        for item in value.values():
            error = json_type_error(field.child, item)
            if error:
                return error
        return None
    for field_class, types, message in _JSON_TYPES:
        if isinstance(field, field_class):
            if isinstance(value, bool) and bool not in types:
                return str(message)
            return None if isinstance(value, types) else str(message)
    return None


class StrictMixin(serializers.Serializer):
    """Refuse unknown fields and values of the wrong JSON type (the OpenAPI schema says so:
    ``additionalProperties: false``, and each property has one type)."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            known = set(self.fields)
            errors: dict[str, list[StrOrPromise]] = {
                name: [_("Unknown field.")] for name in sorted(set(data) - known)
            }
            # Only for JSON bodies: form data and query strings are text by nature.
            if not hasattr(data, "getlist"):
                for name, field in self.fields.items():
                    if name in data and not field.read_only:
                        error = json_type_error(field, data[name])
                        if error:
                            errors[name] = [error]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class StrictSerializer(StrictMixin, serializers.Serializer):
    pass


class StrictModelSerializer(StrictMixin, serializers.ModelSerializer):
    pass


@extend_schema_field(
    {
        "type": "object",
        "properties": {"code": {"type": "string"}, "label": {"type": "string"}},
        "required": ["code", "label"],
    }
)
class CodeLabelField(serializers.Field):
    """A code-list value written as its machine code and read as {code, label}."""

    def __init__(self, choices, **kwargs):
        self.choices = dict(choices)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return {"code": value, "label": str(self.choices.get(value, value))}

    def to_internal_value(self, data):
        if data not in self.choices:
            raise serializers.ValidationError(_("Unknown code: %(code)s") % {"code": data})
        return data


def query_bool(request, name: str) -> bool:
    """A boolean query parameter: absent is false; true/false (and 1/0, yes/no) are read; any
    other value, ``null`` included, is refused (400) rather than read as false."""
    raw = request.query_params.get(name)
    if raw is None:
        return False
    try:
        return serializers.BooleanField().to_internal_value(raw)
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({name: [_("Must be true or false.")]}) from exc


def query_data(request) -> dict[str, str]:
    """The query string as a plain dict (last value of each name) for a filter serializer.

    DRF reads a blank value of an optional field from a query string as "not given", so
    ``?course=`` would list everything although the schema says a UUID; read from a plain
    dict, a blank value is validated like any other (a 400 for a UUID, a number or a code;
    text fields that accept blank say ``allow_blank=True``)."""
    return request.query_params.dict()
