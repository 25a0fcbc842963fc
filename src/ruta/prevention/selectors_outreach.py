"""Reads of campaigns and labour inspections, always from the policy scope. An inspection's
page names its inspectors and shows its findings: reading it is audited
(``prevention.inspection.viewed``). The report an inspection raised shows its triage
outcome only, never the case that may have come of it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from ruta.audit import services as audit
from ruta.cases.choices import Answer, Suggestion
from ruta.core.actor import Actor
from ruta.core.errors import require, uuid_or_404
from ruta.intake.choices import ReportStatus
from ruta.prevention import policies
from ruta.prevention.choices import Audience, Channel
from ruta.prevention.models import (
    Campaign,
    CampaignMaterial,
    CampaignReach,
    Inspection,
    InspectionMeasure,
)
from ruta.prevention.services.inspections import forced_labour_instrument


# --- campaigns ---------------------------------------------------------------------------------
def campaign_list(*, actor: Actor) -> QuerySet[Campaign]:
    """The organiser's and partner campaigns, newest first, with the people reached."""
    reached = (
        CampaignReach.objects.filter(campaign=OuterRef("pk"))
        .order_by()
        .values("campaign")
        .annotate(n=Sum("people"))
        .values("n")
    )
    return (
        policies.scope_campaigns(actor)
        .select_related("institution")
        .annotate(people_reached=Coalesce(Subquery(reached), 0))
        .order_by("-starts_on", "name", "pk")
    )


def campaign_get(*, actor: Actor, campaign_id: UUID | str) -> Campaign:
    return get_object_or_404(
        policies.scope_campaigns(actor).select_related("institution"),
        pk=uuid_or_404(campaign_id),
    )


def campaign_for_edit(*, actor: Actor, campaign_id: UUID | str) -> Campaign:
    """A campaign the actor may change (a partner reads it but gets 404 here)."""
    campaign = campaign_get(actor=actor, campaign_id=campaign_id)
    require(policies.can_edit_campaign(actor, campaign))
    return campaign


def campaign_page(*, actor: Actor, campaign: Campaign) -> dict[str, Any]:
    reach = list(campaign.reach.order_by("channel"))
    return {
        "campaign": campaign,
        "departments": list(campaign.departments.order_by("name")),
        "partners": list(campaign.partners.order_by("name")),
        "channels": [Channel(c).label for c in campaign.channels if c in Channel.values],
        "audiences": [Audience(a).label for a in campaign.audiences if a in Audience.values],
        "reach": [{"row": r, "label": _channel_label(r.channel)} for r in reach],
        "people_reached": sum(r.people for r in reach),
        "materials": list(campaign.materials.order_by("created_at")),
        "can_edit": policies.can_edit_campaign(actor, campaign),
    }


def _channel_label(code: str) -> str:
    return str(Channel(code).label) if code in Channel.values else code


def material_get(*, actor: Actor, material_id: UUID | str) -> CampaignMaterial:
    return get_object_or_404(
        CampaignMaterial.objects.filter(
            campaign__in=policies.scope_campaigns(actor).values("pk")
        ).select_related("campaign"),
        pk=uuid_or_404(material_id),
    )


# --- inspections -------------------------------------------------------------------------------
def inspection_list(*, actor: Actor) -> QuerySet[Inspection]:
    """The inspections in scope, newest first, with their place, measures and report."""
    measures = (
        InspectionMeasure.objects.filter(inspection=OuterRef("pk"))
        .order_by()
        .values("inspection")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        policies.scope_inspections(actor)
        .select_related("department", "municipality", "report")
        .annotate(measures_count=Coalesce(Subquery(measures), 0))
        .order_by("-inspected_on", "-reference")
    )


def inspection_get(*, actor: Actor, inspection_id: UUID | str) -> Inspection:
    return get_object_or_404(
        policies.scope_inspections(actor).select_related(
            "department", "municipality", "instrument", "report", "recorded_by"
        ),
        pk=uuid_or_404(inspection_id),
    )


def inspection_view(*, actor: Actor, inspection: Inspection) -> None:
    """Record that the actor read the inspection (its inspectors and findings show)."""
    audit.record(
        action="prevention.inspection.viewed",
        actor=actor,
        target=inspection,
        target_institution_id=inspection.institution_id,
    )


def measure_get(*, actor: Actor, measure_id: UUID | str) -> InspectionMeasure:
    return get_object_or_404(
        InspectionMeasure.objects.filter(
            inspection__in=policies.scope_inspections(actor).values("pk")
        ).select_related("inspection"),
        pk=uuid_or_404(measure_id),
    )


def report_outcome(inspection: Inspection) -> dict[str, Any] | None:
    """What the inspectorate sees of the report it raised: its triage status and when it
    last changed. Never the case, nor the report's own page."""
    report = inspection.report
    if report is None:
        return None
    if report.status in (ReportStatus.ACCEPTED, ReportStatus.CLOSED):
        changed_at = report.triaged_at
    elif report.status == ReportStatus.IN_TRIAGE:
        changed_at = report.taken_at
    else:
        changed_at = report.received_at
    return {
        "reference": report.reference,
        "status": report.status,
        "status_label": str(ReportStatus(report.status).label),
        "changed_at": changed_at or report.received_at,
    }


def screening_rows(inspection: Inspection) -> list[dict[str, Any]]:
    """Each question of the instrument, in the reader's language, with the answer given."""
    instrument = inspection.instrument or forced_labour_instrument()
    if instrument is None:
        return []
    language = (get_language() or "es")[:2]
    rows = []
    for question in instrument.questions:
        code = question["code"]
        answer = inspection.answers.get(code, "")
        rows.append(
            {
                "code": code,
                "text": question["text"].get(language) or question["text"].get("es", code),
                "answer": answer,
                "answer_label": str(Answer(answer).label) if answer in Answer.values else "",
            }
        )
    return rows


def inspection_page(*, actor: Actor, inspection: Inspection) -> dict[str, Any]:
    return {
        "inspection": inspection,
        "inspectors": list(inspection.inspectors.order_by("last_name", "first_name", "username")),
        "measures": list(inspection.measures.order_by("created_at")),
        "screening": screening_rows(inspection),
        "suggestion_label": (
            str(Suggestion(inspection.suggestion).label)
            if inspection.suggestion in Suggestion.values
            else ""
        ),
        "outcome": report_outcome(inspection),
        "can_edit": policies.can_edit_inspection(actor, inspection),
        "can_raise": policies.can_raise_report(actor, inspection),
    }


def inspection_with_people(inspection: Inspection) -> Inspection:
    """The inspection with its inspectors and measures loaded (for the API's answer)."""
    return (
        Inspection.objects.select_related("department", "municipality", "report")
        .prefetch_related(
            Prefetch("measures", queryset=InspectionMeasure.objects.order_by("created_at")),
            "inspectors",
        )
        .get(pk=inspection.pk)
    )


def inspections_awaiting_report(*, actor: Actor, limit: int = 5) -> dict[str, Any] | None:
    """The inspector's home card: inspections in scope whose screening found indicators and
    that raised no report yet (the work waiting), with their count."""
    if not policies.can_record_inspection(actor):
        return None
    waiting = policies.scope_inspections(actor).filter(
        indicators_present__gt=0, report__isnull=True
    )
    return {
        "count": waiting.count(),
        "rows": list(waiting.order_by("-inspected_on", "reference")[:limit]),
    }
