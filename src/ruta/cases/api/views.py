from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from ruta.cases import policies, selectors, services
from ruta.cases.api import serializers as s
from ruta.cases.choices import ClosureReason
from ruta.cases.models import Case, Consent, Task
from ruta.core.api.errors import unprocessable
from ruta.core.api.pagination import PageNumberWithoutCountPagination
from ruta.core.api.serializers import query_bool
from ruta.core.api.views import ActionApi, ActorApiRequest
from ruta.core.errors import require
from ruta.institutions.selectors import department_get, institution_get, municipality_get
from ruta.intake.selectors import report_get
from ruta.people.selectors import person_get


def _context(actor, case) -> dict:
    return {"sections": policies.sections_for(actor, case), "owner": policies.owns(actor, case)}


def _detail(actor, case_id) -> dict:
    case = selectors.case_get(actor=actor, case_id=case_id, audit_read=False)
    return s.CaseDetailSerializer(case, context=_context(actor, case)).data


class CaseListApi(GenericAPIView):
    serializer_class = s.CaseListSerializer
    # Every open case of an institution: counting them on every page cost more than the page.
    pagination_class = PageNumberWithoutCountPagination

    @extend_schema(
        operation_id="cases_list",
        parameters=[
            OpenApiParameter("status", str, required=False),
            OpenApiParameter("mine", bool, required=False),
            OpenApiParameter("child", bool, required=False),
            OpenApiParameter("q", str, required=False, description="Reference"),
        ],
        responses=s.CaseListSerializer(many=True),
    )
    def get(self, request):
        require(policies.can_list_cases(request.actor))
        p = request.query_params
        qs = selectors.case_list(
            actor=request.actor,
            status=p.get("status", "")[:20],
            mine=query_bool(request, "mine"),
            child=query_bool(request, "child"),
            q=p.get("q", "")[:20],
            only=s.CaseListSerializer.COLUMNS,
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.CaseListSerializer(page, many=True).data)

    @extend_schema(request=s.CaseOpenSerializer, responses={201: s.CaseDetailSerializer})
    def post(self, request):
        actor = request.actor
        require(policies.can_open_case(actor))
        data = s.CaseOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        person = person_get(actor=actor, person_id=v["person"])
        report = report_get(actor=actor, report_id=v["report"]) if v.get("report") else None
        related = (
            selectors.case_get(actor=actor, case_id=v["related_case"], audit_read=False)
            if v.get("related_case")
            else None
        )
        case = services.case_open(
            actor=actor,
            person=person,
            report=report,
            victim_type=v["victim_type"],
            related_case=related,
        )
        return Response(_detail(actor, case.pk), status=status.HTTP_201_CREATED)


class CaseDetailApi(GenericAPIView):
    serializer_class = s.CaseDetailSerializer

    def get(self, request, case_id):
        case = selectors.case_get(actor=request.actor, case_id=case_id)
        return Response(s.CaseDetailSerializer(case, context=_context(request.actor, case)).data)


class CaseActionApi(ActionApi):
    """A case action: the case in the actor's scope (404 outside), the service call, the case
    as the actor may read it in the answer."""

    queryset = Case.objects.none()  # for the schema generator only
    response_serializer_class = s.CaseDetailSerializer

    def load(self, request: ActorApiRequest, **kwargs: Any) -> Case:
        return selectors.case_get(actor=request.actor, case_id=kwargs["case_id"], audit_read=False)

    def respond(self, request: ActorApiRequest, result: Any) -> Response:
        return Response(_detail(request.actor, result.pk))


class CaseAssignApi(CaseActionApi):
    operation_id = "cases_assign"
    serializer_class = s.CaseAssignSerializer

    def perform(self, request: ActorApiRequest, obj: Case, data: dict[str, Any]) -> Case:
        assignee = selectors.assignable_users(case=obj).filter(pk=data["assignee"]).first()
        if assignee is None:
            raise unprocessable(
                {"assignee": [_("This person cannot work on cases of this institution.")]}
            )
        return services.case_assign(
            actor=request.actor, case=obj, version=data["version"], assignee=assignee
        )


class CaseFirstContactApi(CaseActionApi):
    operation_id = "cases_first_contact"
    serializer_class = s.CaseFirstContactSerializer

    def perform(self, request: ActorApiRequest, obj: Case, data: dict[str, Any]) -> Case:
        return services.case_record_first_contact(
            actor=request.actor, case=obj, version=data["version"], at=data.get("at")
        )


class CaseFactsApi(CaseActionApi):
    operation_id = "cases_facts"
    serializer_class = s.CaseFactsSerializer

    def perform(self, request: ActorApiRequest, obj: Case, data: dict[str, Any]) -> Case:
        return services.case_update_facts(
            actor=request.actor,
            case=obj,
            version=data["version"],
            forms_of_exploitation=data.get("forms_of_exploitation", obj.forms_of_exploitation),
            means_of_control=data.get("means_of_control", obj.means_of_control),
            recruitment_methods=data.get("recruitment_methods", obj.recruitment_methods),
            recruitment_apps=data.get("recruitment_apps", obj.recruitment_apps),
            exploitation_apps=data.get("exploitation_apps", obj.exploitation_apps),
            relationship_to_recruiter=data.get(
                "relationship_to_recruiter", obj.relationship_to_recruiter
            ),
        )


class CaseIdentificationApi(CaseActionApi):
    operation_id = "cases_identification"
    serializer_class = s.CaseIdentificationSerializer

    def perform(self, request: ActorApiRequest, obj: Case, data: dict[str, Any]) -> Case:
        services.identification_decide(
            actor=request.actor,
            case=obj,
            version=data["version"],
            status=data["status"],
            decided_on=data["decided_on"],
            basis=data["basis"],
            deciding_organisation_type=data.get("deciding_organisation_type", ""),
        )
        return obj


class CaseEventsApi(CaseActionApi):
    operation_id = "cases_events"
    serializer_class = s.CaseEventCreateSerializer

    def perform(self, request: ActorApiRequest, obj: Case, data: dict[str, Any]) -> Case:
        try:
            department = department_get(data["department"]) if data.get("department") else None
            municipality = (
                municipality_get(data["municipality"]) if data.get("municipality") else None
            )
        except Http404 as exc:
            raise unprocessable({"department": [_("Unknown place code.")]}) from exc
        services.event_add(
            actor=request.actor,
            case=obj,
            type=data["type"],
            country=data["country"],
            department=department,
            municipality=municipality,
            started_on=data.get("started_on"),
            ended_on=data.get("ended_on"),
        )
        return obj


class CaseCloseRequestApi(CaseActionApi):
    operation_id = "cases_close_request"
    serializer_class = s.CaseCloseRequestSerializer

    def perform(self, request: ActorApiRequest, obj: Case, data: dict[str, Any]) -> Case:
        return services.case_request_closure(
            actor=request.actor,
            case=obj,
            version=data["version"],
            reason=data["reason"],
            note=data.get("note", ""),
            carried={row["item"]: row["reason"] for row in data.get("carried", [])},
        )


class CaseClosureItemsApi(GenericAPIView):
    """What the case still has open, as a closure request for ``reason`` would list it."""

    pagination_class = None  # a plain array
    serializer_class = s.ClosureItemSerializer
    queryset = Case.objects.none()

    @extend_schema(
        operation_id="cases_closure_items",
        parameters=[OpenApiParameter("reason", str, required=False, enum=ClosureReason.values)],
        responses=s.ClosureItemSerializer(many=True),
    )
    def get(self, request, case_id):
        case = selectors.case_get(actor=request.actor, case_id=case_id, full=False)
        require(policies.can_see_closure_items(request.actor, case))
        reason = request.query_params.get("reason", "")
        if reason and reason not in ClosureReason.values:
            raise ValidationError({"reason": [_("Unknown code: %(code)s") % {"code": reason[:20]}]})
        items = services.closure_items(case, reason)
        return Response(s.ClosureItemSerializer(items, many=True).data)


class CaseCloseDecisionApi(CaseActionApi):
    operation_id = "cases_close_decision"
    serializer_class = s.CaseCloseDecisionSerializer

    def perform(self, request: ActorApiRequest, obj: Case, data: dict[str, Any]) -> Case:
        return services.case_decide_closure(
            actor=request.actor,
            case=obj,
            version=data["version"],
            approve=data["approve"],
            comment=data.get("comment", ""),
        )


class CaseReopenApi(CaseActionApi):
    operation_id = "cases_reopen"
    serializer_class = s.CaseReopenSerializer

    def perform(self, request: ActorApiRequest, obj: Case, data: dict[str, Any]) -> Case:
        return services.case_reopen(
            actor=request.actor,
            case=obj,
            version=data["version"],
            justification=data["justification"],
        )


class TaskCompleteApi(ActionApi):
    serializer_class = s.TaskCompleteSerializer
    response_serializer_class = s.TaskSerializer
    queryset = Case.objects.none()

    def load(self, request: ActorApiRequest, **kwargs: Any) -> Task:
        return selectors.task_get(actor=request.actor, task_id=kwargs["task_id"])

    def perform(self, request: ActorApiRequest, obj: Task, data: dict[str, Any]) -> Task:
        return services.task_complete(actor=request.actor, task=obj, note=data.get("note", ""))


class CaseNoteListApi(GenericAPIView):
    pagination_class = None  # a plain array
    serializer_class = s.NoteSerializer
    queryset = Case.objects.none()

    @extend_schema(operation_id="cases_notes_list", responses=s.NoteSerializer(many=True))
    def get(self, request, case_id):
        case = selectors.case_get(actor=request.actor, case_id=case_id, full=False)
        notes = selectors.notes_visible(actor=request.actor, case=case)
        return Response(s.NoteSerializer(notes, many=True).data)

    @extend_schema(request=s.NoteCreateSerializer, responses={201: s.NoteSerializer})
    def post(self, request, case_id):
        case = selectors.case_get(
            actor=request.actor, case_id=case_id, audit_read=False, full=False
        )
        data = s.NoteCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = services.note_add(actor=request.actor, case=case, **data.validated_data)
        return Response(s.NoteSerializer(note).data, status=status.HTTP_201_CREATED)


class CaseAttachmentListApi(GenericAPIView):
    pagination_class = None  # a plain array
    serializer_class = s.AttachmentSerializer
    queryset = Case.objects.none()
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="cases_attachments_list", responses=s.AttachmentSerializer(many=True)
    )
    def get(self, request, case_id):
        case = selectors.case_get(actor=request.actor, case_id=case_id, full=False)
        files = selectors.attachments_visible(actor=request.actor, case=case)
        return Response(s.AttachmentSerializer(files, many=True).data)

    @extend_schema(request=s.AttachmentUploadSerializer, responses={201: s.AttachmentSerializer})
    def post(self, request, case_id):
        case = selectors.case_get(
            actor=request.actor, case_id=case_id, audit_read=False, full=False
        )
        data = s.AttachmentUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        attachment = services.attachment_add(
            actor=request.actor,
            case=case,
            sensitivity=data.validated_data["sensitivity"],
            filename=upload.name,
            content=upload.read(settings.RUTA_ATTACHMENT_MAX_BYTES + 1),
        )
        return Response(s.AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class AttachmentDownloadApi(GenericAPIView):
    queryset = Case.objects.none()

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request, attachment_id):
        attachment = selectors.attachment_get(actor=request.actor, attachment_id=attachment_id)
        content = services.attachment_download(actor=request.actor, attachment=attachment)
        return FileResponse(
            io.BytesIO(content),
            as_attachment=True,
            filename=attachment.filename,
            content_type=attachment.content_type,
        )


class CaseConsentListApi(GenericAPIView):
    pagination_class = None  # a plain array
    serializer_class = s.ConsentSerializer
    queryset = Case.objects.none()

    @extend_schema(operation_id="cases_consents_list", responses=s.ConsentSerializer(many=True))
    def get(self, request, case_id):
        case = selectors.case_get(actor=request.actor, case_id=case_id, full=False)
        require(policies.owns(request.actor, case))
        return Response(s.ConsentSerializer(selectors.consents_of(case=case), many=True).data)

    @extend_schema(request=s.ConsentCreateSerializer, responses={201: s.ConsentSerializer})
    def post(self, request, case_id):
        actor = request.actor
        case = selectors.case_get(actor=actor, case_id=case_id, audit_read=False, full=False)
        data = s.ConsentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        recipient_id = v.pop("recipient", None)
        recipient = (
            institution_get(actor=actor, institution_id=recipient_id) if recipient_id else None
        )
        consent = services.consent_record(actor=actor, case=case, recipient=recipient, **v)
        return Response(s.ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawApi(ActionApi):
    serializer_class = None  # no body
    response_serializer_class = s.ConsentSerializer
    queryset = Case.objects.none()

    def load(self, request: ActorApiRequest, **kwargs: Any) -> Consent:
        return selectors.consent_get(actor=request.actor, consent_id=kwargs["consent_id"])

    def perform(self, request: ActorApiRequest, obj: Consent, data: dict[str, Any]) -> Consent:
        return services.consent_withdraw(actor=request.actor, consent=obj)


class InstrumentListApi(GenericAPIView):
    pagination_class = None  # a plain array
    serializer_class = s.InstrumentSerializer
    queryset = Case.objects.none()

    @extend_schema(
        operation_id="screening_instruments_list", responses=s.InstrumentSerializer(many=True)
    )
    def get(self, request):
        require(policies.can_list_cases(request.actor))
        instruments = selectors.instruments_active()
        return Response(s.InstrumentSerializer(instruments, many=True).data)


class CaseScreeningListApi(GenericAPIView):
    pagination_class = None  # a plain array
    serializer_class = s.ScreeningSerializer
    queryset = Case.objects.none()

    @extend_schema(operation_id="cases_screenings_list", responses=s.ScreeningSerializer(many=True))
    def get(self, request, case_id):
        case = selectors.case_get(actor=request.actor, case_id=case_id, full=False)
        require(policies.owns(request.actor, case))
        return Response(s.ScreeningSerializer(selectors.screenings_of(case=case), many=True).data)

    @extend_schema(request=s.ScreeningCreateSerializer, responses={201: s.ScreeningSerializer})
    def post(self, request, case_id):
        actor = request.actor
        case = selectors.case_get(actor=actor, case_id=case_id, audit_read=False, full=False)
        data = s.ScreeningCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        instrument = selectors.instrument_get(instrument_id=v["instrument"])
        screening = services.screening_record(
            actor=actor,
            case=case,
            instrument=instrument,
            answers=v["answers"],
            screened_on=v.get("screened_on"),
        )
        return Response(s.ScreeningSerializer(screening).data, status=status.HTTP_201_CREATED)
