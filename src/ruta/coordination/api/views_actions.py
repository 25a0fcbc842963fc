"""API of agreements and action items: one class per action; each calls one selector or
service (the rules are in ``policies``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.coordination import policies
from ruta.coordination import selectors_actions as selectors
from ruta.coordination.api import serializers_actions as s
from ruta.coordination.models import ActionItem, Agreement
from ruta.coordination.services import agreements as services
from ruta.core.api.errors import unprocessable
from ruta.core.api.views import ActionApi
from ruta.core.errors import require
from ruta.institutions.models import Institution


def _institution(pk) -> Institution:
    found = Institution.objects.filter(pk=pk).first()
    if found is None:
        raise unprocessable({"owner_institution": [_("Unknown institution.")]})
    return found


class ActionListApi(GenericAPIView):
    """The acting institution's action items (``filter``: open, overdue or done)."""

    serializer_class = s.ActionItemSerializer
    queryset = ActionItem.objects.none()

    @extend_schema(
        operation_id="coordination_actions_list",
        parameters=[OpenApiParameter("filter", str, enum=list(selectors.ACTION_FILTERS))],
        responses=s.ActionItemSerializer(many=True),
    )
    def get(self, request):
        require(policies.can_use_coordination(request.actor))
        current = request.query_params.get("filter") or "open"
        if current not in selectors.ACTION_FILTERS:
            raise ValidationError(
                {"filter": [_("Unknown code: %(code)s") % {"code": current[:40]}]}
            )
        page = self.paginate_queryset(selectors.my_actions(request.actor, current))
        return self.get_paginated_response(s.ActionItemSerializer(page, many=True).data)


class AgreementCreateApi(ActionApi):
    queryset = Agreement.objects.none()
    serializer_class = s.AgreementCreateSerializer
    response_serializer_class = s.AgreementSerializer
    operation_id = "coordination_agreements_create"
    success_status = status.HTTP_201_CREATED

    def load(self, request, **kwargs):
        return selectors.meeting_for_agreement(request.actor, kwargs["meeting_id"])

    def perform(self, request, obj, data: dict[str, Any]):
        return services.agreement_create(actor=request.actor, meeting=obj, text=data["text"])


class AgreementDetailApi(GenericAPIView):
    serializer_class = s.AgreementSerializer
    queryset = Agreement.objects.none()

    @extend_schema(operation_id="coordination_agreements_retrieve")
    def get(self, request, agreement_id):
        agreement = selectors.agreement_detail(request.actor, agreement_id)
        return Response(s.AgreementSerializer(agreement).data)


class AgreementUpdateApi(ActionApi):
    queryset = Agreement.objects.none()
    serializer_class = s.AgreementUpdateSerializer
    response_serializer_class = s.AgreementSerializer
    operation_id = "coordination_agreements_update"

    def load(self, request, **kwargs):
        return selectors.agreement_detail(request.actor, kwargs["agreement_id"])

    def perform(self, request, obj, data):
        return services.agreement_update(
            actor=request.actor, agreement=obj, version=data["version"], text=data["text"]
        )


class ActionCreateApi(ActionApi):
    queryset = Agreement.objects.none()
    serializer_class = s.ActionCreateSerializer
    response_serializer_class = s.ActionItemSerializer
    operation_id = "coordination_actions_create"
    success_status = status.HTTP_201_CREATED

    def load(self, request, **kwargs):
        return selectors.agreement_detail(request.actor, kwargs["agreement_id"])

    def perform(self, request, obj, data):
        data = dict(data)
        data["owner_institution"] = _institution(data["owner_institution"])
        return services.action_item_create(actor=request.actor, agreement=obj, **data)


class _ItemApi(ActionApi):
    queryset = ActionItem.objects.none()
    response_serializer_class = s.ActionItemSerializer

    def load(self, request, **kwargs):
        return selectors.action_item_get(request.actor, kwargs["action_id"])


class ActionUpdateApi(_ItemApi):
    serializer_class = s.ActionUpdateSerializer
    operation_id = "coordination_actions_update"

    def perform(self, request, obj, data):
        data = dict(data)
        version = data.pop("version")
        if "owner_institution" in data:
            data["owner_institution"] = _institution(data["owner_institution"])
        return services.action_item_update(actor=request.actor, item=obj, version=version, **data)


class ActionProgressApi(_ItemApi):
    serializer_class = s.ActionProgressSerializer
    operation_id = "coordination_actions_progress"

    def perform(self, request, obj, data):
        return services.action_item_progress(
            actor=request.actor, item=obj, version=data["version"], note=data["note"]
        )


class ActionDoneApi(_ItemApi):
    serializer_class = s.ActionDoneSerializer
    operation_id = "coordination_actions_done"

    def perform(self, request, obj, data):
        return services.action_item_done(
            actor=request.actor,
            item=obj,
            version=data["version"],
            evidence=data["evidence"],
            evidence_url=data.get("evidence_url", ""),
            done_on=data.get("done_on"),
        )


class ActionCancelApi(_ItemApi):
    serializer_class = s.ActionCancelSerializer
    operation_id = "coordination_actions_cancel"

    def perform(self, request, obj, data):
        return services.action_item_cancel(
            actor=request.actor, item=obj, version=data["version"], reason=data["reason"]
        )
