"""What the home page shows, by what the actor may do. Rules live here, not in the page."""

from __future__ import annotations

from ruta.core.actor import Actor


def can_see_work_queue(actor: Actor, capability: str) -> bool:
    """A pillar's work queue shows for the roles that hold its capability (the queue's own
    selector then reads only what the actor's institution owns)."""
    if actor.can(capability):
        return True
    return False
