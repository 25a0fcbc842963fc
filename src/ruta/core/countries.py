"""Countries (ISO 3166-1 alpha-3) for choice lists: the region first, then the world."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from django.utils.translation import get_language

REGION_FIRST = ("HND", "GTM", "SLV", "NIC", "MEX", "USA")


def country_choices() -> list[tuple[str, str]]:
    countries = sorted(pycountry.countries, key=lambda c: c.name)
    first = [c for code in REGION_FIRST for c in countries if c.alpha_3 == code]
    return [(c.alpha_3, c.name) for c in first] + [
        (c.alpha_3, c.name) for c in countries if c not in first
    ]


# Names Honduras uses for its own peoples' languages, whatever the page's language (ISO
# 639-3 names them otherwise, or in another spelling).
LOCAL_LANGUAGE_NAMES = {"cab": "Garífuna", "miq": "Miskitu", "jic": "Tol", "pay": "Pech"}


@cache
def _catalogue(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _reader_language(language: str | None) -> str:
    return (language or get_language() or "es")[:2]


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in ``language`` (default: the page's), from its ISO 3166-1 alpha-3
    code; an unknown code is shown as it is."""
    country = pycountry.countries.get(alpha_3=code) if code else None
    if country is None:
        return code
    return _catalogue("iso3166-1", _reader_language(language)).gettext(country.name)


def language_name(code: str, language: str | None = None) -> str:
    """The language's name in ``language`` (default: the page's), from its ISO 639-3 code."""
    if code in LOCAL_LANGUAGE_NAMES:
        return LOCAL_LANGUAGE_NAMES[code]
    found = pycountry.languages.get(alpha_3=code) if code else None
    if found is None:
        return code
    return _catalogue("iso639-3", _reader_language(language)).gettext(found.name)
