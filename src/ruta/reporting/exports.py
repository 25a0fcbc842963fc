"""The dashboard as tables: the page, the PDF and the spreadsheet show the same ones."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ruta.core.tables import ReportTable
from ruta.reporting.selectors import Dashboard
from ruta.reporting.selectors_actions import ActionRow, ActionsDashboard
from ruta.reporting.selectors_response import ResponseDashboard


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


def _hours(value: float | None) -> str:
    return "—" if value is None else number_format(value, 1)


def _share(value: float | None) -> str:
    return "—" if value is None else number_format(100 * value, 1)


def response_tables(d: ResponseDashboard) -> list[ReportTable]:
    """The response dashboard's tables, in the order the page shows them."""
    service_headers = [_("Service"), _("Services delivered"), _("Persons served")]
    period, statuses, types = d.breakdowns
    return [
        ReportTable(
            "service_type",
            _("Services delivered by type"),
            service_headers,
            [[r.label, r.services, r.persons] for r in d.by_type],
            hint=_("A person who received several kinds of service is counted under each."),
        ),
        ReportTable(
            "service_provider",
            _("Services delivered by provider"),
            [_("Institution"), _("Services delivered"), _("Persons served")],
            [[r.label, r.services, r.persons] for r in d.by_provider],
            hint=_("The institution that recorded giving the service."),
        ),
        ReportTable(
            period.key,
            period.title,
            [_("Period"), _("Services delivered")],
            [[r.label, r.value] for r in period.rows],
            hint=period.hint,
        ),
        ReportTable(
            statuses.key,
            statuses.title,
            [_("Status"), _("Referrals"), _("Share (%)")],
            [[r.label, r.value, number_format(100 * r.share, 1)] for r in statuses.rows],
            hint=statuses.hint,
        ),
        ReportTable(
            "referral_receiver",
            _("Referrals by receiving institution"),
            [
                _("Institution"),
                _("Referrals received"),
                _("Answered"),
                _("Average hours to answer"),
                _("Answered on time (%)"),
            ],
            [
                [r.label, r.sent, r.answered, _hours(r.mean_hours), _share(r.on_time_share)]
                for r in d.receivers
            ],
            hint=_(
                "An answer is accepting or declining; on time means before the deadline the "
                "referral set."
            ),
        ),
        ReportTable(
            types.key,
            types.title,
            [_("Type"), _("Referrals"), _("Share (%)")],
            [[r.label, r.value, number_format(100 * r.share, 1)] for r in types.rows],
        ),
    ]


def _action_rows(rows: list[ActionRow]) -> list[list]:
    return [
        [r.label, r.on_time, r.late, r.overdue, r.pending, r.cancelled, _share(r.on_time_share)]
        for r in rows
    ]


def actions_tables(d: ActionsDashboard) -> list[ReportTable]:
    """The action items dashboard's tables: the same columns by period, committee and
    responsible institution."""
    headers = [
        _("Done on time"),
        _("Done late"),
        _("Overdue"),
        _("Not yet due"),
        _("Cancelled"),
        _("On time (%)"),
    ]
    hint = _(
        "On time: the share of the items whose date has come (done, or still open past it) "
        "that were done by their date."
    )
    by_month = d.filters.year_from == d.filters.year_to
    return [
        ReportTable(
            "actions_period",
            _("Action items by month due") if by_month else _("Action items by year due"),
            [_("Period"), *headers],
            _action_rows(d.by_period),
            hint=hint,
        ),
        ReportTable(
            "actions_committee",
            _("Action items by committee"),
            [_("Committee"), *headers],
            _action_rows(d.by_committee),
        ),
        ReportTable(
            "actions_institution",
            _("Action items by responsible institution"),
            [_("Institution"), *headers],
            _action_rows(d.by_institution),
        ),
    ]
