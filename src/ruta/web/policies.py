"""What the home page shows, by what the actor may do. Rules live here, not in the page."""

from __future__ import annotations

from ruta.core.actor import Actor


def can_see_work_queue(actor: Actor, capability: str) -> bool:
    """A pillar's work queue shows for the roles that hold its capability (the queues of
    pillars that hold no records yet are empty placeholders, so no record scope applies)."""
    if actor.can(capability):
        return True
    return False
