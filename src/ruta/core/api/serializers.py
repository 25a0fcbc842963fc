"""Serializer base classes: unknown fields are an error, not silently ignored."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class StrictMixin:
    def to_internal_value(self, data):
        if isinstance(data, dict):
            known = set(self.fields)
            unknown = sorted(set(data) - known)
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
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
