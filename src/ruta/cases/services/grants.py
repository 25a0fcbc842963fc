"""Access grants: another institution's need-to-know access to some sections of a case.

The referral and transfer services write them (``cases`` never imports those apps); the case
policies read them. Each write takes the actor, asks a policy in ``cases.policies`` and is
audited; a refused policy changes nothing."""

from __future__ import annotations

from uuid import UUID

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ruta.accounts.models import User
from ruta.audit import services as audit
from ruta.cases import policies
from ruta.cases.models import AccessGrant, Case
from ruta.core.actor import Actor
from ruta.core.errors import require
from ruta.institutions.models import Institution, Unit


def _active(source: str, source_id: UUID) -> QuerySet[AccessGrant]:
    return (
        AccessGrant.objects.select_for_update(of=("self",))
        .select_related("case")
        .filter(source=source, source_id=source_id, valid_until__isnull=True)
        .order_by("valid_from", "pk")
    )


def _record(action: str, actor: Actor, grant: AccessGrant, **data: object) -> None:
    audit.record(
        action=action,
        actor=actor,
        target=grant,
        target_institution_id=grant.case.institution_id,
        data={
            "case": str(grant.case_id),
            "institution": str(grant.institution_id),
            "source": grant.source,
            "source_id": str(grant.source_id),
            **data,
        },
    )


@transaction.atomic
def grant_open(
    *,
    actor: Actor,
    case: Case,
    institution: Institution,
    sections: list[str],
    source: str,
    source_id: UUID,
    assigned_to: User | None = None,
    unit: Unit | None = None,
) -> AccessGrant:
    """Give ``institution`` need-to-know access to ``sections`` of the case, from now on;
    ``source`` and ``source_id`` name what opened it (a referral, a transfer)."""
    require(policies.can_open_grant(actor, case, institution))
    unknown = set(sections) - set(policies.SECTIONS)
    if unknown:
        raise ValueError(f"unknown sections: {sorted(unknown)}")
    grant = AccessGrant.objects.create(
        case=case,
        institution=institution,
        sections=sorted(sections),
        valid_from=timezone.now(),
        source=source,
        source_id=source_id,
        assigned_to=assigned_to,
        unit=unit,
    )
    _record(
        "cases.grant.opened",
        actor,
        grant,
        sections=grant.sections,
        assigned_to=str(assigned_to.pk) if assigned_to else None,
    )
    return grant


@transaction.atomic
def grant_reassign(
    *,
    actor: Actor,
    source: str,
    source_id: UUID,
    assigned_to: User,
    unit_id: UUID | None = None,
) -> list[AccessGrant]:
    """Another person of the receiving institution now works on it: "own" and "unit" scopes
    follow the grant's assignee and unit."""
    grants = list(_active(source, source_id))
    for grant in grants:
        require(policies.can_reassign_grant(actor, grant))
    for grant in grants:
        grant.assigned_to, grant.unit_id = assigned_to, unit_id
        grant.save(update_fields=["assigned_to", "unit", "updated_at"])
        _record(
            "cases.grant.reassigned",
            actor,
            grant,
            assigned_to=str(assigned_to.pk),
            unit=str(unit_id) if unit_id else None,
        )
    return grants


@transaction.atomic
def grant_close(*, actor: Actor, source: str, source_id: UUID) -> list[AccessGrant]:
    """End the grants a referral or a transfer opened; the rows stay as history."""
    grants = list(_active(source, source_id))
    for grant in grants:
        require(policies.can_close_grant(actor, grant))
    now = timezone.now()
    for grant in grants:
        grant.valid_until = now
        grant.save(update_fields=["valid_until", "updated_at"])
        _record("cases.grant.closed", actor, grant)
    return grants
