"""Batch linkage and merge (issue 15, section 3): the duplicate search over all persons, the
reviewers' decisions on what it proposes, merging two records and undoing a merge."""

from __future__ import annotations

import logging
from collections import defaultdict
from functools import partial
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.core.errors import ConflictError, DomainError, check_version, require
from ruta.people import linkage, policies
from ruta.people.choices import LinkageStatus, PairStatus
from ruta.people.models import (
    DuplicatePair,
    LinkageRun,
    Person,
    PersonDocument,
    PersonMerge,
)
from ruta.people.selectors_linkage import review_threshold

logger = logging.getLogger(__name__)


class AlreadyDecided(DomainError):
    status = 409
    default_message = gettext_lazy(
        "This pair was already decided. Reload the list of possible duplicates."
    )


# --- the run -----------------------------------------------------------------------------------


def _active_run() -> LinkageRun | None:
    return (
        LinkageRun.objects.filter(status__in=[LinkageStatus.QUEUED, LinkageStatus.RUNNING])
        .order_by("created_at")
        .first()
    )


@transaction.atomic
def linkage_start(*, actor: Actor | None) -> LinkageRun:
    """Queue a duplicate search over all persons (``actor`` None: the nightly schedule). One
    runs at a time: while one is queued or running, it is the answer."""
    if actor is not None:
        require(policies.can_start_linkage(actor))
    running = _active_run()
    if running is not None:
        return running
    run = LinkageRun.objects.create(started_by=actor.user if actor else None)
    audit.record(action="people.linkage.started", actor=actor, target=run)
    from ruta.people.tasks import linkage_task

    transaction.on_commit(partial(linkage_task.enqueue, run_id=str(run.pk)))
    return run


def _record(person: Person, documents: list[str]) -> linkage.PersonRecord:
    return linkage.person_record(
        given_names=person.given_names,
        first_surname=person.first_surname,
        second_surname=person.second_surname,
        aliases=person.aliases,
        date_of_birth=person.date_of_birth,
        birth_year=_estimated_year(person),
        sex=person.sex,
        documents=documents,
        ref=person.pk,
    )


def _estimated_year(person: Person) -> int:
    if person.date_of_birth:
        return person.date_of_birth.year
    age = person.age()
    return timezone.localdate().year - age if age is not None else 0


def linkage_run(run: LinkageRun) -> LinkageRun:
    """Compare every person (not merged away) with every other under the blocking rules, fit
    the model on them, and store the pairs at or above the review threshold. A failure marks
    the run failed and stores nothing."""
    started = timezone.now()
    LinkageRun.objects.filter(pk=run.pk).update(
        status=LinkageStatus.RUNNING, stage="load", started_at=started
    )
    try:
        persons = list(
            Person.objects.filter(merged_into__isnull=True)
            .only(
                "pk",
                "institution_id",
                "created_at",
                "given_names",
                "first_surname",
                "second_surname",
                "aliases",
                "date_of_birth",
                "estimated_age",
                "age_estimated_on",
                "sex",
            )
            .order_by("created_at", "pk")
        )
        documents: dict[UUID, list[str]] = defaultdict(list)
        for person_id, number in PersonDocument.objects.filter(
            person__merged_into__isnull=True
        ).values_list("person_id", "number_normalised"):
            documents[person_id].append(number)
        records = [_record(p, documents.get(p.pk, [])) for p in persons]
        LinkageRun.objects.filter(pk=run.pk).update(stage="compare", persons=len(records))

        def progress(stage: str, done: int) -> None:
            fields: dict[str, Any] = {"stage": stage}
            if stage in ("compare", "fit"):
                fields["pairs_compared"] = done
            LinkageRun.objects.filter(pk=run.pk).update(**fields)

        # Fewer persons than this are too few to learn m and u from: the model learnt on the
        # generated national set is used, and names are not weighed by their frequency.
        learn = len(records) >= settings.RUTA_LINKAGE_MIN_PERSONS_TO_LEARN
        model = linkage.person_model(trained=not learn)
        links = linkage.link(
            model,
            records,
            linkage.PERSON_RULES,
            threshold=review_threshold(),
            progress=progress,
            fit=learn,
            adjust=linkage.NameFrequencies(records) if learn else None,
        )
        LinkageRun.objects.filter(pk=run.pk).update(stage="store")
        with transaction.atomic():
            proposed = _store_pairs(run, persons, model, links)
            LinkageRun.objects.filter(pk=run.pk).update(
                status=LinkageStatus.DONE,
                stage="",
                pairs_proposed=proposed,
                model={**model.dump(), "learnt": learn},
                finished_at=timezone.now(),
            )
    except Exception as exc:
        # The class only: a database error's message may quote a person's values.
        logger.error("duplicate search %s failed: %s", run.pk, type(exc).__name__)
        LinkageRun.objects.filter(pk=run.pk).update(
            status=LinkageStatus.FAILED, finished_at=timezone.now()
        )
    run.refresh_from_db()
    audit.record(
        action="people.linkage.finished",
        target=run,
        data={"status": run.status, "persons": run.persons, "proposed": run.pairs_proposed},
    )
    return run


def _store_pairs(
    run: LinkageRun, persons: list[Person], model: linkage.Model, links: list[linkage.Link]
) -> int:
    """Propose each linked pair once: new pairs are added, open ones take the new score
    (in batches: a national run keeps tens of thousands), decided ones stay decided; open
    pairs this run no longer proposes are withdrawn."""
    existing = {
        (a, b): (pk, status, version)
        for pk, a, b, status, version in DuplicatePair.objects.values_list(
            "pk", "person_a_id", "person_b_id", "status", "version"
        )
    }
    new: list[DuplicatePair] = []
    kept: list[DuplicatePair] = []
    for lk in links:
        a, b = persons[lk.i], persons[lk.j]  # a was recorded first (persons are in that order)
        fields = {
            "run": run,
            "probability": round(lk.probability, 6),
            "weight": round(lk.weight, 3),
            "explanation": model.explain(lk.vector),
        }
        found = existing.get((a.pk, b.pk))
        if found is None:
            new.append(
                DuplicatePair(
                    person_a=a,
                    person_b=b,
                    same_institution=a.institution_id == b.institution_id,
                    **fields,
                )
            )
        elif found[1] == PairStatus.OPEN:
            kept.append(DuplicatePair(pk=found[0], version=found[2] + 1, **fields))
    DuplicatePair.objects.bulk_create(new, batch_size=1000)
    DuplicatePair.objects.bulk_update(
        kept, ["run", "probability", "weight", "explanation", "version"], batch_size=500
    )
    # Kept pairs now name this run: what is left open from earlier runs is withdrawn.
    DuplicatePair.objects.filter(status=PairStatus.OPEN).exclude(run=run).delete()
    return len(new) + len(kept)


# --- decisions ---------------------------------------------------------------------------------


def _locked_pair(pair: DuplicatePair, version: int | None) -> DuplicatePair:
    pair = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != PairStatus.OPEN:
        raise AlreadyDecided
    check_version(pair, version)
    return pair


@transaction.atomic
def pair_dismiss(*, actor: Actor, pair: DuplicatePair, version: int | None) -> DuplicatePair:
    """Not the same person: the pair leaves the queue and is never proposed again."""
    require(policies.scope_pairs(actor).filter(pk=pair.pk).exists())
    pair = _locked_pair(pair, version)
    pair.status = PairStatus.DISMISSED
    pair.decided_by = actor.user
    pair.decided_at = timezone.now()
    pair.version += 1
    pair.save(update_fields=["status", "decided_by", "decided_at", "version", "updated_at"])
    audit.record(action="people.pair.dismissed", actor=actor, target=pair)
    return pair


def _references() -> list[tuple[type[models.Model], str]]:
    """Every (model, field) that names a person, besides the person's own links: a case, a
    criminal file's defendant or victim, an identity document, whatever a later app adds.
    Found from the models, so that people imports none of those apps."""
    own = {Person, DuplicatePair, PersonMerge}
    out = []
    for relation in Person._meta.get_fields(include_hidden=True):
        if (
            isinstance(relation, models.ForeignObjectRel)
            and relation.one_to_many
            and relation.auto_created
        ):
            related = relation.related_model
            if related not in own and isinstance(related, type):
                out.append((related, relation.field.name))
    return sorted(out, key=lambda r: (r[0]._meta.label, r[1]))


def _key(model: type[models.Model], field: str) -> str:
    return f"{model._meta.label_lower}.{field}"


@transaction.atomic
def persons_merge(
    *, actor: Actor, pair: DuplicatePair, keep: UUID | str, version: int | None
) -> PersonMerge:
    """Merge the pair's two records into the one to ``keep``: everything that named the other
    (cases, with their reports and referrals; criminal file links; documents) now names it;
    the other stays as it was, marked merged. Undone by ``merge_undo``."""
    require(policies.scope_pairs(actor).filter(pk=pair.pk).exists())
    pair = _locked_pair(pair, version)
    a, b = (
        Person.objects.select_for_update()
        .filter(pk__in=[pair.person_a_id, pair.person_b_id])
        .order_by("pk")
    )
    require(policies.can_merge_pair(actor, a, b))
    by_id = {str(a.pk): a, str(b.pk): b}
    if str(keep) not in by_id:
        raise ValidationError({"keep": [_("Choose one of the two records to keep.")]})
    survivor = by_id.pop(str(keep))
    (merged,) = by_id.values()
    moved: dict[str, list[str]] = {}
    for model, field in _references():
        rows = model._default_manager.filter(**{field: merged})
        ids = [str(pk) for pk in rows.values_list("pk", flat=True)]
        if ids:
            rows.update(**{field: survivor})
            moved[_key(model, field)] = ids
    merged.merged_into = survivor
    merged.version += 1
    merged.save(update_fields=["merged_into", "version", "updated_at"])
    now = timezone.now()
    DuplicatePair.objects.filter(pk=pair.pk).update(
        status=PairStatus.MERGED, decided_by=actor.user, decided_at=now, version=pair.version + 1
    )
    merge = PersonMerge.objects.create(
        survivor=survivor, merged=merged, pair=pair, moved=moved, merged_by=actor.user
    )
    audit.record(
        action="people.person.merged",
        actor=actor,
        target=survivor,
        data={
            "merge": str(merge.pk),
            "merged": str(merged.pk),
            "moved": {k: len(v) for k, v in moved.items()},
        },
    )
    return merge


@transaction.atomic
def merge_undo(*, actor: Actor, merge: PersonMerge) -> PersonMerge:
    """Put back exactly what the merge moved (rows since moved elsewhere stay where they
    are), make the merged record a person of its own again and reopen the pair."""
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    both = Person.objects.select_for_update().filter(pk__in=[merge.survivor_id, merge.merged_id])
    by_id = {p.pk: p for p in both.order_by("pk")}
    survivor, merged = by_id[merge.survivor_id], by_id[merge.merged_id]
    require(policies.can_undo_merge(actor, survivor, merged))
    if merge.undone_at is not None:
        raise ConflictError(_("This merge was already undone."))
    if merged.merged_into_id != survivor.pk:
        raise ConflictError(_("The merged record changed since; it cannot be put back."))
    references = {_key(model, field): (model, field) for model, field in _references()}
    back: dict[str, int] = {}
    for key, ids in merge.moved.items():
        if key not in references:
            continue
        model, field = references[key]
        back[key] = model._default_manager.filter(pk__in=ids, **{field: survivor}).update(
            **{field: merged}
        )
    merged.merged_into = None
    merged.version += 1
    merged.save(update_fields=["merged_into", "version", "updated_at"])
    merge.undone_at = timezone.now()
    merge.undone_by = actor.user
    merge.save(update_fields=["undone_at", "undone_by", "updated_at"])
    if merge.pair_id:
        DuplicatePair.objects.filter(pk=merge.pair_id).update(
            status=PairStatus.OPEN,
            decided_by=None,
            decided_at=None,
            version=models.F("version") + 1,
        )
    audit.record(
        action="people.person.merge_undone",
        actor=actor,
        target=survivor,
        data={"merge": str(merge.pk), "merged": str(merged.pk), "moved_back": back},
    )
    return merge
