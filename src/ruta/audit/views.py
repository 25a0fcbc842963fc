from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import render
from django.views import View

from ruta.audit.forms import AuditSearchForm
from ruta.audit.models import AuditEvent
from ruta.audit.policies import can_view_audit
from ruta.audit.selectors import (
    audit_coverage_statement,
    audit_event_list,
    audit_events_describe,
)
from ruta.audit.services import chain_seal_opportunistic
from ruta.core.errors import require
from ruta.core.registry import institutions

# At most this many pending events are sealed by one visit of the trail.
OPPORTUNISTIC_SEAL = 2000


class AuditEventListView(View):
    def get(self, request):
        actor = request.actor
        require(can_view_audit(actor))
        # Opportunistic sealing: the trail shows chained events (never waits for a sealer).
        chain_seal_opportunistic(max_events=OPPORTUNISTIC_SEAL)
        form = AuditSearchForm(request.GET or None, institutions=institutions().choices(actor))
        filters = {}
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            filters = {
                "user": data["user"],
                "record": data["record"],
                "institution_id": data["institution"].pk if data["institution"] else None,
                "action": data["action"],
                "date_from": data["date_from"],
                "date_to": data["date_to"],
                "refused": data["refused"],
            }
        events: QuerySet[AuditEvent] | list[AuditEvent] = (
            audit_event_list(actor=actor, **filters) if not form.errors else []
        )
        page = Paginator(events, 50).get_page(request.GET.get("page"))
        page.object_list = audit_events_describe(page.object_list)
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "audit/event_list.html",
            {
                "form": form,
                "page": page,
                "query": query.urlencode(),
                "coverage": audit_coverage_statement(actor),
            },
            status=400 if form.errors else 200,
        )
