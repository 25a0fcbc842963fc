"""API of cooperation agreements: one class per action."""

from __future__ import annotations

import io

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from ruta.coordination import policies
from ruta.coordination import selectors_actions as selectors
from ruta.coordination.api import serializers_actions as s
from ruta.coordination.models import CooperationAgreement
from ruta.coordination.services import cooperation as services
from ruta.core.api.errors import unprocessable
from ruta.core.api.views import ActionApi
from ruta.core.errors import require
from ruta.institutions.models import Institution


def _values(data: dict) -> dict:
    data = dict(data)
    if "parties" in data:
        ids = set(data["parties"])
        found = list(Institution.objects.filter(pk__in=ids, is_active=True))
        if len(found) != len(ids):
            raise unprocessable({"parties": [_("Unknown institution.")]})
        data["parties"] = found
    return data


class CooperationListApi(GenericAPIView):
    serializer_class = s.CooperationSerializer
    queryset = CooperationAgreement.objects.none()

    @extend_schema(
        operation_id="coordination_cooperation_list",
        responses=s.CooperationSerializer(many=True),
    )
    def get(self, request):
        require(policies.can_use_coordination(request.actor))
        page = self.paginate_queryset(
            selectors.cooperation_list(request.actor).prefetch_related("parties")
        )
        return self.get_paginated_response(s.CooperationSerializer(page, many=True).data)

    @extend_schema(
        operation_id="coordination_cooperation_create",
        request=s.CooperationCreateSerializer,
        responses={201: s.CooperationSerializer},
    )
    def post(self, request):
        require(policies.can_create_cooperation_agreement(request.actor))
        body = s.CooperationCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        agreement = services.cooperation_create(actor=request.actor, **_values(body.validated_data))
        return Response(s.CooperationSerializer(agreement).data, status=status.HTTP_201_CREATED)


class CooperationDetailApi(GenericAPIView):
    serializer_class = s.CooperationSerializer
    queryset = CooperationAgreement.objects.none()

    @extend_schema(operation_id="coordination_cooperation_retrieve")
    def get(self, request, cooperation_id):
        agreement = selectors.cooperation_detail(request.actor, cooperation_id)
        return Response(s.CooperationSerializer(agreement).data)


class CooperationUpdateApi(ActionApi):
    queryset = CooperationAgreement.objects.none()
    serializer_class = s.CooperationUpdateSerializer
    response_serializer_class = s.CooperationSerializer
    operation_id = "coordination_cooperation_update"

    def load(self, request, **kwargs):
        return selectors.cooperation_detail(request.actor, kwargs["cooperation_id"])

    def perform(self, request, obj, data):
        values = _values(data)
        version = values.pop("version")
        return services.cooperation_update(
            actor=request.actor, agreement=obj, version=version, **values
        )


class CooperationDocumentUploadApi(GenericAPIView):
    queryset = CooperationAgreement.objects.none()
    serializer_class = s.DocumentUploadSerializer
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="coordination_cooperation_upload_document",
        request={"multipart/form-data": s.DocumentUploadSerializer},
        responses={200: s.CooperationSerializer},
    )
    def post(self, request, cooperation_id):
        agreement = selectors.cooperation_detail(request.actor, cooperation_id)
        require(policies.can_manage_cooperation_agreement(request.actor, agreement))
        body = s.DocumentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        agreement = services.cooperation_document_upload(
            actor=request.actor, agreement=agreement, filename=upload.name, content=upload.read()
        )
        return Response(s.CooperationSerializer(agreement).data)


class CooperationDocumentDownloadApi(GenericAPIView):
    queryset = CooperationAgreement.objects.none()

    @extend_schema(
        operation_id="coordination_cooperation_download_document",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request, cooperation_id):
        agreement = selectors.cooperation_detail(request.actor, cooperation_id)
        require(bool(agreement.document_key))
        return FileResponse(
            io.BytesIO(services.document_content(agreement)),
            as_attachment=True,
            filename=agreement.document_name,
            content_type=agreement.document_type,
        )
