"""What every results write shares: the audit event (codes and ids, never names)."""

from __future__ import annotations

from uuid import UUID

from ruta.audit import services as audit
from ruta.core.actor import Actor


def record(action: str, actor: Actor, target, institution_id: UUID | None, **kwargs) -> None:
    """Record ``results.<action>`` about ``target`` of ``institution_id``."""
    audit.record(
        action=f"results.{action}",
        actor=actor,
        target=target,
        target_institution_id=institution_id,
        **kwargs,
    )
