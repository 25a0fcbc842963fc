"""Shared pieces of the record-scope rules, for the apps' policies (core imports no app).

``reaches_records``: whether a role's scope reaches any record at all.

``territory_q`` / ``in_territory``: whether a record's place lies in the territory an actor
serves (the "territory" scope). One rule for every record type, as a query filter and as an
in-memory check:

- a department the actor serves covers records placed in it, or in one of its municipalities;
- a municipality the actor serves covers records placed in that municipality only: a record
  that knows only its department is not in any municipality's territory (it may be anywhere
  in the department, so only those who serve the whole department see it);
- a record with no place at all may fall back to a department (a case: its unit's);
- an actor who serves nothing (no membership territory, no institution territory) sees nothing.

Field paths are given from the filtered model, e.g. ``department="report__department"``.
Policies call these; nothing else decides access.
"""

from __future__ import annotations

from django.db.models import Q

from ruta.core.actor import Actor
from ruta.core.choices import RecordScope

NOTHING = Q(pk__in=[])  # an always-false filter: the database answers no rows


def reaches_records(actor: Actor) -> bool:
    """The scope reaches some record: not aggregate, not a unit scope without a unit."""
    match actor.scope:
        case RecordScope.INSTITUTION | RecordScope.TERRITORY | RecordScope.OWN:
            return True
        case RecordScope.UNIT if actor.unit_id:
            return True
    return False  # aggregate, unknown, or unit without a unit


def serves_somewhere(actor: Actor) -> bool:
    return bool(actor.department_ids or actor.municipality_ids)


def territory_q(
    actor: Actor, *, department: str, municipality: str, fallback_department: str = ""
) -> Q:
    if not serves_somewhere(actor):
        return NOTHING
    departments, municipalities = actor.department_ids, actor.municipality_ids
    q = Q()
    if departments:
        q |= Q(**{f"{department}_id__in": departments})
        q |= Q(**{f"{municipality}__department_id__in": departments})
        if fallback_department:
            q |= Q(
                **{
                    f"{department}__isnull": True,
                    f"{municipality}__isnull": True,
                    f"{fallback_department}_id__in": departments,
                }
            )
    if municipalities:
        q |= Q(**{f"{municipality}_id__in": municipalities})
    return q


def in_territory(
    actor: Actor,
    *,
    department_id: str | None,
    municipality=None,
    fallback_department_id: str | None = None,
) -> bool:
    """The same rule for one record: its department code, its municipality (an object with
    ``pk`` and ``department_id``, or None) and, for a record with no place, its fallback."""
    if municipality is not None:
        if municipality.pk in actor.municipality_ids:
            return True
        if municipality.department_id in actor.department_ids:
            return True
    if department_id is not None:
        return department_id in actor.department_ids
    if municipality is None and fallback_department_id is not None:
        return fallback_department_id in actor.department_ids
    return False
