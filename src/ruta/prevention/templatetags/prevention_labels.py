"""``{{ entry|label_in:LANGUAGE_CODE }}``: a framework's, competency's or indicator's label in
the page's language (Spanish when it has none in that language)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def label_in(entry, language: str) -> str:
    return entry.label((language or "es")[:2])


@register.filter
def label_of(labels: dict, language: str) -> str:
    """A label from a dict {es, en, fr}."""
    return labels.get(language, "") if isinstance(labels, dict) else ""


@register.filter
def get_item(mapping: dict, key):
    """``mapping[key]`` in a template (a form of a row, by the row's id)."""
    return mapping.get(key) if isinstance(mapping, dict) else None
