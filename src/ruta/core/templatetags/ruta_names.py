"""Names instead of codes on pages: ``{{ person.nationalities|country_names }}``."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from ruta.core.countries import country_name, language_name

register = template.Library()


@register.filter
def country_names(codes: Iterable[str] | None) -> str:
    """ISO 3166-1 alpha-3 codes as country names in the page's language, comma-separated."""
    return ", ".join(country_name(code) for code in codes or ())


@register.filter
def language_names(codes: Iterable[str] | None) -> str:
    """ISO 639-3 codes as language names in the page's language, comma-separated."""
    return ", ".join(language_name(code) for code in codes or ())
