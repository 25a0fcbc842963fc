"""API of slice 3: the funnel of a year and the hearing calendar. Each calls one selector."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.core.api.errors import unprocessable
from ruta.core.errors import require
from ruta.prosecution.api import serializers_funnel as s
from ruta.prosecution.policies import can_see_file_queues
from ruta.prosecution.selectors_funnel import funnel_get
from ruta.prosecution.selectors_queues import CALENDAR_WEEKS, MAX_RANGE_DAYS, hearing_range
from ruta.prosecution.views_funnel import parse_year


class FunnelApi(GenericAPIView):
    serializer_class = s.FunnelSerializer
    pagination_class = None

    @extend_schema(
        operation_id="prosecution_funnel",
        parameters=[OpenApiParameter("year", int, required=False)],
        responses=s.FunnelSerializer,
    )
    def get(self, request):
        year = request.query_params.get("year")
        if year is not None and parse_year(year) is None:
            raise unprocessable({"year": [_("Enter a year between 1990 and 2100.")]})
        funnel = funnel_get(actor=request.actor, year=parse_year(year))
        return Response(s.FunnelSerializer(funnel).data)


class HearingCalendarApi(GenericAPIView):
    serializer_class = s.CalendarHearingSerializer

    @extend_schema(
        operation_id="hearings_calendar",
        parameters=[
            OpenApiParameter("from", str, required=False, description="YYYY-MM-DD, today"),
            OpenApiParameter(
                "to", str, required=False, description="YYYY-MM-DD, 4 weeks on; 92 days at most"
            ),
        ],
        responses=s.CalendarHearingSerializer(many=True),
    )
    def get(self, request):
        require(can_see_file_queues(request.actor))
        today = timezone.localdate()
        errors: dict = {}
        start = end = None
        raw_from = request.query_params.get("from")
        raw_to = request.query_params.get("to")
        try:
            start = parse_date(raw_from) if raw_from else today
            end = parse_date(raw_to) if raw_to else None
        except ValueError:
            errors["from" if start is None else "to"] = [_("Enter a date as YYYY-MM-DD.")]
        if raw_from and start is None:
            errors["from"] = [_("Enter a date as YYYY-MM-DD.")]
        if raw_to and end is None:
            errors["to"] = [_("Enter a date as YYYY-MM-DD.")]
        if errors:
            raise unprocessable(errors)
        start = start or today
        end = end or start + timedelta(days=CALENDAR_WEEKS * 7 - 1)
        if end < start:
            raise unprocessable({"to": [_("The end comes after the start.")]})
        if (end - start).days > MAX_RANGE_DAYS:
            raise unprocessable({"to": [_("At most 92 days at a time.")]})
        qs = hearing_range(actor=request.actor, start=start, end=end)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.CalendarHearingSerializer(page, many=True).data)
