"""The training report as tables (the page, the PDF and the spreadsheet show the same ones),
the PDF (ReportLab, bar charts drawn with reportlab.graphics) and the XLSX (openpyxl, one
sheet per block), and the coverage page's export of the staff still missing a course."""

from __future__ import annotations

import io

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ruta.core.tables import ReportTable, safe_cell, sheet_title, tables_pdf, tables_xlsx
from ruta.prevention.selectors_reports import CourseCoverage, Report


def _mean(value: float | None) -> str:
    return "—" if value is None else number_format(value, 2)


def report_tables(report: Report) -> list[ReportTable]:
    """The report's blocks, in the page's order."""
    people = _("People trained")
    tables = [
        ReportTable(
            "by_institution",
            _("People trained by institution"),
            [_("Institution"), people],
            [[r.label, r.n] for r in report.by_institution],
            _("Distinct participants enrolled (not withdrawn), by their institution."),
        ),
        ReportTable(
            "by_department",
            _("People trained by department"),
            [_("Department"), people],
            [[r.label, r.n] for r in report.by_department],
            _("By the session's department; someone trained in two departments counts in each."),
        ),
        ReportTable(
            "by_sex",
            _("People trained by sex"),
            [_("Sex"), people],
            [[r.label, r.n] for r in report.by_sex],
        ),
        ReportTable(
            "by_course",
            _("People trained by course"),
            [_("Course"), people],
            [[r.label, r.n] for r in report.by_course],
            _("Every version of a course counts under its code."),
        ),
        ReportTable(
            "by_year",
            _("People trained by year"),
            [_("Year"), people],
            [[r.label, r.n] for r in report.by_year],
            _("Every year, with the other filters."),
        ),
        ReportTable(
            "gain",
            _("Learning gain (pre-test to post-test)"),
            [_("Normalised gain"), _("Participants")],
            [[r.label, r.n] for r in report.gain_bins],
            _("Mean normalised gain %(mean)s, of %(n)s participants with both tests.")
            % {"mean": _mean(report.gain_mean), "n": report.gain_n},
        ),
        ReportTable(
            "trainers",
            _("Certified trainers by institution"),
            [_("Institution"), _("Certified by the end of the year"), _("Newly certified")],
            [[r.label, r.total, r.new] for r in report.trainers],
        ),
        ReportTable(
            "coverage",
            _("Coverage of mandatory courses"),
            [
                _("Institution"),
                _("Covered (%)"),
                _("Course"),
                _("Role"),
                _("Required"),
                _("Certified"),
                _("Missing"),
            ],
            [
                [r.institution, r.pct, r.course, r.role, r.required, r.certified, r.missing]
                for r in report.coverage
            ],
            _("Active users holding the role, and those with a valid certificate of the course."),
        ),
    ]
    if report.shows_inspections:
        i = report.inspections
        tables.append(
            ReportTable(
                "inspections",
                _("Labour inspections"),
                [_("Figure"), _("Count")],
                [
                    [_("Inspections"), i.inspections],
                    [_("Workers met"), i.workers],
                    [_("Children found (under 18)"), i.children],
                    [_("With indicators of forced labour"), i.with_indicators],
                    [_("Reports raised"), i.reports],
                ],
            )
        )
    tables += [
        ReportTable(
            "reach_channel",
            _("Campaign reach by channel"),
            [
                _("Channel"),
                _("People reached"),
                _("Women and girls"),
                _("Men and boys"),
                _("Sex not recorded"),
            ],
            [[r.label, r.people, r.female, r.male, r.sex_unknown] for r in report.reach_by_channel],
            _("Campaigns starting in the year."),
        ),
        ReportTable(
            "reach_sex",
            _("Campaign reach by sex"),
            [_("Sex"), _("People reached")],
            [[r.label, r.n] for r in report.reach_by_sex],
        ),
        ReportTable(
            "reach_age",
            _("Campaign reach by age"),
            [_("Age"), _("People reached")],
            [[r.label, r.n] for r in report.reach_by_age],
        ),
    ]
    return tables


# --- PDF -------------------------------------------------------------------------------
def report_pdf(report: Report, tables: list[ReportTable], *, title: str, footer: str) -> bytes:
    """The report as an A4 PDF: per block its table and, beside its figures, a bar chart."""
    scope = (
        _("National figures: every institution, counted. No person is named.")
        if report.national
        else _("Your institution's trainings, counted. No person is named.")
    )
    return tables_pdf(
        tables,
        title=title,
        footer=footer,
        notes=[scope],
        headline=_("People trained in the year: %(n)s") % {"n": report.people},
        empty=_("Nothing in this year."),
    )


def report_xlsx(report: Report, tables: list[ReportTable]) -> bytes:
    """One sheet per block: its headers in bold, then its rows."""
    return tables_xlsx(tables)


def coverage_xlsx(coverage: list[CourseCoverage]) -> bytes:
    """Who is still missing each mandatory course: one row per (course, person)."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(_("Missing"), set())
    sheet.append([_("Course"), _("Title"), _("Role"), _("Name"), _("User name")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for c in coverage:
        for s in c.missing:
            sheet.append([safe_cell(v) for v in (c.course, c.title, c.role, s.name, s.username)])
    for col in "ABCDE":
        sheet.column_dimensions[col].width = 28
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
