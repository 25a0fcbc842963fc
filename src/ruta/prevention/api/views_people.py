"""API of participants, enrolments, attendance and tests: the same selectors, services and
policies as the pages, one route per action. Answers that show names are audited."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.core.api.errors import unprocessable
from ruta.core.api.pagination import PageNumberWithoutCountPagination
from ruta.core.api.views import ActionApi
from ruta.core.errors import require
from ruta.prevention import policies
from ruta.prevention import selectors_people as sel
from ruta.prevention.api import serializers_people as s
from ruta.prevention.models import Enrolment, Participant, TrainingSession
from ruta.prevention.services import enrolments as enrol_services
from ruta.prevention.services import participants as participant_services


class ParticipantListApi(ActionApi):
    """The participants in scope (GET, ``q`` searches names and institutions), or record
    one (POST)."""

    queryset = Participant.objects.none()
    pagination_class = PageNumberWithoutCountPagination
    serializer_class = s.ParticipantCreateSerializer
    response_serializer_class = s.ParticipantSerializer
    success_status = status.HTTP_201_CREATED
    operation_id = "prevention_participants_create"

    @extend_schema(
        operation_id="prevention_participants_list",
        description="Every participant in scope, by family name. To find some by name, POST "
        "to /api/v1/prevention/participants/search/: names never travel in a URL.",
        responses=s.ParticipantSerializer(many=True),
    )
    def get(self, request):
        actor = request.actor
        if "q" in request.query_params:  # a name in a URL: refused without searching
            raise ValidationError(
                {"q": [_("Names are not accepted in a URL: POST them to the search.")]}
            )
        page = self.paginate_queryset(sel.participant_list(actor=actor))
        rows = list(page or [])
        sel.audit_participants_read(actor, rows=len(rows))
        return self.get_paginated_response(s.ParticipantSerializer(rows, many=True).data)

    def load(self, request, **kwargs: Any) -> None:
        require(policies.can_create_participant(request.actor))

    def perform(self, request, obj, data):
        return participant_services.participant_create(actor=request.actor, **data)


class ParticipantSearchApi(GenericAPIView):
    """Names (or an institution's) in the request body, never in the URL."""

    queryset = Participant.objects.none()
    serializer_class = s.ParticipantSearchResultSerializer

    @extend_schema(
        operation_id="prevention_participants_search",
        description="Each word must be in a name, the e-mail or the institution's name. At "
        "most 50 results, by family name.",
        request=s.ParticipantSearchSerializer,
        responses={200: s.ParticipantSearchResultSerializer},
    )
    def post(self, request):
        actor = request.actor
        require(policies.can_list_participants(actor))
        body = s.ParticipantSearchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rows = list(
            sel.participant_list(actor=actor, search=body.validated_data["q"])[: sel.SEARCH_ROWS]
        )
        sel.audit_participants_read(actor, rows=len(rows))
        return Response(s.ParticipantSearchResultSerializer({"results": rows}).data)


class ParticipantDetailApi(GenericAPIView):
    queryset = Participant.objects.none()
    serializer_class = s.ParticipantSerializer

    @extend_schema(operation_id="prevention_participants_retrieve")
    def get(self, request, participant_id):
        actor = request.actor
        participant = sel.participant_get(actor=actor, participant_id=participant_id)
        sel.audit_participants_read(actor, rows=1, target=participant)
        return Response(s.ParticipantSerializer(participant).data)


class ParticipantUpdateApi(ActionApi):
    queryset = Participant.objects.none()
    serializer_class = s.ParticipantUpdateSerializer
    response_serializer_class = s.ParticipantSerializer
    operation_id = "prevention_participants_update"

    def load(self, request, **kwargs: Any) -> Participant:
        participant = sel.participant_get(
            actor=request.actor, participant_id=kwargs["participant_id"]
        )
        require(policies.can_edit_participant(request.actor, participant))
        return participant

    def perform(self, request, obj, data):
        return participant_services.participant_update(actor=request.actor, participant=obj, **data)


class SessionEnrolmentsApi(ActionApi):
    """The session's enrolments the actor sees (GET), or enrol a participant (POST)."""

    queryset = Enrolment.objects.none()
    pagination_class = None  # one session's enrolments: answered whole (capacity-bound)
    serializer_class = s.EnrolSerializer
    response_serializer_class = s.EnrolmentSerializer
    success_status = status.HTTP_201_CREATED
    operation_id = "prevention_session_enrolments_create"

    @extend_schema(
        operation_id="prevention_session_enrolments_list",
        responses=s.EnrolmentSerializer(many=True),
    )
    def get(self, request, session_id):
        actor = request.actor
        session = sel.session_get(actor=actor, session_id=session_id)
        enrolments = sel.session_enrolments(actor=actor, session=session)
        sel.audit_participants_read(actor, rows=len(enrolments), target=session)
        return Response(s.EnrolmentSerializer(enrolments, many=True).data)

    def load(self, request, **kwargs: Any) -> TrainingSession:
        session = sel.session_get(actor=request.actor, session_id=kwargs["session_id"])
        require(policies.can_manage_session(request.actor, session))
        return session

    def perform(self, request, obj, data):
        if data.get("email"):
            enrolment = enrol_services.enrolment_create(
                actor=request.actor, session=obj, email=data["email"]
            )
        else:
            participant = (
                policies.scope_participants(request.actor).filter(pk=data["participant"]).first()
            )
            if participant is None:
                raise unprocessable({"participant": [_("Unknown participant.")]})
            enrolment = enrol_services.enrolment_create(
                actor=request.actor, session=obj, participant=participant
            )
        return sel.enrolment_get(actor=request.actor, enrolment_id=enrolment.pk)


class SessionAttendanceApi(ActionApi):
    """One day's register of the session, whole."""

    queryset = TrainingSession.objects.none()
    serializer_class = s.AttendanceSerializer
    response_serializer_class = s.AttendanceResultSerializer
    operation_id = "prevention_session_attendance_record"

    def load(self, request, **kwargs: Any) -> TrainingSession:
        session = sel.session_get(actor=request.actor, session_id=kwargs["session_id"])
        require(policies.can_manage_session(request.actor, session))
        return session

    def perform(self, request, obj, data):
        came = enrol_services.attendance_record(
            actor=request.actor, session=obj, day=data["day"], present=data["present"]
        )
        return {"day": data["day"], "present": came}


class _EnrolmentActionApi(ActionApi):
    queryset = Enrolment.objects.none()

    def load(self, request, **kwargs: Any) -> Enrolment:
        enrolment = sel.enrolment_get(actor=request.actor, enrolment_id=kwargs["enrolment_id"])
        require(policies.can_manage_session(request.actor, enrolment.session))
        return enrolment


class EnrolmentWithdrawApi(_EnrolmentActionApi):
    serializer_class = s.VersionSerializer
    response_serializer_class = s.EnrolmentSerializer
    operation_id = "prevention_enrolments_withdraw"

    def perform(self, request, obj, data):
        enrol_services.enrolment_withdraw(
            actor=request.actor, enrolment=obj, version=data["version"]
        )
        return sel.enrolment_get(actor=request.actor, enrolment_id=obj.pk)


class EnrolmentResultApi(_EnrolmentActionApi):
    """Record (or enter again) the pre- or post-test: ``answers`` {position: key}."""

    serializer_class = s.ResultBodySerializer
    response_serializer_class = s.ResultSerializer
    operation_id = "prevention_enrolments_result_record"

    def perform(self, request, obj, data):
        return enrol_services.result_record(
            actor=request.actor,
            enrolment=obj,
            kind=data["kind"],
            answers=data["answers"],
            version=data["version"],
            taken_on=data.get("taken_on"),
        )


class StaffTrainingsApi(GenericAPIView):
    """The employer's view: the enrolments and scores of the institution's own staff."""

    queryset = Enrolment.objects.none()
    serializer_class = s.EnrolmentSerializer
    pagination_class = PageNumberWithoutCountPagination

    @extend_schema(
        operation_id="prevention_staff_trainings_list",
        responses=s.EnrolmentSerializer(many=True),
    )
    def get(self, request):
        actor = request.actor
        page = self.paginate_queryset(
            sel.staff_trainings(actor=actor).select_related("participant__institution")
        )
        rows = list(page or [])
        sel.audit_participants_read(actor, rows=len(rows))
        return self.get_paginated_response(s.EnrolmentSerializer(rows, many=True).data)
