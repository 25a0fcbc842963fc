"""API v1 for the caller's own notifications: the same ones the bell counts (notifications
addressed to the caller, for the institution the token acts for). Anybody else's is 404."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.core.api.serializers import query_bool
from ruta.core.api.views import ActionApi
from ruta.notifications import selectors, services
from ruta.notifications.api import serializers as s
from ruta.notifications.models import Notification


class NotificationListApi(GenericAPIView):
    serializer_class = s.NotificationSerializer
    queryset = Notification.objects.none()

    @extend_schema(
        operation_id="notifications_list",
        parameters=[
            OpenApiParameter(
                "unread",
                OpenApiTypes.BOOL,
                required=False,
                description="true: only the unread; false: only the read; left out: all.",
            )
        ],
        responses=s.NotificationSerializer(many=True),
    )
    def get(self, request) -> Response:
        unread = query_bool(request, "unread") if "unread" in request.query_params else None
        qs = selectors.notification_list(actor=request.actor, unread=unread)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.NotificationSerializer(page, many=True).data)


class NotificationReadApi(ActionApi):
    """Mark one of my notifications read (one already read stays as it was)."""

    queryset = Notification.objects.none()
    serializer_class = None
    response_serializer_class = s.NotificationSerializer

    def load(self, request, **kwargs: Any) -> Notification:
        return selectors.notification_get(
            actor=request.actor, notification_id=kwargs["notification_id"]
        )

    def perform(self, request, obj: Notification, data: dict[str, Any]) -> Notification:
        services.notifications_mark_read(actor=request.actor, ids=[obj.pk])
        return selectors.notification_get(actor=request.actor, notification_id=obj.pk)


class NotificationReadAllApi(ActionApi):
    """Mark all my notifications read, as the bell's page does."""

    queryset = Notification.objects.none()
    serializer_class = None
    response_serializer_class = s.NotificationsMarkedSerializer

    def load(self, request, **kwargs: Any) -> None:
        return None

    def perform(self, request, obj: None, data: dict[str, Any]) -> dict[str, int]:
        return {"marked": services.notifications_mark_read(actor=request.actor)}
