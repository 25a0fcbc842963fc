"""Who sees and records persons. Identity is personal data: it needs the identity level."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ruta.core.actor import Actor
from ruta.core.choices import RecordScope, Sensitivity
from ruta.core.scoping import reaches_records, serves_somewhere, territory_q
from ruta.people.models import Person


def _works_with_persons(actor: Actor) -> bool:
    """Reads identity, works on cases, and has a scope that reaches some record."""
    if not actor.can_read(Sensitivity.IDENTITY):
        return False
    if not (actor.can("cases.view") or actor.can("cases.create")):
        return False
    return reaches_records(actor)


def scope_persons(actor: Actor, qs: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """Persons of the actor's institution: 'institution' all; 'own' those the actor
    recorded; 'unit' those a member of the unit recorded; 'territory' those the actor
    recorded and those with a case placed where the actor serves (a person has no place of
    their own; one without a case in the territory is not seen). Cases and referrals widen
    this through their own grants."""
    qs = Person.objects.all() if qs is None else qs
    if not _works_with_persons(actor):
        return qs.none()
    qs = qs.filter(institution_id=actor.institution_id)
    match actor.scope:
        case RecordScope.INSTITUTION:
            return qs
        case RecordScope.TERRITORY:
            if not serves_somewhere(actor):
                return qs.none()
            placed = Person.objects.filter(
                territory_q(
                    actor,
                    department="cases__report__department",
                    municipality="cases__report__municipality",
                    fallback_department="cases__unit__department",
                ),
                cases__institution_id=actor.institution_id,
            )
            return qs.filter(Q(created_by_id=actor.user_id) | Q(pk__in=placed.values("pk")))
        case RecordScope.UNIT if actor.unit_id:
            return qs.filter(created_by__memberships__unit_id=actor.unit_id).distinct()
        case RecordScope.OWN:
            return qs.filter(created_by_id=actor.user_id)
    return qs.none()  # aggregate, unknown, or unit without a unit


def person_in_scope(actor: Actor, person: Person) -> bool:
    """The in-memory twin of ``scope_persons`` (one query for the unit and territory
    scopes, which depend on other rows)."""
    if person.institution_id != actor.institution_id or not _works_with_persons(actor):
        return False
    match actor.scope:
        case RecordScope.INSTITUTION:
            return True
        case RecordScope.TERRITORY:
            return scope_persons(actor).filter(pk=person.pk).exists()
        case RecordScope.UNIT if actor.unit_id:
            return scope_persons(actor).filter(pk=person.pk).exists()
        case RecordScope.OWN:
            return person.created_by_id == actor.user_id
    return False  # aggregate, unknown, or unit without a unit


def can_search_persons(actor: Actor) -> bool:
    if _works_with_persons(actor):
        return True
    return False


def can_create_person(actor: Actor) -> bool:
    """Case workers record survivors; prosecutors and investigators record suspects and the
    victims known only to a criminal file."""
    if (
        (actor.can("cases.create") or actor.can("prosecution.edit"))
        and actor.can_write(Sensitivity.IDENTITY)
        and reaches_records(actor)
    ):
        return True
    return False


def can_edit_person(actor: Actor, person: Person) -> bool:
    if (
        actor.can("cases.edit", person.institution_id)
        and actor.can_write(Sensitivity.IDENTITY)
        and person_in_scope(actor, person)
    ):
        return True
    return False


def can_read_person_contact(actor: Actor) -> bool:
    if actor.can_read(Sensitivity.CONTACT):
        return True
    return False


def can_read_person_health(actor: Actor) -> bool:
    if actor.can_read(Sensitivity.HEALTH):
        return True
    return False
