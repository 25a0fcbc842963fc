"""Who sees the statistics. Rules live here only.

- The **dashboards** count every institution's cases and show counts only, never a record:
  they are for whoever holds ``reporting.view_aggregates`` (the commission's analysts, the
  response team's coordinator, supervisors, committee secretaries).
- **Drill-down to an institution** (its own figures, and the table by institution): every
  institution for the analysts whose role reaches aggregates only (their work is the national
  figures); their own institution for everyone else who sees the dashboards. Asking for an
  institution outside that answers 404.
- **Exports** of a dashboard (PDF, XLSX) go to the same people, for the same figures, and are
  audited.
- Nothing else: every scope denies what it does not name.
"""

from __future__ import annotations

from django.db.models import QuerySet

from ruta.core.actor import Actor
from ruta.core.choices import RecordScope


def can_view_statistics(actor: Actor) -> bool:
    if actor.can("reporting.view_aggregates"):
        return True
    return False


def statistics_is_national(actor: Actor) -> bool:
    """Whether the actor may drill down into every institution (the page says so)."""
    if can_view_statistics(actor) and actor.scope == RecordScope.AGGREGATE:
        return True
    return False


def scope_statistics_institutions(actor: Actor, qs: QuerySet) -> QuerySet:
    """The institutions whose own figures the actor may see (``qs``: institutions)."""
    if statistics_is_national(actor):
        return qs
    if can_view_statistics(actor):
        return qs.filter(pk=actor.institution_id)
    return qs.none()


def can_export_statistics(actor: Actor) -> bool:
    if can_view_statistics(actor):
        return True
    return False


# --- Releases of the official tables -----------------------------------------------------------
# A release is prepared by a national analyst and published by a second person with
# ``reporting.publish``; drafts are seen by both, published releases by every viewer of the
# statistics (and by the public, through the observatory).


def can_prepare_release(actor: Actor) -> bool:
    if statistics_is_national(actor):
        return True
    return False


def can_publish_releases(actor: Actor) -> bool:
    if actor.can("reporting.publish"):
        return True
    return False


def can_list_releases(actor: Actor) -> bool:
    if can_view_statistics(actor) or can_publish_releases(actor):
        return True
    return False


def scope_releases(actor: Actor, qs: QuerySet) -> QuerySet:
    """Drafts for who prepares and who publishes; published releases for every viewer."""
    if can_prepare_release(actor) or can_publish_releases(actor):
        return qs
    if can_view_statistics(actor):
        return qs.filter(status="published")
    return qs.none()


def may_publish_release(actor: Actor, release) -> bool:
    """Publishing: the capability, and not the person who prepared it (four eyes)."""
    if can_publish_releases(actor) and release.prepared_by_id != actor.user.pk:
        return True
    return False


def scope_public_releases(qs: QuerySet) -> QuerySet:
    """What the public observatory shows: published releases only."""
    return qs.filter(status="published")


# --- Exchange files from the pages and the API ---------------------------------------------------
# The HTCDS spreadsheet holds names and dates of birth: ``exports.personal_data`` and the
# cases the actor may see (``cases.policies.scope_cases``: their institution's, as their role
# reaches). The CTDC extract (k-anonymous) and the UNODC tables cover the country: national
# analysts. A file is downloaded only by who asked for it, in the institution they asked for.


def can_export(actor: Actor, kind: str) -> bool:
    if kind == "htcds" and actor.can("exports.personal_data") and actor.can("cases.view"):
        return True
    if kind in ("ctdc", "unodc") and statistics_is_national(actor):
        return True
    return False


def export_kinds(actor: Actor) -> list[str]:
    return [kind for kind in ("htcds", "ctdc", "unodc") if can_export(actor, kind)]


def can_use_exports(actor: Actor) -> bool:
    if export_kinds(actor):
        return True
    return False


def scope_export_jobs(actor: Actor, qs: QuerySet) -> QuerySet:
    """One's own requests, in the institution one acts for."""
    if can_use_exports(actor):
        return qs.filter(requested_by_id=actor.user.pk, institution_id=actor.institution_id)
    return qs.none()
