"""Who sees and works on the results frameworks and the periodic returns. Rules live here only.

- A **results framework** is managed by its owner institution (``results.manage``): results,
  indicators, targets, narratives, recomputing computed indicators. It is read
  (``results.view`` or ``results.manage``) by the owner and by the secretariat and member
  institutions of the committee that follows it (the project's steering committee).
- A **manual measurement** is entered by the owner (``results.manage``) or by the indicator's
  responsible institution (``results.manage``), with evidence.
- A **data set** (periodic return) is managed by the institution that collects it
  (``results.manage``) and read by it and by the institutions that must report it.
- A **return** is filled and submitted only by its reporting institution (``returns.submit``),
  while it is being filled or was returned for correction; it is approved or returned with a
  comment by the collecting institution (``returns.review``); once approved it is locked.
  The collecting institution (any results or review capability) reads every return of its data
  sets; a reporting institution reads its own.
- Nothing else: every scope denies what it does not name; out of scope answers 404. Indicator
  values are counts, never persons: computing them reads every institution's records but
  shows none.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from ruta.coordination.models import CommitteeMember
from ruta.core.actor import Actor
from ruta.results.choices import ReturnStatus
from ruta.results.models import DataReturn, DataSet, Indicator, ResultsFramework


def _views(actor: Actor) -> bool:
    return actor.can("results.view") or actor.can("results.manage")


def can_use_results(actor: Actor) -> bool:
    """The navigation's entry to results frameworks."""
    if _views(actor):
        return True
    return False


def can_use_returns(actor: Actor) -> bool:
    """The navigation's entry to periodic returns."""
    if _views(actor) or actor.can("returns.submit") or actor.can("returns.review"):
        return True
    return False


# --- frameworks ------------------------------------------------------------------------------
def scope_results_frameworks(
    actor: Actor, qs: QuerySet[ResultsFramework] | None = None
) -> QuerySet[ResultsFramework]:
    qs = ResultsFramework.objects.all() if qs is None else qs
    if _views(actor):
        member = CommitteeMember.objects.filter(
            committee_id=OuterRef("committee_id"), institution_id=actor.institution_id
        )
        return qs.filter(
            Q(institution_id=actor.institution_id)
            | Q(committee__secretariat_id=actor.institution_id)
            | Q(Exists(member))
        )
    return qs.none()


def can_create_results_framework(actor: Actor) -> bool:
    if actor.can("results.manage"):
        return True
    return False


def can_manage_results_framework(actor: Actor, framework: ResultsFramework) -> bool:
    if actor.can("results.manage") and framework.institution_id == actor.institution_id:
        return True
    return False


def can_record_measurement(actor: Actor, indicator: Indicator) -> bool:
    """A value entered by hand: indicators without a computation only."""
    if indicator.computation:
        return False
    if not actor.can("results.manage"):
        return False
    if indicator.framework.institution_id == actor.institution_id:
        return True
    if indicator.responsible_institution_id == actor.institution_id:
        return True
    return False


# --- data sets and returns ---------------------------------------------------------------------
def _reports_q(actor: Actor) -> Q:
    return Q(
        Exists(
            DataSet.reporting_institutions.through.objects.filter(
                dataset_id=OuterRef("pk"), institution_id=actor.institution_id
            )
        )
    )


def _collects(actor: Actor) -> bool:
    return _views(actor) or actor.can("returns.review")


def scope_data_sets(actor: Actor, qs: QuerySet[DataSet] | None = None) -> QuerySet[DataSet]:
    qs = DataSet.objects.all() if qs is None else qs
    collects = _collects(actor)
    submits = actor.can("returns.submit")
    if collects and submits:
        return qs.filter(Q(institution_id=actor.institution_id) | _reports_q(actor))
    if collects:
        return qs.filter(institution_id=actor.institution_id)
    if submits:
        return qs.filter(_reports_q(actor))
    return qs.none()


def can_create_data_set(actor: Actor) -> bool:
    if actor.can("results.manage"):
        return True
    return False


def can_manage_data_set(actor: Actor, data_set: DataSet) -> bool:
    if actor.can("results.manage") and data_set.institution_id == actor.institution_id:
        return True
    return False


def scope_returns(actor: Actor, qs: QuerySet[DataReturn] | None = None) -> QuerySet[DataReturn]:
    qs = DataReturn.objects.all() if qs is None else qs
    collects = _collects(actor)
    submits = actor.can("returns.submit")
    if collects and submits:
        return qs.filter(
            Q(data_set__institution_id=actor.institution_id)
            | Q(institution_id=actor.institution_id)
        )
    if collects:
        return qs.filter(data_set__institution_id=actor.institution_id)
    if submits:
        return qs.filter(institution_id=actor.institution_id)
    return qs.none()


def can_fill_return(actor: Actor, data_return: DataReturn) -> bool:
    """Values and submission: the reporting institution, until it is submitted (again after
    it was returned for correction)."""
    if data_return.status not in (ReturnStatus.DRAFT, ReturnStatus.RETURNED):
        return False
    if actor.can("returns.submit") and data_return.institution_id == actor.institution_id:
        return True
    return False


def can_open_return(actor: Actor, data_set: DataSet) -> bool:
    """Start the acting institution's return of a data set it must report."""
    if not actor.can("returns.submit") or not data_set.is_active:
        return False
    if data_set.reporting_institutions.filter(pk=actor.institution_id).exists():
        return True
    return False


def can_review_return(actor: Actor, data_return: DataReturn) -> bool:
    """Approve, or return for correction: the collecting institution, once submitted."""
    if data_return.status != ReturnStatus.SUBMITTED:
        return False
    if actor.can("returns.review") and data_return.data_set.institution_id == actor.institution_id:
        return True
    return False
