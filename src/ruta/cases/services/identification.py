"""The identification decision, which may also show the case to be a child's."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.cases import policies
from ruta.cases.choices import (
    DECIDING_TYPE_FOR_INSTITUTION,
    ActivityKind,
    DecidingOrganisationType,
    IdentificationStatus,
)
from ruta.cases.models import Case, IdentificationDecision
from ruta.cases.services._common import (
    CaseClosed,
    bump,
    child_case_found,
    ensure_child_task,
    is_child_on,
    locked,
)
from ruta.cases.services.timeline import timeline_add
from ruta.core.actor import Actor
from ruta.core.errors import require
from ruta.institutions.models import Institution


@transaction.atomic
def identification_decide(
    *,
    actor: Actor,
    case: Case,
    version: int | None,
    status: str,
    decided_on: date,
    basis: str,
    deciding_institution: Institution | None = None,
    deciding_organisation_type: str = "",
) -> IdentificationDecision:
    """Record a person's decision. The first decision fixes the child flag by age that day."""
    case = locked(case, version)
    require(policies.can_decide_identification(actor, case))
    if case.is_closed:
        raise CaseClosed
    institution = deciding_institution or actor.institution
    org_type = deciding_organisation_type or DECIDING_TYPE_FOR_INSTITUTION.get(
        institution.type, DecidingOrganisationType.NON_POLICE_GOVERNMENT
    )
    errors: dict[str, list[str]] = {}
    if status not in IdentificationStatus.values:
        errors["status"] = [_("Unknown code: %(code)s") % {"code": status}]
    if org_type not in DecidingOrganisationType.values:
        errors["deciding_organisation_type"] = [_("Unknown code: %(code)s") % {"code": org_type}]
    if decided_on > timezone.localdate():
        errors["decided_on"] = [_("A decision cannot be dated in the future.")]
    birth = case.person.date_of_birth
    if birth and decided_on < birth:
        errors["decided_on"] = [_("The decision cannot precede the person's birth.")]
    if not basis.strip():
        errors["basis"] = [_("State the basis of the decision.")]
    if errors:
        raise ValidationError(errors)
    first = not case.identifications.exists()
    decision = IdentificationDecision.objects.create(
        case=case,
        status=status,
        deciding_institution=institution,
        deciding_organisation_type=org_type,
        decided_on=decided_on,
        basis=basis.strip(),
        decided_by=actor.user,
    )
    if first and status != IdentificationStatus.NOT_VICTIM:
        is_child = is_child_on(case.person, decided_on, case.report)
        if is_child != case.is_child:
            case.is_child = is_child
            bump(case, ["is_child"])
    else:
        bump(case, [])
    if case.is_child:
        ensure_child_task(case)
        child_case_found(case=case, actor=actor)
    timeline_add(case, ActivityKind.IDENTIFICATION, actor, detail=status)
    audit.record(
        action="cases.identification.decided",
        actor=actor,
        target=decision,
        target_institution_id=case.institution_id,
        data={"case": str(case.pk), "status": status},
    )
    return decision
