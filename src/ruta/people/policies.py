"""Who sees and records persons. Identity is personal data: it needs the identity level."""

from __future__ import annotations

from django.db.models import QuerySet

from ruta.core.actor import Actor
from ruta.core.choices import RecordScope, Sensitivity
from ruta.people.models import Person


def _works_with_persons(actor: Actor) -> bool:
    return actor.can_read(Sensitivity.IDENTITY) and (
        actor.can("cases.view") or actor.can("cases.create")
    )


def scope_persons(actor: Actor, qs: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """Persons of the actor's institution; 'own' sees those it recorded, 'unit' those its unit
    recorded. (Cases and referrals will widen this through their own grants.)"""
    qs = Person.objects.all() if qs is None else qs
    if not _works_with_persons(actor):
        return qs.none()
    qs = qs.filter(institution_id=actor.institution_id)
    if actor.scope == RecordScope.OWN:
        return qs.filter(created_by_id=actor.user_id)
    if actor.scope == RecordScope.UNIT:
        return qs.filter(created_by__memberships__unit_id=actor.unit_id).distinct()
    return qs


def can_search_persons(actor: Actor) -> bool:
    return _works_with_persons(actor)


def can_create_person(actor: Actor) -> bool:
    return actor.can("cases.create") and actor.can_write(Sensitivity.IDENTITY)


def can_edit_person(actor: Actor, person: Person) -> bool:
    return actor.can("cases.edit", person.institution_id) and actor.can_write(Sensitivity.IDENTITY)


def can_read_person_contact(actor: Actor) -> bool:
    return actor.can_read(Sensitivity.CONTACT)


def can_read_person_health(actor: Actor) -> bool:
    return actor.can_read(Sensitivity.HEALTH)
