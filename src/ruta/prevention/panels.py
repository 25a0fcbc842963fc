"""The card on a protection report's page (``core.registry.report_panels``): the labour
inspection that raised the report, by reference, establishment and date. ``intake`` imports
nothing from here; it only iterates the registry. No link: the intake's readers do not read
inspections."""

from __future__ import annotations

from ruta.core.actor import Actor
from ruta.intake.models import Report
from ruta.prevention.models import Inspection
from ruta.prevention.policies import can_see_raising_inspection


def report_panel(actor: Actor, report: Report) -> dict | None:
    if report.channel != "labour_inspection" or not can_see_raising_inspection(actor, report):
        return None
    inspection = (
        Inspection.objects.filter(report_id=report.pk)
        .values("reference", "establishment", "inspected_on")
        .first()
    )
    if inspection is None:
        return None
    return {"template": "prevention/inspections/_report_panel.html", "inspection": inspection}
