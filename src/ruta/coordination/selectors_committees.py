"""Reads of committees, their members and representatives. Every query starts from a scope."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import (
    BooleanField,
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ruta.coordination import policies
from ruta.coordination.choices import MemberRole, RepresentativeKind
from ruta.coordination.models import Committee, CommitteeMember, Representative
from ruta.coordination.quorum import members_needed
from ruta.coordination.selectors_actions import open_actions_by_institution
from ruta.core.actor import Actor
from ruta.core.errors import require, uuid_or_404


def _count(role: str | None = None) -> Coalesce:
    members = CommitteeMember.objects.filter(committee=OuterRef("pk"))
    if role is not None:
        members = members.filter(role=role)
    counted = members.order_by().values("committee").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def committee_list(*, actor: Actor) -> QuerySet[Committee]:
    """The actor's committees (secretariat or member), by name, with their member counts."""
    return (
        policies.scope_committees(actor)
        .select_related("secretariat")
        .annotate(member_count=_count(), voting_count=_count(MemberRole.MEMBER))
        .order_by("name", "pk")
    )


def committee_get(*, actor: Actor, committee_id: UUID | str) -> Committee:
    return get_object_or_404(
        policies.scope_committees(actor).select_related("secretariat"),
        pk=uuid_or_404(committee_id),
    )


def committee_for_manage(*, actor: Actor, committee_id: UUID | str) -> Committee:
    """A committee the actor manages (a member reads it but gets 404 here)."""
    committee = committee_get(actor=actor, committee_id=committee_id)
    require(policies.can_manage_committee(actor, committee))
    return committee


def member_get(*, actor: Actor, member_id: UUID | str) -> CommitteeMember:
    """A member institution of a committee the actor manages (404 otherwise)."""
    member = get_object_or_404(
        CommitteeMember.objects.filter(
            committee__in=policies.scope_committees(actor).values("pk")
        ).select_related("committee", "committee__secretariat", "institution"),
        pk=uuid_or_404(member_id),
    )
    require(policies.can_manage_committee(actor, member.committee))
    return member


def representative_get(*, actor: Actor, representative_id: UUID | str) -> Representative:
    """A representative on a committee the actor manages (404 otherwise)."""
    representative = get_object_or_404(
        Representative.objects.filter(
            member__committee__in=policies.scope_committees(actor).values("pk")
        ).select_related("member", "member__committee", "member__institution"),
        pk=uuid_or_404(representative_id),
    )
    require(policies.can_manage_committee(actor, representative.member.committee))
    return representative


def _representatives(today) -> QuerySet[Representative]:
    """Current terms first, then by kind (principal, alternate, focal point), latest first."""
    current = Q(term_starts_on__lte=today) & (
        Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=today)
    )
    kind_order = Case(
        When(kind=RepresentativeKind.PRINCIPAL, then=Value(0)),
        When(kind=RepresentativeKind.ALTERNATE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return Representative.objects.annotate(
        is_current=Case(
            When(current, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        kind_order=kind_order,
    ).order_by("-is_current", "kind_order", "-term_starts_on", "name")


def committee_members(committee: Committee) -> list[Any]:
    """The members (institution name order), each with ``representatives`` (current terms
    first) and the current ``principal``, ``alternate`` and ``focal_points``."""
    today = timezone.localdate()
    members: list[Any] = list(
        committee.members.select_related("institution")
        .prefetch_related(
            Prefetch("representatives", queryset=_representatives(today), to_attr="people")
        )
        .order_by("institution__name", "pk")
    )
    for member in members:
        current = [r for r in member.people if r.is_current]
        member.principal = next(
            (r for r in current if r.kind == RepresentativeKind.PRINCIPAL), None
        )
        member.alternate = next(
            (r for r in current if r.kind == RepresentativeKind.ALTERNATE), None
        )
        member.focal_points = [r for r in current if r.kind == RepresentativeKind.FOCAL_POINT]
    return members


def committee_page(*, actor: Actor, committee: Committee) -> dict[str, Any]:
    members = committee_members(committee)
    voting = sum(1 for m in members if m.role == MemberRole.MEMBER)
    return {
        "committee": committee,
        "departments": list(committee.departments.order_by("name")),
        "members": members,
        "voting_count": voting,
        "has_representatives": any(m.people for m in members),
        "quorum_needed": members_needed(committee, voting),
        "open_actions": open_actions_by_institution(actor, committee),
        "can_manage": policies.can_manage_committee(actor, committee),
    }


def committee_detail(*, actor: Actor, committee_id: UUID | str) -> Committee:
    """The committee with ``member_rows`` (see ``committee_members``) and ``quorum_needed``
    (the API's answer)."""
    committee = committee_get(actor=actor, committee_id=committee_id)
    return with_members(committee)


def with_members(committee: Committee) -> Committee:
    members = committee_members(committee)
    committee.member_rows = members  # type: ignore[attr-defined]
    voting = sum(1 for m in members if m.role == MemberRole.MEMBER)
    committee.quorum_needed = members_needed(committee, voting)  # type: ignore[attr-defined]
    return committee
