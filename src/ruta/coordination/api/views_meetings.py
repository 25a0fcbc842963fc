"""API of committee meetings. Each view calls one selector or service; the rules are in
``policies``."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.http import FileResponse, HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from ruta.coordination import selectors_meetings as selectors
from ruta.coordination.api import serializers_meetings as s
from ruta.coordination.minutes_pdf import render_minutes_pdf
from ruta.coordination.models import AgendaItem, Meeting, MeetingAttachment
from ruta.coordination.services import meetings as services
from ruta.core.api.views import ActionApi


def _detail(actor, meeting_id) -> Meeting:
    return selectors.meeting_get(actor=actor, meeting_id=meeting_id)


class MeetingListApi(GenericAPIView):
    """A committee's meetings (GET) and scheduling a new one (POST, its secretariat)."""

    serializer_class = s.MeetingSerializer
    queryset = Meeting.objects.none()

    @extend_schema(operation_id="committee_meetings_list", responses=s.MeetingSerializer(many=True))
    def get(self, request, committee_id):
        committee = selectors.committee_get(actor=request.actor, committee_id=committee_id)
        meetings = selectors.committee_meetings(actor=request.actor, committee=committee)
        page = self.paginate_queryset(meetings)
        return self.get_paginated_response(s.MeetingSerializer(page, many=True).data)

    @extend_schema(
        operation_id="committee_meetings_schedule",
        request=s.MeetingScheduleSerializer,
        responses={201: s.MeetingDetailSerializer},
    )
    def post(self, request, committee_id):
        committee = selectors.committee_for_scheduling(
            actor=request.actor, committee_id=committee_id
        )
        body = s.MeetingScheduleSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        meeting = services.meeting_schedule(
            actor=request.actor, committee=committee, **body.validated_data
        )
        return Response(
            s.MeetingDetailSerializer(_detail(request.actor, meeting.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class MeetingDetailApi(GenericAPIView):
    serializer_class = s.MeetingDetailSerializer
    queryset = Meeting.objects.none()

    @extend_schema(operation_id="meetings_retrieve")
    def get(self, request, meeting_id):
        return Response(s.MeetingDetailSerializer(_detail(request.actor, meeting_id)).data)


class MeetingMinutesPdfApi(GenericAPIView):
    queryset = Meeting.objects.none()

    @extend_schema(operation_id="meetings_minutes_pdf", responses={(200, "application/pdf"): bytes})
    def get(self, request, meeting_id):
        meeting = _detail(request.actor, meeting_id)
        response = HttpResponse(render_minutes_pdf(meeting), content_type="application/pdf")
        name = f"{meeting.committee.acronym}-{meeting.year}-{meeting.number:02d}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class _MeetingActionApi(ActionApi):
    queryset = Meeting.objects.none()
    response_serializer_class = s.MeetingDetailSerializer

    def load(self, request, **kwargs: Any) -> Meeting:
        # A member reads the meeting but does not change it: 404 before the body is read.
        return selectors.meeting_for_manage(actor=request.actor, meeting_id=kwargs["meeting_id"])

    def perform(self, request, obj: Meeting, data: dict[str, Any]) -> Meeting:
        self.act(request, obj, data)
        return _detail(request.actor, obj.pk)

    def act(self, request, obj: Meeting, data: dict[str, Any]) -> None:
        raise NotImplementedError


class MeetingUpdateApi(_MeetingActionApi):
    """Change the meeting's details (only the fields sent), naming the version read."""

    serializer_class = s.MeetingUpdateSerializer
    operation_id = "meetings_update"

    def act(self, request, obj, data):
        data = dict(data)
        version = data.pop("version")
        services.meeting_update(actor=request.actor, meeting=obj, version=version, **data)


class MeetingCancelApi(_MeetingActionApi):
    serializer_class = s.MeetingCancelSerializer
    operation_id = "meetings_cancel"

    def act(self, request, obj, data):
        services.meeting_cancel(actor=request.actor, meeting=obj, **data)


class AgendaItemAddApi(_MeetingActionApi):
    serializer_class = s.MeetingAgendaItemWriteSerializer
    operation_id = "meetings_agenda_add"

    def act(self, request, obj, data):
        services.agenda_item_add(actor=request.actor, meeting=obj, **data)


class AgendaReorderApi(_MeetingActionApi):
    serializer_class = s.MeetingAgendaReorderSerializer
    operation_id = "meetings_agenda_reorder"

    def act(self, request, obj, data):
        services.agenda_reorder(actor=request.actor, meeting=obj, item_ids=data["items"])


class AttendanceApi(_MeetingActionApi):
    """The whole register at once (one line per member institution); marks the meeting held."""

    serializer_class = s.MeetingAttendanceWriteSerializer
    operation_id = "meetings_record_attendance"

    def act(self, request, obj, data):
        services.attendance_record(
            actor=request.actor,
            meeting=obj,
            version=data["version"],
            lines=[dict(line) for line in data["lines"]],
        )


class MinutesApi(_MeetingActionApi):
    serializer_class = s.MeetingMinutesWriteSerializer
    operation_id = "meetings_save_minutes"

    def act(self, request, obj, data):
        services.minutes_save(actor=request.actor, meeting=obj, **data)


class MinutesCloseApi(_MeetingActionApi):
    serializer_class = s.MeetingVersionSerializer
    operation_id = "meetings_close_minutes"

    def act(self, request, obj, data):
        services.minutes_close(actor=request.actor, meeting=obj, version=data["version"])


class _AgendaItemApi(ActionApi):
    queryset = AgendaItem.objects.none()
    response_serializer_class = s.MeetingDetailSerializer

    def load(self, request, **kwargs: Any) -> AgendaItem:
        return selectors.agenda_item_get(actor=request.actor, item_id=kwargs["item_id"])


class AgendaItemUpdateApi(_AgendaItemApi):
    serializer_class = s.MeetingAgendaItemWriteSerializer
    operation_id = "agenda_items_update"

    def perform(self, request, obj: AgendaItem, data: dict[str, Any]) -> Meeting:
        services.agenda_item_update(actor=request.actor, item=obj, **data)
        return _detail(request.actor, obj.meeting_id)


class AgendaItemRemoveApi(_AgendaItemApi):
    serializer_class = None
    operation_id = "agenda_items_remove"

    def perform(self, request, obj: AgendaItem, data: dict[str, Any]) -> Meeting:
        services.agenda_item_remove(actor=request.actor, item=obj)
        return _detail(request.actor, obj.meeting_id)


class AttachmentUploadApi(GenericAPIView):
    """Attach a document to the meeting (multipart: ``file``, optional ``title``)."""

    queryset = Meeting.objects.none()
    serializer_class = s.MeetingAttachmentUploadSerializer
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="meetings_upload_attachment",
        request={"multipart/form-data": s.MeetingAttachmentUploadSerializer},
        responses={201: s.MeetingAttachmentSerializer},
    )
    def post(self, request, meeting_id):
        meeting = selectors.meeting_for_manage(actor=request.actor, meeting_id=meeting_id)
        body = s.MeetingAttachmentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        attachment = services.attachment_upload(
            actor=request.actor,
            meeting=meeting,
            title=body.validated_data.get("title", ""),
            filename=upload.name,
            content=upload.read(settings.RUTA_ATTACHMENT_MAX_BYTES + 1),
        )
        return Response(
            s.MeetingAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED
        )


class AttachmentDownloadApi(GenericAPIView):
    queryset = MeetingAttachment.objects.none()

    @extend_schema(
        operation_id="meeting_attachments_download",
        responses={(200, "application/octet-stream"): bytes},
    )
    def get(self, request, attachment_id):
        attachment = selectors.attachment_get(actor=request.actor, attachment_id=attachment_id)
        return FileResponse(
            io.BytesIO(services.attachment_content(attachment)),
            as_attachment=True,
            filename=attachment.filename,
            content_type=attachment.content_type,
        )


class AttachmentRemoveApi(ActionApi):
    queryset = MeetingAttachment.objects.none()
    serializer_class = None
    response_serializer_class = None
    operation_id = "meeting_attachments_remove"

    def load(self, request, **kwargs: Any) -> MeetingAttachment:
        return selectors.attachment_for_remove(
            actor=request.actor, attachment_id=kwargs["attachment_id"]
        )

    def perform(self, request, obj: MeetingAttachment, data: dict[str, Any]) -> None:
        services.attachment_remove(actor=request.actor, attachment=obj)
