"""Permission-matrix specs of the duplicate search (people, linkage).

Reviewers are the roles with ``people.merge`` (the coordinator, the supervisor). The queue
and a search's progress answer every reviewer (another institution's queue is its own:
empty here); a pair, a merge and their actions answer only reviewers who may see and edit
both records: the home coordinator (the institution) and the supervisor (the unit, whose
member recorded them). Everyone else gets 404."""

from __future__ import annotations

from ruta.people.models import DuplicatePair, LinkageRun, PersonMerge
from tests.matrix import Proof
from tests.matrix_spec import ERI, SUP, Spec, count, kw, pk, spec, value

REVIEWERS = (ERI, SUP)
PAIR = kw(pair_id=pk("dup_pair"))
RUN = kw(run_id=pk("dup_run"))
MERGE = kw(merge_id=pk("dup_merge"))


def _pair_version(w):
    return DuplicatePair.objects.get(pk=w["dup_pair"].pk).version


def _keep(w):
    return str(w["dup_pair"].person_a_id)


MERGED = Proof(count(PersonMerge, pair=pk("dup_pair")), "people.person.merged")
DISMISSED = Proof(value(DuplicatePair, "dup_pair", "status", "version"), "people.pair.dismissed")
UNDONE = Proof(value(PersonMerge, "dup_merge", "undone_at"), "people.person.merge_undone")
STARTED = Proof(count(LinkageRun), "people.linkage.started")
SHOWS = lambda w: ("Duplicada",)  # noqa: E731

SPECS: list[Spec] = [
    # --- pages ---------------------------------------------------------------------------------
    spec("people:duplicate-queue", "GET", REVIEWERS, anywhere=True, shows=SHOWS, sees=REVIEWERS),
    spec("people:linkage-start", "POST", REVIEWERS, anywhere=True, proof=STARTED),
    spec("people:linkage-run", "GET", REVIEWERS, anywhere=True, kwargs=RUN),
    spec("people:duplicate-detail", "GET", REVIEWERS, kwargs=PAIR, shows=SHOWS),
    spec(
        "people:duplicate-merge",
        "POST",
        REVIEWERS,
        kwargs=PAIR,
        data=lambda w: {"keep": _keep(w), "version": _pair_version(w)},
        proof=MERGED,
    ),
    spec(
        "people:duplicate-dismiss",
        "POST",
        REVIEWERS,
        kwargs=PAIR,
        data=lambda w: {"version": _pair_version(w)},
        proof=DISMISSED,
    ),
    spec("people:merge-detail", "GET", REVIEWERS, kwargs=MERGE, shows=lambda w: ("Fusionada",)),
    spec("people:merge-undo", "POST", REVIEWERS, kwargs=MERGE, proof=UNDONE),
    # --- API -----------------------------------------------------------------------------------
    spec("api:duplicate-list", "GET", REVIEWERS, anywhere=True, shows=SHOWS, sees=REVIEWERS),
    spec("api:duplicate-detail", "GET", REVIEWERS, kwargs=PAIR, shows=SHOWS),
    spec(
        "api:duplicate-merge",
        "POST",
        REVIEWERS,
        status=201,
        kwargs=PAIR,
        data=lambda w: {"keep": _keep(w), "version": _pair_version(w)},
        proof=MERGED,
    ),
    spec(
        "api:duplicate-dismiss",
        "POST",
        REVIEWERS,
        kwargs=PAIR,
        data=lambda w: {"version": _pair_version(w)},
        proof=DISMISSED,
    ),
    spec("api:linkage-start", "POST", REVIEWERS, anywhere=True, status=202, proof=STARTED),
    spec("api:linkage-run", "GET", REVIEWERS, anywhere=True, kwargs=RUN),
    spec("api:merge-detail", "GET", REVIEWERS, kwargs=MERGE, shows=lambda w: ("Fusionada",)),
    spec("api:merge-undo", "POST", REVIEWERS, kwargs=MERGE, proof=UNDONE),
]
