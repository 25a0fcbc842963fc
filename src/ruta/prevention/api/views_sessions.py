"""API of training sessions: list (filters year, status, course), create, detail, update,
status change, trainers."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.core.api.errors import unprocessable
from ruta.core.api.pagination import PageNumberWithoutCountPagination
from ruta.core.api.serializers import query_data
from ruta.core.api.views import ActionApi
from ruta.core.errors import require
from ruta.core.models import Department, Municipality
from ruta.prevention import policies
from ruta.prevention import selectors_courses as selectors
from ruta.prevention.api import serializers_courses as s
from ruta.prevention.choices import SessionStatus
from ruta.prevention.models import TrainingSession
from ruta.prevention.services import _common
from ruta.prevention.services import sessions as services


def session_answer(actor, session_id, code: int = status.HTTP_200_OK) -> Response:
    page = selectors.session_page(actor=actor, session_id=session_id)
    session = page["session"]
    session.enrolled = page["enrolled"]
    _common.record(
        "session.viewed",
        actor,
        session,
        session.institution_id,
        data={"reference": session.reference},
    )
    context = {
        "open_types": page["open_type_codes"],
        "open_institutions": page["open_institutions"],
        "trainers": page["trainers"],
    }
    return Response(s.SessionDetailSerializer(session, context=context).data, status=code)


class _FilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False)
    status = serializers.ChoiceField(SessionStatus.choices, required=False)
    course = serializers.UUIDField(required=False)


def _place(data: dict) -> dict:
    """The body's codes and ids as records (an unknown one answers 422 by field)."""
    errors: dict = {}
    out: dict[str, Any] = {}
    out["department"] = Department.objects.filter(pk=data.pop("department", "")).first()
    if out["department"] is None:
        errors["department"] = [_("Unknown place code.")]
    code = data.pop("municipality", "")
    out["municipality"] = Municipality.objects.filter(pk=code).first() if code else None
    if code and out["municipality"] is None:
        errors["municipality"] = [_("Unknown place code.")]
    out["host"] = selectors.institution_choices().filter(pk=data.pop("host")).first()
    if out["host"] is None:
        errors["host"] = [_("Choose an active institution.")]
    ids: list[UUID] = data.pop("open_institutions", [])
    found = list(selectors.institution_choices().filter(pk__in=ids))
    if len(found) != len(set(ids)):
        errors["open_institutions"] = [_("Choose active institutions.")]
    out["open_institutions"] = found
    if errors:
        raise unprocessable(errors)
    return {**data, **out}


class SessionListApi(GenericAPIView):
    serializer_class = s.SessionSerializer
    queryset = TrainingSession.objects.none()
    pagination_class = PageNumberWithoutCountPagination

    @extend_schema(
        operation_id="training_sessions_list",
        parameters=[
            OpenApiParameter("year", int, required=False),
            OpenApiParameter("status", str, required=False, enum=SessionStatus.values),
            OpenApiParameter("course", UUID, required=False),
        ],
        responses=s.SessionSerializer(many=True),
    )
    def get(self, request):
        params = _FilterSerializer(data=query_data(request))
        params.is_valid(raise_exception=True)
        filters = dict(params.validated_data)
        sessions = selectors.session_list(actor=request.actor, filters=filters)
        page = self.paginate_queryset(sessions)
        return self.get_paginated_response(s.SessionSerializer(page, many=True).data)

    @extend_schema(
        operation_id="training_sessions_create",
        request=s.SessionCreateSerializer,
        responses={201: s.SessionDetailSerializer},
    )
    def post(self, request):
        actor = request.actor
        require(policies.can_create_course(actor))
        body = s.SessionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        v = dict(body.validated_data)
        course = selectors.course_choices(actor=actor).filter(pk=v.pop("course")).first()
        if course is None:
            raise unprocessable({"course": [_("Choose one of your institution's courses.")]})
        session = services.session_create(actor=actor, course=course, **_place(v))
        return session_answer(actor, session.pk, status.HTTP_201_CREATED)


class SessionDetailApi(GenericAPIView):
    serializer_class = s.SessionDetailSerializer
    queryset = TrainingSession.objects.none()

    @extend_schema(operation_id="training_sessions_retrieve")
    def get(self, request, session_id):
        return session_answer(request.actor, session_id)


class _SessionAction(ActionApi):
    queryset = TrainingSession.objects.none()
    response_serializer_class = s.SessionDetailSerializer

    def load(self, request, **kwargs: Any) -> Any:
        session = selectors.session_get(actor=request.actor, session_id=kwargs["session_id"])
        require(policies.can_manage_session(request.actor, session))
        return session

    def respond(self, request, result: Any) -> Response:
        return session_answer(request.actor, result.pk, self.success_status)


class SessionUpdateApi(_SessionAction):
    serializer_class = s.SessionUpdateSerializer
    operation_id = "training_sessions_update"

    def perform(self, request, obj, data):
        return services.session_update(actor=request.actor, session=obj, **_place(data))


class SessionStatusApi(_SessionAction):
    serializer_class = s.SessionStatusSerializer
    operation_id = "training_sessions_change_status"

    def perform(self, request, obj, data):
        return services.session_status_change(actor=request.actor, session=obj, **data)


class TrainerAddApi(_SessionAction):
    serializer_class = s.TrainerAddSerializer
    operation_id = "session_trainers_add"
    success_status = status.HTTP_201_CREATED

    def perform(self, request, obj, data):
        participant = None
        if data.get("participant"):
            participant = (
                selectors.trainer_candidates(actor=request.actor)
                .filter(pk=data["participant"])
                .first()
            )
            if participant is None:
                raise unprocessable(
                    {"participant": [_("Choose a participant your institution works with.")]}
                )
        services.trainer_add(
            actor=request.actor,
            session=obj,
            participant=participant,
            external_name=data.get("external_name", ""),
            external_organisation=data.get("external_organisation", ""),
        )
        return obj


class TrainerRemoveApi(_SessionAction):
    serializer_class = None
    operation_id = "session_trainers_remove"

    def load(self, request, **kwargs: Any) -> Any:
        trainer = selectors.trainer_get(actor=request.actor, trainer_id=kwargs["trainer_id"])
        require(policies.can_manage_session(request.actor, trainer.session))
        return trainer

    def perform(self, request, obj, data):
        return services.trainer_remove(actor=request.actor, trainer=obj)
