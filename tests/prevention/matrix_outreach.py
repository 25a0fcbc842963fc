"""Permission-matrix specs of the prevention routes: outreach (campaigns and labour
inspections).

Campaigns: the home's trainer (``TRN``) organises ``campaign``; the academy's trainer
(``P_TRN``) organises ``academy_campaign``. Inspections: the labour inspector (``LAB``, 'own'
scope) recorded ``inspection``; ``colleague_inspection`` is a colleague's, outside LAB's
scope: nobody of the matrix reaches it."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from ruta.intake.models import Report
from ruta.prevention.models import (
    Campaign,
    CampaignMaterial,
    CampaignReach,
    Inspection,
    InspectionMeasure,
)
from tests.matrix import Proof
from tests.matrix_spec import LAB, P_TRN, TRN, Spec, count, kw, pk, today, value, vspec

CAMPAIGN = kw(campaign_id=pk("campaign"))
ACADEMY_CAMPAIGN = kw(campaign_id=pk("academy_campaign"))
MATERIAL = kw(material_id=pk("campaign_material"))
INSPECTION = kw(inspection_id=pk("inspection"))
COLLEAGUE_INSPECTION = kw(inspection_id=pk("colleague_inspection"))
MEASURE = kw(measure_id=pk("inspection_measure"))


def _pdf(_w=None):
    return SimpleUploadedFile("afiche.pdf", b"%PDF-1.4 nuevo", content_type="application/pdf")


def _reach(w) -> tuple:
    return tuple(
        CampaignReach.objects.filter(campaign=w["campaign"])
        .order_by("channel")
        .values_list("channel", "people", "female", "male")
    )


def _department(w) -> str:
    return w["inspection"].department_id


def _campaign_form(w) -> dict:
    return {"name": "Campaña nueva", "starts_on": today(), "channels": ["radio"]}


def _campaign_edit(w) -> dict:
    return {
        "version": Campaign.objects.get(pk=w["campaign"].pk).version,
        "name": "Campaña Corazón Azul 2",
        "starts_on": w["campaign"].starts_on.isoformat(),
        "channels": ["radio", "schools"],
    }


def _inspection_form(w) -> dict:
    return {
        "establishment": "Finca Nueva",
        "sector": "A",
        "department": _department(w),
        "inspected_on": today(),
        "workers_female": 2,
        "workers_male": 1,
    }


def _inspection_edit(w) -> dict:
    inspection = Inspection.objects.get(pk=w["inspection"].pk)
    return {
        "version": inspection.version,
        "establishment": "Finca El Naranjo S.A.",
        "sector": "A",
        "department": _department(w),
        "inspected_on": inspection.inspected_on.isoformat(),
        "workers_female": 3,
        "workers_male": 5,
        "workers_0_17": 2,
        "inspectors": [str(w["actors"][LAB].pk)],
    }


def _api_inspection_edit(w) -> dict:
    inspection = Inspection.objects.get(pk=w["inspection"].pk)
    return {"version": inspection.version, "establishment": "Finca El Naranjo S.A."}


def _api_campaign_edit(w) -> dict:
    return {
        "version": Campaign.objects.get(pk=w["campaign"].pk).version,
        "name": "Campaña Corazón Azul 2",
    }


REACH = {"channel": "radio", "people": 1500, "female": 700, "male": 800}
CAMPAIGN_NAME = "Campaña Corazón Azul"

# Proofs
CAMPAIGNS = Proof(count(Campaign), "prevention.campaign.created")
CAMPAIGN_EDITED = Proof(
    value(Campaign, "campaign", "name", "version"), "prevention.campaign.updated"
)
REACH_RECORDED = Proof(_reach, "prevention.campaign.reach_recorded")
MATERIAL_ADDED = Proof(
    count(CampaignMaterial, campaign=pk("campaign")), "prevention.campaign.material_added"
)
MATERIAL_REMOVED = Proof(
    count(CampaignMaterial, pk=pk("campaign_material")), "prevention.campaign.material_removed"
)
INSPECTIONS = Proof(count(Inspection), "prevention.inspection.created")
INSPECTION_EDITED = Proof(
    value(Inspection, "inspection", "establishment", "version"), "prevention.inspection.updated"
)
MEASURE_ADDED = Proof(
    count(InspectionMeasure, inspection=pk("inspection")), "prevention.inspection.measure_added"
)
MEASURE_REMOVED = Proof(
    count(InspectionMeasure, pk=pk("inspection_measure")), "prevention.inspection.measure_removed"
)
REPORT_RAISED = Proof(
    lambda w: (
        value(Inspection, "inspection", "report")(w),
        Report.objects.filter(channel="labour_inspection").count(),
    ),
    "prevention.inspection.report_raised",
)

SPECS: list[Spec] = [
    # --- campaigns: pages ---
    vspec(
        "prevention:campaign-list",
        "GET",
        (TRN, P_TRN),
        shows=lambda w: CAMPAIGN_NAME,
        sees=(TRN,),
    ),
    vspec("prevention:campaign-new", "GET", (TRN, P_TRN)),
    vspec("prevention:campaign-new", "POST", (TRN, P_TRN), data=_campaign_form, proof=CAMPAIGNS),
    vspec(
        "prevention:campaign-detail",
        "GET",
        (TRN,),
        kwargs=CAMPAIGN,
        shows=lambda w: CAMPAIGN_NAME,
    ),
    vspec(
        "prevention:campaign-detail",
        "GET",
        (P_TRN,),
        target="academy",
        kwargs=ACADEMY_CAMPAIGN,
        shows=lambda w: "Campaña de la Academia",
    ),
    vspec("prevention:campaign-edit", "GET", (TRN,), kwargs=CAMPAIGN),
    vspec(
        "prevention:campaign-edit",
        "POST",
        (TRN,),
        kwargs=CAMPAIGN,
        data=_campaign_edit,
        proof=CAMPAIGN_EDITED,
    ),
    vspec(
        "prevention:campaign-reach",
        "POST",
        (TRN,),
        kwargs=CAMPAIGN,
        data=lambda w: REACH,
        proof=REACH_RECORDED,
    ),
    vspec(
        "prevention:campaign-material-upload",
        "POST",
        (TRN,),
        kwargs=CAMPAIGN,
        data=lambda w: {"title": "Afiche nuevo", "file": _pdf()},
        proof=MATERIAL_ADDED,
    ),
    vspec("prevention:campaign-material-download", "GET", (TRN,), kwargs=MATERIAL),
    vspec(
        "prevention:campaign-material-remove",
        "POST",
        (TRN,),
        kwargs=MATERIAL,
        proof=MATERIAL_REMOVED,
    ),
    # --- campaigns: API ---
    vspec(
        "api:campaign-list",
        "GET",
        (TRN, P_TRN),
        shows=lambda w: CAMPAIGN_NAME,
        sees=(TRN,),
    ),
    vspec(
        "api:campaign-list",
        "POST",
        (TRN, P_TRN),
        status=201,
        data=lambda w: {"name": "Campaña nueva", "starts_on": today(), "channels": ["radio"]},
        proof=CAMPAIGNS,
    ),
    vspec(
        "api:campaign-detail",
        "GET",
        (TRN,),
        kwargs=CAMPAIGN,
        shows=lambda w: CAMPAIGN_NAME,
    ),
    vspec(
        "api:campaign-update",
        "POST",
        (TRN,),
        kwargs=CAMPAIGN,
        data=_api_campaign_edit,
        proof=CAMPAIGN_EDITED,
    ),
    vspec(
        "api:campaign-reach",
        "POST",
        (TRN,),
        kwargs=CAMPAIGN,
        data=lambda w: REACH,
        proof=REACH_RECORDED,
    ),
    vspec(
        "api:campaign-material-upload",
        "POST",
        (TRN,),
        status=201,
        kwargs=CAMPAIGN,
        data=lambda w: {"title": "Afiche nuevo", "file": _pdf()},
        fmt="multipart",
        proof=MATERIAL_ADDED,
    ),
    vspec("api:campaign-material-download", "GET", (TRN,), kwargs=MATERIAL),
    vspec(
        "api:campaign-material-remove",
        "POST",
        (TRN,),
        status=204,
        kwargs=MATERIAL,
        proof=MATERIAL_REMOVED,
    ),
    # --- inspections: pages ---
    vspec(
        "prevention:inspection-list",
        "GET",
        (LAB,),
        shows=lambda w: "INS-TEST-0001",
        sees=(LAB,),
    ),
    # The colleague's inspection is outside LAB's 'own' scope: no list shows it.
    vspec(
        "prevention:inspection-list",
        "GET",
        (LAB,),
        target="colleague",
        shows=lambda w: "INS-TEST-0002",
        sees=(),
    ),
    vspec("prevention:inspection-new", "GET", (LAB,)),
    vspec("prevention:inspection-new", "POST", (LAB,), data=_inspection_form, proof=INSPECTIONS),
    vspec(
        "prevention:inspection-detail",
        "GET",
        (LAB,),
        kwargs=INSPECTION,
        shows=lambda w: ("INS-TEST-0001", "Finca El Naranjo"),
    ),
    vspec(
        "prevention:inspection-detail",
        "GET",
        (),
        target="colleague",
        kwargs=COLLEAGUE_INSPECTION,
    ),
    vspec("prevention:inspection-edit", "GET", (LAB,), kwargs=INSPECTION),
    vspec(
        "prevention:inspection-edit",
        "POST",
        (LAB,),
        kwargs=INSPECTION,
        data=_inspection_edit,
        proof=INSPECTION_EDITED,
    ),
    vspec(
        "prevention:inspection-measure-add",
        "POST",
        (LAB,),
        kwargs=INSPECTION,
        data=lambda w: {"kind": "fine", "amount": "15000.00"},
        proof=MEASURE_ADDED,
    ),
    vspec(
        "prevention:inspection-measure-remove",
        "POST",
        (LAB,),
        kwargs=MEASURE,
        proof=MEASURE_REMOVED,
    ),
    vspec(
        "prevention:inspection-raise-report",
        "POST",
        (LAB,),
        kwargs=INSPECTION,
        proof=REPORT_RAISED,
    ),
    # --- inspections: API ---
    vspec(
        "api:inspection-list",
        "GET",
        (LAB,),
        shows=lambda w: "INS-TEST-0001",
        sees=(LAB,),
    ),
    vspec(
        "api:inspection-list",
        "GET",
        (LAB,),
        target="colleague",
        shows=lambda w: "INS-TEST-0002",
        sees=(),
    ),
    vspec(
        "api:inspection-list",
        "POST",
        (LAB,),
        status=201,
        data=_inspection_form,
        proof=INSPECTIONS,
    ),
    vspec(
        "api:inspection-detail",
        "GET",
        (LAB,),
        kwargs=INSPECTION,
        shows=lambda w: "Finca El Naranjo",
    ),
    vspec(
        "api:inspection-update",
        "POST",
        (LAB,),
        kwargs=INSPECTION,
        data=_api_inspection_edit,
        proof=INSPECTION_EDITED,
    ),
    vspec(
        "api:inspection-measure-add",
        "POST",
        (LAB,),
        status=201,
        kwargs=INSPECTION,
        data=lambda w: {"kind": "fine", "amount": "15000.00"},
        proof=MEASURE_ADDED,
    ),
    vspec(
        "api:inspection-measure-remove",
        "POST",
        (LAB,),
        status=204,
        kwargs=MEASURE,
        proof=MEASURE_REMOVED,
    ),
    vspec(
        "api:inspection-raise-report",
        "POST",
        (LAB,),
        status=201,
        kwargs=INSPECTION,
        proof=REPORT_RAISED,
    ),
]
