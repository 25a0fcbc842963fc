"""The dashboard as tables: the page, the PDF and the spreadsheet show the same ones."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ruta.core.tables import ReportTable
from ruta.reporting.selectors import Dashboard


def dashboard_tables(dashboard: Dashboard) -> list[ReportTable]:
    tables = [
        ReportTable(
            b.key,
            b.title,
            [_("Category"), _("Victims"), _("Share (%)")],
            [[r.label, r.value, number_format(100 * r.share, 1)] for r in b.rows],
            hint=b.hint,
        )
        for b in dashboard.breakdowns
    ]
    tables.append(
        ReportTable(
            "times",
            _("Time to assistance"),
            [_("Step"), _("Average days"), _("Cases with the step")],
            [
                [t.label, "—" if t.mean_days is None else number_format(t.mean_days, 1), t.cases]
                for t in dashboard.times
            ],
            hint=_("Whole days from the report (or the opening of the case) to each step."),
            chart=None,
        )
    )
    return tables
