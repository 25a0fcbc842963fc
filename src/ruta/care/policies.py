"""Who reads and writes the care sections of a case. The case itself is reached through the
cases policies first (scope, 404 outside); these add the section's sensitivity."""

from __future__ import annotations

from ruta.cases import policies as case_policies
from ruta.cases.models import Case
from ruta.core.actor import Actor
from ruta.core.choices import Sensitivity

# Assessments, the care plan, services and reviews speak of health and psychosocial matters.
CARE_SENSITIVITY = Sensitivity.HEALTH


def can_read_care(actor: Actor, case: Case) -> bool:
    return actor.can("cases.view", case.institution_id) and actor.can_read(CARE_SENSITIVITY)


def can_write_care(actor: Actor, case: Case) -> bool:
    return case_policies.can_edit_case(actor, case) and actor.can_write(CARE_SENSITIVITY)
