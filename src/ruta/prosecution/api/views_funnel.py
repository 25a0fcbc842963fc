"""API of slice 3: the funnel of a year and the hearing calendar. Each calls one selector."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.core.api.pagination import PageNumberWithoutCountPagination
from ruta.core.errors import require
from ruta.prosecution.api import serializers_funnel as s
from ruta.prosecution.policies import can_see_file_queues
from ruta.prosecution.selectors_funnel import funnel_get
from ruta.prosecution.selectors_queues import CALENDAR_WEEKS, hearing_range


class FunnelApi(GenericAPIView):
    serializer_class = s.FunnelSerializer
    pagination_class = None

    @extend_schema(
        operation_id="prosecution_funnel",
        parameters=[s.FunnelQuerySerializer],
        responses=s.FunnelSerializer,
    )
    def get(self, request):
        query = s.FunnelQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        funnel = funnel_get(actor=request.actor, year=query.validated_data.get("year"))
        return Response(s.FunnelSerializer(funnel).data)


class HearingCalendarApi(GenericAPIView):
    serializer_class = s.CalendarHearingSerializer
    pagination_class = PageNumberWithoutCountPagination

    @extend_schema(
        operation_id="hearings_calendar",
        parameters=[s.CalendarQuerySerializer],
        responses=s.CalendarHearingSerializer(many=True),
    )
    def get(self, request):
        require(can_see_file_queues(request.actor))
        # A parameter given empty is not a date (the serializer would read it as absent).
        empty = [
            n for n in ("from", "to") if n in request.query_params and not request.query_params[n]
        ]
        if empty:
            raise ValidationError({n: [_("Enter a valid date.")] for n in empty})
        query = s.CalendarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start = query.validated_data.get("from") or timezone.localdate()
        end = query.validated_data.get("to") or start + timedelta(days=CALENDAR_WEEKS * 7 - 1)
        # Any two dates are a range: one that ends before it starts holds no hearing, and a
        # long one is paged (without a count): no refusal a schema could not state.
        qs = hearing_range(actor=request.actor, start=start, end=end)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.CalendarHearingSerializer(page, many=True).data)
