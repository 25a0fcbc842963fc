"""What a report's page offers from this app: opening a case from an accepted report.

Registered in ``core.registry.report_actions`` (``CasesConfig.ready``), so that ``intake`` shows
the link without importing ``cases``.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ruta.cases.policies import can_open_case
from ruta.core.actor import Actor
from ruta.intake.choices import ReportStatus
from ruta.intake.models import Report


def open_case_action(actor: Actor, report: Report) -> dict[str, Any] | None:
    if report.status != ReportStatus.ACCEPTED or not can_open_case(actor):
        return None
    return {
        "url": f"{reverse('cases:case-open')}?{urlencode({'report': str(report.pk)})}",
        "label": _("Open a case"),
    }
