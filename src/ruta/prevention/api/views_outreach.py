"""API of campaigns and labour inspections. Each view calls one selector or service; the
rules are in ``policies``."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from ruta.accounts.models import User
from ruta.core.api.errors import unprocessable
from ruta.core.api.pagination import PageNumberWithoutCountPagination
from ruta.core.api.views import ActionApi
from ruta.core.errors import require
from ruta.core.models import Department, Municipality
from ruta.institutions.models import Institution
from ruta.prevention import policies
from ruta.prevention import selectors_outreach as selectors
from ruta.prevention.api import serializers_outreach as s
from ruta.prevention.models import Campaign, CampaignMaterial, Inspection, InspectionMeasure
from ruta.prevention.services import campaigns as campaign_services
from ruta.prevention.services import inspections as inspection_services


def _department(code: str | None) -> Department | None:
    if not code:
        return None
    department = Department.objects.filter(pk=code).first()
    if department is None:
        raise unprocessable({"department": [_("Unknown place code.")]})
    return department


def _municipality(code: str | None) -> Municipality | None:
    if not code:
        return None
    municipality = Municipality.objects.filter(pk=code).first()
    if municipality is None:
        raise unprocessable({"municipality": [_("Unknown place code.")]})
    return municipality


def _departments(codes: list[str]) -> list[Department]:
    found = list(Department.objects.filter(pk__in=set(codes)))
    if len(found) != len(set(codes)):
        raise unprocessable({"departments": [_("Unknown place code.")]})
    return found


def _partners(ids: list) -> list[Institution]:
    found = list(Institution.objects.filter(pk__in=set(ids), is_active=True))
    if len(found) != len(set(ids)):
        raise unprocessable({"partners": [_("Unknown institution.")]})
    return found


def _inspectors(institution_id, ids: list) -> list[User]:
    allowed = {u.pk: u for u in inspection_services.inspectors_for(institution_id)}
    chosen = [allowed.get(pk) for pk in dict.fromkeys(ids)]
    if any(u is None for u in chosen):
        raise unprocessable(
            {"inspectors": [_("Only inspectors of your institution can be named.")]}
        )
    return [u for u in chosen if u is not None]


# --- campaigns ---------------------------------------------------------------------------------
def _campaign_detail(campaign: Campaign) -> dict:
    return s.CampaignDetailSerializer(campaign).data


def _campaign_values(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    if "departments" in data:
        data["departments"] = _departments(data["departments"])
    if "partners" in data:
        data["partners"] = _partners(data["partners"])
    return data


class CampaignListApi(GenericAPIView):
    serializer_class = s.CampaignSerializer
    queryset = Campaign.objects.none()
    pagination_class = PageNumberWithoutCountPagination

    @extend_schema(operation_id="campaigns_list", responses=s.CampaignSerializer(many=True))
    def get(self, request):
        require(policies.can_list_campaigns(request.actor))
        page = self.paginate_queryset(selectors.campaign_list(actor=request.actor))
        return self.get_paginated_response(s.CampaignSerializer(page, many=True).data)

    @extend_schema(
        operation_id="campaigns_create",
        request=s.CampaignCreateSerializer,
        responses={201: s.CampaignDetailSerializer},
    )
    def post(self, request):
        actor = request.actor
        require(policies.can_create_campaign(actor))
        body = s.CampaignCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        campaign = campaign_services.campaign_create(
            actor=actor, **_campaign_values(body.validated_data)
        )
        return Response(_campaign_detail(campaign), status=status.HTTP_201_CREATED)


class CampaignDetailApi(GenericAPIView):
    serializer_class = s.CampaignDetailSerializer
    queryset = Campaign.objects.none()

    @extend_schema(operation_id="campaigns_retrieve")
    def get(self, request, campaign_id):
        campaign = selectors.campaign_get(actor=request.actor, campaign_id=campaign_id)
        return Response(_campaign_detail(campaign))


class _CampaignActionApi(ActionApi):
    queryset = Campaign.objects.none()
    response_serializer_class = s.CampaignDetailSerializer

    def load(self, request, **kwargs: Any) -> Campaign:
        # A partner reads the campaign but does not change it: 404 before the body is read.
        return selectors.campaign_for_edit(actor=request.actor, campaign_id=kwargs["campaign_id"])


class CampaignUpdateApi(_CampaignActionApi):
    """Change the campaign's details (only the fields sent), naming the version read."""

    serializer_class = s.CampaignUpdateSerializer
    operation_id = "campaigns_update"

    def perform(self, request, obj: Campaign, data: dict[str, Any]) -> Campaign:
        values = _campaign_values(data)
        version = values.pop("version")
        return campaign_services.campaign_update(
            actor=request.actor, campaign=obj, version=version, **values
        )


class CampaignReachApi(_CampaignActionApi):
    """Record the people reached through one channel (replaces what that channel had)."""

    serializer_class = s.CampaignReachRecordSerializer
    operation_id = "campaigns_record_reach"

    def perform(self, request, obj: Campaign, data: dict[str, Any]) -> Campaign:
        campaign_services.reach_record(actor=request.actor, campaign=obj, **data)
        return obj


class CampaignMaterialUploadApi(GenericAPIView):
    """Add a PDF, image or video of the campaign (multipart: ``file``, optional ``title``)."""

    queryset = Campaign.objects.none()
    serializer_class = s.CampaignMaterialUploadSerializer
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="campaigns_upload_material",
        request={"multipart/form-data": s.CampaignMaterialUploadSerializer},
        responses={201: s.CampaignMaterialSerializer},
    )
    def post(self, request, campaign_id):
        campaign = selectors.campaign_for_edit(actor=request.actor, campaign_id=campaign_id)
        body = s.CampaignMaterialUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        material = campaign_services.material_add(
            actor=request.actor,
            campaign=campaign,
            title=body.validated_data.get("title", ""),
            filename=upload.name,
            content=upload.read(settings.RUTA_ATTACHMENT_MAX_BYTES + 1),
        )
        return Response(s.CampaignMaterialSerializer(material).data, status=status.HTTP_201_CREATED)


class CampaignMaterialDownloadApi(GenericAPIView):
    queryset = CampaignMaterial.objects.none()

    @extend_schema(
        operation_id="campaign_materials_download",
        responses={(200, "application/octet-stream"): bytes},
    )
    def get(self, request, material_id):
        material = selectors.material_get(actor=request.actor, material_id=material_id)
        return FileResponse(
            io.BytesIO(campaign_services.material_content(material)),
            as_attachment=True,
            filename=material.filename,
            content_type=material.content_type,
        )


class CampaignMaterialRemoveApi(ActionApi):
    """Remove a material of the campaign (the organiser only)."""

    queryset = CampaignMaterial.objects.none()
    serializer_class = None
    response_serializer_class = None
    operation_id = "campaign_materials_remove"

    def load(self, request, **kwargs: Any) -> CampaignMaterial:
        material = selectors.material_get(actor=request.actor, material_id=kwargs["material_id"])
        require(policies.can_edit_campaign(request.actor, material.campaign))
        return material

    def perform(self, request, obj: CampaignMaterial, data: dict[str, Any]) -> None:
        campaign_services.material_remove(actor=request.actor, material=obj)


# --- inspections -------------------------------------------------------------------------------
def _inspection_detail(inspection: Inspection) -> dict:
    return s.InspectionDetailSerializer(selectors.inspection_with_people(inspection)).data


def _inspection_values(institution_id, data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    if "department" in data:
        data["department"] = _department(data["department"])
    if "municipality" in data:
        data["municipality"] = _municipality(data["municipality"])
    if "inspectors" in data:
        data["inspectors"] = _inspectors(institution_id, data["inspectors"])
    return data


class InspectionListApi(GenericAPIView):
    serializer_class = s.InspectionSerializer
    queryset = Inspection.objects.none()
    pagination_class = PageNumberWithoutCountPagination

    @extend_schema(operation_id="inspections_list", responses=s.InspectionSerializer(many=True))
    def get(self, request):
        require(policies.can_record_inspection(request.actor))
        page = self.paginate_queryset(selectors.inspection_list(actor=request.actor))
        return self.get_paginated_response(s.InspectionSerializer(page, many=True).data)

    @extend_schema(
        operation_id="inspections_create",
        request=s.InspectionCreateSerializer,
        responses={201: s.InspectionDetailSerializer},
    )
    def post(self, request):
        actor = request.actor
        require(policies.can_record_inspection(actor))
        body = s.InspectionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = _inspection_values(actor.institution_id, body.validated_data)
        inspection = inspection_services.inspection_create(actor=actor, **values)
        return Response(_inspection_detail(inspection), status=status.HTTP_201_CREATED)


class InspectionDetailApi(GenericAPIView):
    serializer_class = s.InspectionDetailSerializer
    queryset = Inspection.objects.none()

    @extend_schema(operation_id="inspections_retrieve")
    def get(self, request, inspection_id):
        inspection = selectors.inspection_get(actor=request.actor, inspection_id=inspection_id)
        selectors.inspection_view(actor=request.actor, inspection=inspection)
        return Response(_inspection_detail(inspection))


class _InspectionActionApi(ActionApi):
    queryset = Inspection.objects.none()
    response_serializer_class = s.InspectionDetailSerializer

    def load(self, request, **kwargs: Any) -> Inspection:
        inspection = selectors.inspection_get(
            actor=request.actor, inspection_id=kwargs["inspection_id"]
        )
        require(policies.can_edit_inspection(request.actor, inspection))
        return inspection

    def respond(self, request, result: Any) -> Response:
        return Response(_inspection_detail(result), status=self.success_status)


class InspectionUpdateApi(_InspectionActionApi):
    """Change the inspection's details (only the fields sent), naming the version read. New
    answers are evaluated again."""

    serializer_class = s.InspectionUpdateSerializer
    operation_id = "inspections_update"

    def perform(self, request, obj: Inspection, data: dict[str, Any]) -> Inspection:
        values = _inspection_values(obj.institution_id, data)
        version = values.pop("version")
        return inspection_services.inspection_update(
            actor=request.actor, inspection=obj, version=version, **values
        )


class InspectionMeasureAddApi(_InspectionActionApi):
    """Record a measure the inspection ordered (a fine with its amount in HNL)."""

    serializer_class = s.InspectionMeasureAddSerializer
    operation_id = "inspections_add_measure"
    success_status = status.HTTP_201_CREATED

    def perform(self, request, obj: Inspection, data: dict[str, Any]) -> Inspection:
        inspection_services.measure_add(actor=request.actor, inspection=obj, **data)
        return obj


class InspectionMeasureRemoveApi(ActionApi):
    """Remove a measure recorded by mistake."""

    queryset = InspectionMeasure.objects.none()
    serializer_class = None
    response_serializer_class = None
    operation_id = "inspection_measures_remove"

    def load(self, request, **kwargs: Any) -> InspectionMeasure:
        measure = selectors.measure_get(actor=request.actor, measure_id=kwargs["measure_id"])
        require(policies.can_edit_inspection(request.actor, measure.inspection))
        return measure

    def perform(self, request, obj: InspectionMeasure, data: dict[str, Any]) -> None:
        inspection_services.measure_remove(actor=request.actor, measure=obj)


class InspectionRaiseReportApi(_InspectionActionApi):
    """Raise a report into the protection intake from an inspection whose screening found an
    indicator (once). The answer is the inspection, with the report's triage outcome."""

    serializer_class = None
    operation_id = "inspections_raise_report"
    success_status = status.HTTP_201_CREATED

    def perform(self, request, obj: Inspection, data: dict[str, Any]) -> Inspection:
        inspection_services.inspection_raise_report(
            actor=request.actor,
            inspection=obj,
            base_url=request.build_absolute_uri("/"),
        )
        return obj
