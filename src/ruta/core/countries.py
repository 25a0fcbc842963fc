"""Countries (ISO 3166-1 alpha-3) for choice lists: the region first, then the world."""

from __future__ import annotations

import pycountry

REGION_FIRST = ("HND", "GTM", "SLV", "NIC", "MEX", "USA")


def country_choices() -> list[tuple[str, str]]:
    countries = sorted(pycountry.countries, key=lambda c: c.name)
    first = [c for code in REGION_FIRST for c in countries if c.alpha_3 == code]
    return [(c.alpha_3, c.name) for c in first] + [
        (c.alpha_3, c.name) for c in countries if c not in first
    ]
