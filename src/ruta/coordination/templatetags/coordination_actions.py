"""Template tags of agreements and action items (used by other pages: the meeting page and
the home page)."""

from __future__ import annotations

from django import template

from ruta.coordination import policies
from ruta.coordination import selectors_actions as selectors

register = template.Library()


@register.inclusion_tag("coordination/actions/_meeting_agreements.html")
def meeting_agreements_block(actor, meeting) -> dict:
    return {
        "meeting": meeting,
        "agreements": selectors.meeting_agreements(actor, meeting),
        "can_manage": policies.can_manage_meeting(actor, meeting),
    }


@register.simple_tag
def overdue_actions_for(actor) -> list:
    return list(selectors.overdue_actions(actor)[:20])
