"""The institutions as the audit trail asks about them (``core.registry.institution_directory``):
``audit`` knows no domain app, so this app answers for it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.db.models import QuerySet

from ruta.core.actor import Actor
from ruta.core.models import Department
from ruta.institutions.models import Institution
from ruta.institutions.selectors import institution_list


class InstitutionDirectory:
    def choices(self, actor: Actor) -> QuerySet[Institution]:
        return institution_list(actor=actor)

    def serving(self, department_ids: Iterable[str]) -> QuerySet[Any]:
        return Institution.objects.filter(territories__in=department_ids).values("pk")

    def territories(self, institution_id: UUID) -> tuple[str, ...]:
        return tuple(
            Department.objects.filter(institutions=institution_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def short_names(self, institution_ids: Iterable[UUID]) -> dict[UUID, str]:
        return {
            i.pk: i.short_name
            for i in Institution.objects.filter(pk__in=institution_ids).only("name", "acronym")
        }


DIRECTORY = InstitutionDirectory()


def institution_itself(institution: Institution) -> UUID:
    """An institution's audit events are on its own records."""
    return institution.pk
