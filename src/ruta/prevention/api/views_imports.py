"""API of spreadsheet imports: upload (multipart) for a session, the job and its errors,
confirm, discard, and the template to fill in. Each view calls one selector or service."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from ruta.core.api.pagination import PageNumberPagination
from ruta.core.api.views import ActionApi, ActorApiRequest
from ruta.prevention import selectors_imports as selectors
from ruta.prevention.api import serializers_imports as s
from ruta.prevention.choices import ImportKind
from ruta.prevention.models import ImportJob
from ruta.prevention.services import imports as services
from ruta.prevention.views_imports import XLSX, template_response


class ImportCreateApi(GenericAPIView):
    serializer_class = s.ImportUploadSerializer
    queryset = ImportJob.objects.none()
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="prevention_imports_create",
        request={"multipart/form-data": s.ImportUploadSerializer},
        responses={201: s.ImportJobSerializer},
        description=(
            "Keep the file and check it. With the default (immediate) task backend the answer "
            "comes once the check is over; otherwise poll the job until it is no longer "
            "'checking'."
        ),
    )
    def post(self, request: ActorApiRequest, session_id) -> Response:
        session = selectors.import_session_get(actor=request.actor, session_id=session_id)
        body = s.ImportUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        job = services.import_upload(
            actor=request.actor,
            session=session,
            kind=body.validated_data["kind"],
            filename=upload.name,
            content=services.read_upload(upload),
        )
        job = selectors.import_get(actor=request.actor, job_id=job.pk)
        return Response(s.ImportJobSerializer(job).data, status=status.HTTP_201_CREATED)


class ImportDetailApi(GenericAPIView):
    serializer_class = s.ImportJobSerializer
    queryset = ImportJob.objects.none()

    @extend_schema(operation_id="prevention_imports_retrieve", responses=s.ImportJobSerializer)
    def get(self, request: ActorApiRequest, job_id) -> Response:
        job = selectors.import_get(actor=request.actor, job_id=job_id)
        return Response(s.ImportJobSerializer(job).data)


class ImportErrorListApi(GenericAPIView):
    serializer_class = s.ImportErrorSerializer
    queryset = ImportJob.objects.none()
    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="prevention_imports_errors_list",
        responses=s.ImportErrorSerializer(many=True),
    )
    def get(self, request: ActorApiRequest, job_id) -> Response:
        job = selectors.import_get(actor=request.actor, job_id=job_id)
        page = self.paginate_queryset(job.errors or [])
        return self.get_paginated_response(s.ImportErrorSerializer(page, many=True).data)


class ImportConfirmApi(ActionApi):
    serializer_class = None
    response_serializer_class = s.ImportJobSerializer
    operation_id = "prevention_imports_confirm"
    success_status = status.HTTP_202_ACCEPTED
    queryset = ImportJob.objects.none()

    def load(self, request: ActorApiRequest, **kwargs: Any) -> ImportJob:
        return selectors.import_get(actor=request.actor, job_id=kwargs["job_id"])

    def perform(self, request: ActorApiRequest, obj: ImportJob, data: dict[str, Any]) -> Any:
        services.import_confirm(actor=request.actor, job=obj)
        return selectors.import_get(actor=request.actor, job_id=obj.pk)


class ImportDiscardApi(ActionApi):
    serializer_class = None
    response_serializer_class = None  # 204
    operation_id = "prevention_imports_discard"
    queryset = ImportJob.objects.none()

    def load(self, request: ActorApiRequest, **kwargs: Any) -> ImportJob:
        return selectors.import_get(actor=request.actor, job_id=kwargs["job_id"])

    def perform(self, request: ActorApiRequest, obj: ImportJob, data: dict[str, Any]) -> None:
        services.import_discard(actor=request.actor, job=obj)


class ImportTemplateApi(GenericAPIView):
    queryset = ImportJob.objects.none()

    @extend_schema(
        operation_id="prevention_imports_template",
        parameters=[OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=ImportKind.values)],
        responses={(200, XLSX): OpenApiTypes.BINARY},
    )
    def get(self, request: ActorApiRequest, session_id, kind: str):
        session = selectors.import_session_get(actor=request.actor, session_id=session_id)
        return template_response(session, kind)
