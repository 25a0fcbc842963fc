"""Who reads and writes the care sections of a case. The case itself is reached through the
cases policies first (scope or grant, 404 outside); these add the care section. The record
scope is decided once, by the cases policies (``owns`` and the grants in scope)."""

from __future__ import annotations

from ruta.cases import policies as case_policies
from ruta.cases.models import Case
from ruta.core.actor import Actor


def can_read_care(actor: Actor, case: Case) -> bool:
    if "care" in case_policies.sections_for(actor, case):
        return True
    return False


def can_write_care(actor: Actor, case: Case) -> bool:
    """Assessments, the plan, its goals and reviews: the owning institution's case workers."""
    if case_policies.owns(actor, case) and case_policies.can_contribute(actor, case, "care"):
        return True
    return False


def can_add_service(actor: Actor, case: Case) -> bool:
    """The owner plans services for anyone; an institution the care section was shared with
    plans the services it gives itself."""
    if case_policies.can_contribute(actor, case, "care"):
        return True
    return False


def can_work_on_service(actor: Actor, case: Case, service) -> bool:
    """Record deliveries and status: the owner, or the institution responsible for it."""
    if can_write_care(actor, case):
        return True
    if service.responsible_id == actor.institution_id and case_policies.can_contribute(
        actor, case, "care"
    ):
        return True
    return False


def care_actions(actor: Actor, case: Case, plan) -> dict:
    """What the care page offers. A closed case offers no change (the services answer 409
    to one); a plan that is not active offers no planning and no service work."""
    is_open = not case.is_closed
    plan_active = plan is not None and plan.status == "active"
    writable = is_open and can_write_care(actor, case)
    return {
        "write": writable,
        "plan": writable and plan_active,
        "add_service": is_open and plan_active and can_add_service(actor, case),
        "workable": {s.pk for s in plan.services.all() if can_work_on_service(actor, case, s)}
        if is_open and plan_active
        else set(),
    }
