"""Who reads and writes the care sections of a case. The case itself is reached through the
cases policies first (scope or grant, 404 outside); these add the care section."""

from __future__ import annotations

from ruta.cases import policies as case_policies
from ruta.cases.models import Case
from ruta.core.actor import Actor


def can_read_care(actor: Actor, case: Case) -> bool:
    return "care" in case_policies.sections_for(actor, case)


def can_write_care(actor: Actor, case: Case) -> bool:
    """Assessments, the plan, its goals and reviews: the owning institution's case workers."""
    return case_policies.owns(actor, case) and case_policies.can_contribute(actor, case, "care")


def can_add_service(actor: Actor, case: Case) -> bool:
    """The owner plans services for anyone; an institution the care section was shared with
    plans the services it gives itself."""
    return case_policies.can_contribute(actor, case, "care")


def can_work_on_service(actor: Actor, case: Case, service) -> bool:
    """Record deliveries and status: the owner, or the institution responsible for it."""
    return can_write_care(actor, case) or (
        service.responsible_id == actor.institution_id
        and case_policies.can_contribute(actor, case, "care")
    )
