from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.audit.api.serializers import AuditEventSerializer
from ruta.audit.forms import AuditSearchForm
from ruta.audit.policies import can_view_audit
from ruta.audit.selectors import audit_event_list, audit_events_describe
from ruta.audit.services import chain_seal_opportunistic
from ruta.audit.views import OPPORTUNISTIC_SEAL
from ruta.core.errors import require
from ruta.core.registry import institutions


class AuditEventListApi(GenericAPIView):
    serializer_class = AuditEventSerializer

    @extend_schema(
        operation_id="audit_events_list",
        parameters=[
            OpenApiParameter("user", str, required=False),
            OpenApiParameter("record", str, required=False),
            OpenApiParameter("institution", OpenApiTypes.UUID, required=False),
            OpenApiParameter("action", str, required=False),
            OpenApiParameter("date_from", OpenApiTypes.DATE, required=False),
            OpenApiParameter("date_to", OpenApiTypes.DATE, required=False),
            OpenApiParameter("refused", OpenApiTypes.BOOL, required=False),
        ],
        responses=AuditEventSerializer(many=True),
    )
    def get(self, request):
        require(can_view_audit(request.actor))
        chain_seal_opportunistic(max_events=OPPORTUNISTIC_SEAL)
        form = AuditSearchForm(
            request.query_params, institutions=institutions().choices(request.actor)
        )
        if not form.is_valid():
            raise serializers.ValidationError(
                {name: [str(m) for m in errs] for name, errs in form.errors.items()}
            )
        d = form.cleaned_data
        qs = audit_event_list(
            actor=request.actor,
            user=d["user"],
            record=d["record"],
            institution_id=d["institution"].pk if d["institution"] else None,
            action=d["action"],
            date_from=d["date_from"],
            date_to=d["date_to"],
            refused=d["refused"],
        )
        page = audit_events_describe(
            self.paginate_queryset(qs.prefetch_related("institutions")) or []
        )
        return self.get_paginated_response(AuditEventSerializer(page, many=True).data)


class AuditEventDetailApi(GenericAPIView):
    serializer_class = AuditEventSerializer

    def get(self, request, event_id):
        require(can_view_audit(request.actor))
        event = get_object_or_404(
            audit_event_list(actor=request.actor).prefetch_related("institutions"), pk=event_id
        )
        (event,) = audit_events_describe([event])
        return Response(AuditEventSerializer(event).data)
