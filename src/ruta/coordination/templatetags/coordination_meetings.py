"""The committee page's list of meetings: ``{% committee_meetings committee as rows %}``
(the actor is the request's)."""

from __future__ import annotations

from typing import Any

from django import template

from ruta.coordination import policies
from ruta.coordination import selectors_meetings as selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def committee_meetings(context, committee) -> dict[str, Any]:
    actor = context["request"].actor
    return {
        "meetings": selectors.committee_meetings(actor=actor, committee=committee),
        "can_schedule": policies.can_manage_committee(actor, committee),
    }
