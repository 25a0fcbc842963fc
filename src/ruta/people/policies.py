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


# --- possible duplicates and merges (issue 15, section 3) -----------------------------------
#
# Batch linkage compares every person of every institution, so that one survivor is counted
# once; a pair is shown only to a reviewer who may see both records (in practice, both of
# the reviewer's institution and within their scope), and merged only by one who may also
# edit both. A pair across institutions is seen by nobody: it counts in the run's totals.


def can_review_duplicates(actor: Actor) -> bool:
    if actor.can("people.merge") and _works_with_persons(actor):
        return True
    return False


def scope_pairs(actor: Actor, qs: QuerySet | None = None) -> QuerySet:
    """Pairs both of whose persons the actor may see."""
    from ruta.people.models import DuplicatePair

    qs = DuplicatePair.objects.all() if qs is None else qs
    if not can_review_duplicates(actor):
        return qs.none()
    persons = scope_persons(actor).values("pk")
    return qs.filter(person_a__in=persons, person_b__in=persons)


def scope_merges(actor: Actor, qs: QuerySet | None = None) -> QuerySet:
    """Merges both of whose persons the actor may see (a reviewer's, like pairs)."""
    from ruta.people.models import PersonMerge

    qs = PersonMerge.objects.all() if qs is None else qs
    if not can_review_duplicates(actor):
        return qs.none()
    persons = scope_persons(actor).values("pk")
    return qs.filter(survivor__in=persons, merged__in=persons)


def can_merge_pair(actor: Actor, a: Person, b: Person) -> bool:
    """Merge two records: review duplicates, and edit both."""
    if (
        can_review_duplicates(actor)
        and a.merged_into_id is None
        and b.merged_into_id is None
        and can_edit_person(actor, a)
        and can_edit_person(actor, b)
    ):
        return True
    return False


def can_undo_merge(actor: Actor, survivor: Person, merged: Person) -> bool:
    """Undo a merge: the same rights on both records as merging them."""
    if (
        can_review_duplicates(actor)
        and can_edit_person(actor, survivor)
        and can_edit_person(actor, merged)
    ):
        return True
    return False


def can_start_linkage(actor: Actor) -> bool:
    """Start a duplicate search now (it also runs every night)."""
    if can_review_duplicates(actor):
        return True
    return False
