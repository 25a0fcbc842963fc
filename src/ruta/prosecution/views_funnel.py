"""Pages of slice 3: the funnel of a year, the work queues of the files' owners and the
hearing calendar. Each view parses its input, calls one selector and renders."""

from __future__ import annotations

from django.shortcuts import render
from django.views import View

from ruta.core.errors import require
from ruta.prosecution import selectors_queues as queues
from ruta.prosecution.policies import can_see_file_queues
from ruta.prosecution.selectors_funnel import FunnelRow, funnel_get

BAR_WIDTH = 240  # the SVG bars' full length, in user units


def parse_year(raw: str | None) -> int | None:
    """A year from the query string (1990 to 2100), or None for the current one."""
    if raw and raw.isdigit() and 1990 <= int(raw) <= 2100:
        return int(raw)
    return None


def parse_int(raw: str | None, default: int, low: int, high: int) -> int:
    if raw and raw.isdigit():
        return min(max(int(raw), low), high)
    return default


def chart(rows: list[FunnelRow]) -> dict:
    """Bar lengths for an SVG chart of ``rows`` (two bars a row: trafficking, related). The
    table beside it holds the same figures for every reader."""
    top = max([max(r.trafficking, r.related) for r in rows] + [1])
    bars = []
    for i, r in enumerate(rows):
        y = i * 34
        bars.append(
            {
                "label": r.label,
                "y": y,
                "label_y": y + 11,
                "t_y": y + 14,
                "r_y": y + 24,
                "t_text_y": y + 22,
                "r_text_y": y + 32,
                "trafficking": r.trafficking,
                "related": r.related,
                "t_width": round(BAR_WIDTH * r.trafficking / top, 1),
                "r_width": round(BAR_WIDTH * r.related / top, 1),
                "t_end": round(BAR_WIDTH * r.trafficking / top, 1) + 164,
                "r_end": round(BAR_WIDTH * r.related / top, 1) + 164,
            }
        )
    return {"bars": bars, "height": len(rows) * 34 + 4, "width": 160 + BAR_WIDTH + 60}


class FunnelView(View):
    def get(self, request):
        funnel = funnel_get(actor=request.actor, year=parse_year(request.GET.get("year")))
        blocks = [
            ("stages", funnel.stages),
            ("sentences", funnel.sentences),
            ("by_sex", funnel.by_sex),
            ("by_nationality", funnel.by_nationality),
        ]
        return render(
            request,
            "prosecution/funnel/funnel.html",
            {
                "funnel": funnel,
                "charts": {key: chart(rows) for key, rows in blocks},
            },
        )


class QueuesView(View):
    def get(self, request):
        actor = request.actor
        require(can_see_file_queues(actor))
        return render(
            request,
            "prosecution/funnel/queues.html",
            {"q": queues.prosecution_queues(actor=actor, limit=50)},
        )


class HearingCalendarView(View):
    def get(self, request):
        actor = request.actor
        require(can_see_file_queues(actor))
        weeks = parse_int(request.GET.get("weeks"), queues.CALENDAR_WEEKS, 1, queues.MAX_WEEKS)
        return render(
            request,
            "prosecution/funnel/calendar.html",
            {"days": queues.hearing_calendar(actor=actor, weeks=weeks), "weeks": weeks},
        )
