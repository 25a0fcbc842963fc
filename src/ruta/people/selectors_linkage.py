"""Reading the duplicate search: the review queue, a pair, a merge, a run. Pairs and merges
name two persons: each is read only from the policy scope, and reading names is audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.core.errors import require
from ruta.people import policies
from ruta.people.choices import LinkField, LinkLevel, PairStatus
from ruta.people.models import DuplicatePair, LinkageRun, PersonMerge
from ruta.people.selectors import PERSON_LIST_FIELDS

_PERSON_FIELDS = [f"person_a__{f}" for f in PERSON_LIST_FIELDS] + [
    f"person_b__{f}" for f in PERSON_LIST_FIELDS
]


def review_threshold() -> float:
    """Pairs at or above this probability are proposed (``RUTA_LINKAGE_REVIEW_PROBABILITY``,
    default 0.5: more likely the same person than not)."""
    return float(settings.RUTA_LINKAGE_REVIEW_PROBABILITY)


@dataclass(frozen=True)
class Agreement:
    """One line of a pair's explanation, for people: the field, how it agreed, and whether
    it spoke for (weight > 0) or against the two being one person."""

    field: str
    level: str
    weight: float

    @property
    def field_label(self) -> str:
        return str(LinkField(self.field).label) if self.field in LinkField.values else self.field

    @property
    def level_label(self) -> str:
        return str(LinkLevel(self.level).label) if self.level in LinkLevel.values else self.level

    @property
    def side(self) -> str:
        if self.level == "null":
            return "none"
        return "for" if self.weight > 0 else "against"


def agreements(pair: DuplicatePair) -> list[Agreement]:
    return [
        Agreement(str(e.get("field", "")), str(e.get("level", "")), float(e.get("weight", 0)))
        for e in pair.explanation
    ]


def pair_queue(*, actor: Actor) -> QuerySet[DuplicatePair]:
    """Open pairs the actor may see, likeliest first; a pair of which one record was merged
    meanwhile is not shown."""
    require(policies.can_review_duplicates(actor))
    return (
        policies.scope_pairs(actor)
        .filter(
            status=PairStatus.OPEN,
            probability__gte=review_threshold(),
            person_a__merged_into__isnull=True,
            person_b__merged_into__isnull=True,
        )
        .select_related("person_a", "person_b")
        .only(
            "id",
            "probability",
            "weight",
            "explanation",
            "version",
            "created_at",
            "run_id",
            "status",
            "decided_at",
            *_PERSON_FIELDS,
        )
        .order_by("-probability", "-weight", "created_at")
    )


def audit_listed(*, actor: Actor, pairs: list[DuplicatePair]) -> None:
    """A page of the queue names persons: the read is audited (ids only)."""
    if pairs:
        audit.record(
            action="people.pairs.listed",
            actor=actor,
            data={"pairs": [str(p.pk) for p in pairs]},
        )


def pair_get(*, actor: Actor, pair_id) -> DuplicatePair:
    """A pair the actor may see (404 otherwise); reading it is audited."""
    if not policies.can_review_duplicates(actor):
        raise Http404
    pair = (
        policies.scope_pairs(actor)
        .select_related("person_a", "person_b", "decided_by")
        .filter(pk=pair_id)
        .first()
    )
    if pair is None:
        raise Http404
    audit.record(
        action="people.pair.viewed",
        actor=actor,
        target=pair,
        data={"persons": [str(pair.person_a_id), str(pair.person_b_id)]},
    )
    return pair


def pair_merges(pair: DuplicatePair) -> list[PersonMerge]:
    return list(pair.merges.order_by("-created_at"))


def recent_merges(*, actor: Actor, limit: int = 10) -> list[PersonMerge]:
    return list(
        policies.scope_merges(actor)
        .select_related("survivor", "merged", "merged_by", "undone_by")
        .order_by("-created_at")[:limit]
    )


def merge_get(*, actor: Actor, merge_id) -> PersonMerge:
    merge = (
        policies.scope_merges(actor)
        .select_related("survivor", "merged", "merged_by", "undone_by", "pair")
        .filter(pk=merge_id)
        .first()
    )
    if merge is None:
        raise Http404
    audit.record(
        action="people.person.viewed",
        actor=actor,
        target=merge.survivor,
        data={"merge": str(merge.pk), "merged": str(merge.merged_id)},
    )
    return merge


def latest_run() -> LinkageRun | None:
    return LinkageRun.objects.order_by("-created_at").first()


def run_get(*, actor: Actor, run_id) -> LinkageRun:
    """A duplicate search: counts only, shown to every reviewer."""
    require(policies.can_review_duplicates(actor))
    run = LinkageRun.objects.filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run


def moved_summary(merge: PersonMerge) -> list[tuple[str, int]]:
    """What a merge moved, as (kind of record, how many), for the merge page."""
    from django.apps import apps

    out = []
    for key, ids in sorted(merge.moved.items()):
        label, _field = key.rsplit(".", 1)
        try:
            model = apps.get_model(label)
        except LookupError:
            name = label
        else:
            name = str(model._meta.verbose_name_plural)
        out.append((name, len(ids)))
    return out
