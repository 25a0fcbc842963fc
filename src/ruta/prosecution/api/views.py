"""API of criminal files (slice 1): files, stages, hearings, police operations. Each view
calls one selector or service; the rules are in ``policies``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.accounts.models import User
from ruta.core.api.errors import unprocessable
from ruta.core.api.pagination import PageNumberWithoutCountPagination
from ruta.core.api.views import ActionApi
from ruta.core.errors import require
from ruta.core.models import Department, Municipality
from ruta.institutions.models import Institution
from ruta.prosecution import policies, selectors, services
from ruta.prosecution.api import serializers as s
from ruta.prosecution.choices import OffenceClass, Stage
from ruta.prosecution.models import CriminalFile, Hearing, Offence, Operation


def _context() -> dict[str, Any]:
    return {"language": (get_language() or "es")[:2]}


def _offence(code: str | None) -> Offence | None:
    if not code:
        return None
    offence = Offence.objects.filter(code=code).first()
    if offence is None:
        raise unprocessable({"offence": [_("Unknown code: %(code)s") % {"code": code}]})
    return offence


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


def _file_detail(file: CriminalFile) -> dict:
    file = selectors.file_api(file=file)
    return s.CriminalFileDetailSerializer(file, context=_context()).data


class CriminalFileListApi(GenericAPIView):
    serializer_class = s.CriminalFileSerializer
    queryset = CriminalFile.objects.none()
    pagination_class = PageNumberWithoutCountPagination

    @extend_schema(
        operation_id="criminal_files_list",
        parameters=[
            OpenApiParameter("stage", str, required=False, enum=Stage.values),
            OpenApiParameter("classification", str, required=False, enum=OffenceClass.values),
            OpenApiParameter("state", str, required=False, enum=list(selectors.FILE_STATES)),
        ],
        responses=s.CriminalFileSerializer(many=True),
    )
    def get(self, request):
        require(policies.can_list_files(request.actor))
        filters = {
            "stage": request.query_params.get("stage", ""),
            "classification": request.query_params.get("classification", ""),
            "state": request.query_params.get("state", ""),
        }
        allowed = {
            "stage": Stage.values,
            "classification": OffenceClass.values,
            "state": list(selectors.FILE_STATES),
        }
        errors = {
            name: [_("Unknown code: %(code)s") % {"code": value[:20]}]
            for name, value in filters.items()
            if value and value not in allowed[name]
        }
        if errors:
            raise serializers.ValidationError(errors)
        page = self.paginate_queryset(selectors.file_list(actor=request.actor, filters=filters))
        return self.get_paginated_response(s.CriminalFileSerializer(page, many=True).data)

    @extend_schema(
        operation_id="criminal_files_create",
        request=s.CriminalFileCreateSerializer,
        responses={201: s.CriminalFileDetailSerializer},
    )
    def post(self, request):
        actor = request.actor
        require(policies.can_create_file(actor))
        body = s.CriminalFileCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        v = dict(body.validated_data)
        operation = None
        if v.get("operation"):
            operation = policies.scope_operations(actor).filter(pk=v["operation"]).first()
            if operation is None:
                raise unprocessable({"operation": [_("Unknown operation.")]})
        v.pop("operation", None)
        file = services.file_create(
            actor=actor,
            offence=_offence(v.pop("offence")),
            department=_department(v.pop("department")),
            municipality=_municipality(v.pop("municipality", "")),
            operation=operation,
            **v,
        )
        return Response(_file_detail(file), status=status.HTTP_201_CREATED)


class CriminalFileDetailApi(GenericAPIView):
    serializer_class = s.CriminalFileDetailSerializer
    queryset = CriminalFile.objects.none()

    @extend_schema(operation_id="criminal_files_retrieve")
    def get(self, request, file_id):
        file = selectors.file_for(actor=request.actor, file_id=file_id)
        selectors.file_view(actor=request.actor, file=file)
        return Response(_file_detail(file))


class _FileActionApi(ActionApi):
    queryset = CriminalFile.objects.none()
    response_serializer_class = s.CriminalFileDetailSerializer

    def load(self, request, **kwargs: Any) -> CriminalFile:
        return selectors.file_for(actor=request.actor, file_id=kwargs["file_id"])

    def respond(self, request, result: Any) -> Response:
        return Response(_file_detail(result), status=self.success_status)


class CriminalFileUpdateApi(_FileActionApi):
    """Change the file's numbers, court, judge, place, forms of exploitation, main offence or
    summary (only the fields sent)."""

    serializer_class = s.CriminalFileUpdateSerializer
    operation_id = "criminal_files_update"

    def perform(self, request, obj: CriminalFile, data: dict[str, Any]) -> CriminalFile:
        version = data.pop("version")
        if "offence" in data:
            data["offence"] = _offence(data["offence"])
        if "department" in data:
            data["department"] = _department(data["department"])
        if "municipality" in data:
            data["municipality"] = _municipality(data["municipality"])
        return services.file_update(actor=request.actor, file=obj, version=version, **data)


class CriminalFileAssignApi(_FileActionApi):
    """Hand the file to a colleague of the institution."""

    serializer_class = s.FileAssignSerializer
    operation_id = "criminal_files_assign"

    def perform(self, request, obj: CriminalFile, data: dict[str, Any]) -> CriminalFile:
        user = User.objects.filter(pk=data["user"]).first()
        return services.file_assign(
            actor=request.actor, file=obj, version=data["version"], user=user
        )


class CriminalFileAdvanceStageApi(_FileActionApi):
    """Move the file forward to a later stage, with its date."""

    serializer_class = s.StageAdvanceSerializer
    operation_id = "criminal_files_advance_stage"

    def perform(self, request, obj: CriminalFile, data: dict[str, Any]) -> CriminalFile:
        return services.stage_advance(
            actor=request.actor,
            file=obj,
            version=data["version"],
            stage=data["stage"],
            on=data["on"],
        )


class CriminalFileCorrectStageApi(_FileActionApi):
    """Set the file back to an earlier stage, or fix the current stage's date, with a reason
    (an early closure is undone)."""

    serializer_class = s.StageCorrectSerializer
    operation_id = "criminal_files_correct_stage"

    def perform(self, request, obj: CriminalFile, data: dict[str, Any]) -> CriminalFile:
        return services.stage_correct(
            actor=request.actor,
            file=obj,
            version=data["version"],
            stage=data["stage"],
            on=data["on"],
            reason=data["reason"],
        )


class CriminalFileCloseEarlyApi(_FileActionApi):
    """Close the file before a final verdict (dismissed, archived...)."""

    serializer_class = s.FileCloseEarlySerializer
    operation_id = "criminal_files_close_early"

    def perform(self, request, obj: CriminalFile, data: dict[str, Any]) -> CriminalFile:
        return services.file_close_early(
            actor=request.actor,
            file=obj,
            version=data["version"],
            reason=data["reason"],
            on=data["on"],
            note=data.get("note", ""),
        )


class HearingScheduleApi(ActionApi):
    """Schedule a hearing of the file."""

    queryset = Hearing.objects.none()
    serializer_class = s.HearingScheduleSerializer
    response_serializer_class = s.HearingSerializer
    operation_id = "criminal_files_schedule_hearing"
    success_status = status.HTTP_201_CREATED

    def load(self, request, **kwargs: Any) -> CriminalFile:
        return selectors.file_for(actor=request.actor, file_id=kwargs["file_id"])

    def perform(self, request, obj: CriminalFile, data: dict[str, Any]) -> Hearing:
        return services.hearing_schedule(
            actor=request.actor,
            file=obj,
            type=data["type"],
            starts_at=data["starts_at"],
            court=data.get("court", ""),
        )


class HearingResultApi(ActionApi):
    """Record what happened at a hearing; a postponed one may name the next."""

    queryset = Hearing.objects.none()
    serializer_class = s.HearingResultSerializer
    response_serializer_class = s.HearingSerializer
    operation_id = "hearings_record_result"

    def load(self, request, **kwargs: Any) -> Hearing:
        return selectors.hearing_for(actor=request.actor, hearing_id=kwargs["hearing_id"])

    def perform(self, request, obj: Hearing, data: dict[str, Any]) -> Hearing:
        return services.hearing_record_result(
            actor=request.actor,
            hearing=obj,
            version=data["version"],
            result=data["result"],
            note=data.get("note", ""),
            next_starts_at=data.get("next_starts_at"),
            next_type=data.get("next_type") or "",
        )


class OperationListApi(GenericAPIView):
    serializer_class = s.OperationSerializer
    queryset = Operation.objects.none()

    @extend_schema(
        operation_id="police_operations_list", responses=s.OperationSerializer(many=True)
    )
    def get(self, request):
        require(policies.can_list_files(request.actor))
        page = self.paginate_queryset(selectors.operation_list(actor=request.actor))
        return self.get_paginated_response(s.OperationSerializer(page, many=True).data)

    @extend_schema(
        operation_id="police_operations_create",
        request=s.OperationCreateSerializer,
        responses={201: s.OperationDetailSerializer},
    )
    def post(self, request):
        actor = request.actor
        require(policies.can_create_operation(actor))
        body = s.OperationCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        v = dict(body.validated_data)
        ids = v.pop("partners", [])
        partners = list(Institution.objects.filter(pk__in=ids))
        if len(partners) != len(set(ids)):
            raise unprocessable({"partners": [_("Unknown institution.")]})
        operation = services.operation_create(
            actor=actor,
            department=_department(v.pop("department")),
            municipality=_municipality(v.pop("municipality", "")),
            partners=partners,
            **v,
        )
        return Response(_operation_detail(actor, operation), status=status.HTTP_201_CREATED)


def _operation_detail(actor, operation: Operation) -> dict:
    page = selectors.operation_page(actor=actor, operation=operation)
    return s.OperationDetailSerializer(operation, context={"files": page["files"]}).data


class OperationDetailApi(GenericAPIView):
    serializer_class = s.OperationDetailSerializer
    queryset = Operation.objects.none()

    @extend_schema(operation_id="police_operations_retrieve")
    def get(self, request, operation_id):
        operation = selectors.operation_for(actor=request.actor, operation_id=operation_id)
        return Response(_operation_detail(request.actor, operation))


class OperationLinkReportsApi(ActionApi):
    """Name the reports the operation raised (reports your institution received)."""

    queryset = Operation.objects.none()
    serializer_class = s.LinkReportsSerializer
    response_serializer_class = s.OperationDetailSerializer
    operation_id = "police_operations_link_reports"

    def load(self, request, **kwargs: Any) -> Operation:
        operation = selectors.operation_for(
            actor=request.actor, operation_id=kwargs["operation_id"]
        )
        # A partner sees the operation but does not change it: 404 before the body is read.
        require(policies.can_edit_operation(request.actor, operation))
        return operation

    def perform(self, request, obj: Operation, data: dict[str, Any]) -> Operation:
        ids = set(data["reports"])
        reports = list(selectors.linkable_reports(actor=request.actor).filter(pk__in=ids))
        if len(reports) != len(ids):
            raise unprocessable({"reports": [_("Unknown report.")]})
        return services.operation_link_reports(
            actor=request.actor, operation=obj, version=data["version"], reports=reports
        )

    def respond(self, request, result: Any) -> Response:
        return Response(_operation_detail(request.actor, result), status=self.success_status)
