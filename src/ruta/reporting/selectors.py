"""The victims dashboard, read from the summary table only (``VictimCount``): one grouped query
per breakdown, whatever the number of cases. Counts, never records."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from django.core.cache import cache
from django.db.models import Q, QuerySet, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ruta.cases.choices import FormOfExploitation, VictimType
from ruta.core.actor import Actor
from ruta.core.countries import country_name
from ruta.core.errors import require
from ruta.core.models import Department
from ruta.institutions.models import Institution
from ruta.intake.choices import ReportChannel
from ruta.reporting.choices import AgeCell, AgeGroup
from ruta.reporting.facts import age_cell
from ruta.reporting.models import StatisticsState, VictimCount
from ruta.reporting.policies import (
    can_view_statistics,
    scope_statistics_institutions,
    statistics_is_national,
)

TOP_NATIONALITIES = 10
CACHE_SECONDS = 3600
AGE_CELL_FILTERS = {
    AgeCell.GIRL: Q(sex="female", age_group=AgeGroup.CHILD),
    AgeCell.BOY: Q(sex="male", age_group=AgeGroup.CHILD),
    AgeCell.WOMAN: Q(sex="female", age_group=AgeGroup.ADULT),
    AgeCell.MAN: Q(sex="male", age_group=AgeGroup.ADULT),
}


@dataclass(frozen=True)
class Filters:
    year_from: int
    year_to: int
    department: str = ""
    institution: UUID | None = None
    form: str = ""
    age_cell: str = ""
    identified_only: bool = False

    def describe(self, institution_name: str = "", department_name: str = "") -> list[str]:
        """The filters in words, for the exports' heading."""
        years = (
            str(self.year_from)
            if self.year_from == self.year_to
            else f"{self.year_from}\u2013{self.year_to}"
        )
        parts = [_("Period: %(years)s") % {"years": years}]
        if department_name:
            parts.append(_("Department: %(name)s") % {"name": department_name})
        if institution_name:
            parts.append(_("Institution: %(name)s") % {"name": institution_name})
        if self.form:
            parts.append(
                _("Form of exploitation: %(name)s")
                % {"name": dict(FormOfExploitation.choices).get(self.form, self.form)}
            )
        if self.age_cell:
            parts.append(str(dict(AgeCell.choices).get(self.age_cell, self.age_cell)))
        if self.identified_only:
            parts.append(_("Identified victims only"))
        return parts


@dataclass
class Row:
    code: str
    label: str
    value: int
    share: float = 0.0


@dataclass
class Breakdown:
    key: str
    title: str
    rows: list[Row]
    hint: str = ""

    @property
    def total(self) -> int:
        return sum(r.value for r in self.rows)


@dataclass
class Timeliness:
    label: str
    mean_days: float | None
    cases: int


@dataclass
class Dashboard:
    filters: Filters
    national: bool
    total: int
    breakdowns: list[Breakdown]
    map_rows: list[Row]
    times: list[Timeliness]
    refreshed_at: datetime | None
    institution_name: str = ""
    department_name: str = ""
    described: list[str] = field(default_factory=list)

    def breakdown(self, key: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.key == key)


def allowed_institutions(actor: Actor) -> QuerySet:
    return scope_statistics_institutions(actor, Institution.objects.order_by("name"))


def _counts(f: Filters, *, by_form: bool = False) -> QuerySet:
    qs = VictimCount.objects.filter(
        month__gte=date(f.year_from, 1, 1), month__lte=date(f.year_to, 12, 1)
    )
    if f.department:
        qs = qs.filter(department=f.department)
    if f.institution is not None:
        qs = qs.filter(institution_id=f.institution)
    qs = age_cell_filter(qs, f.age_cell)
    if f.identified_only:
        qs = qs.filter(status="identified")
    if f.form:
        qs = qs.filter(form=f.form)
    elif not by_form:
        qs = qs.filter(primary=True)
    return qs.order_by()


def _grouped(qs: QuerySet, field_name: str) -> dict:
    return {
        row[field_name]: row["n"]
        for row in qs.values(field_name).annotate(n=Sum("victims"))
        if row["n"]
    }


def count_rows(counts: dict, labels: dict, *, keep_order: bool = False) -> list[Row]:
    total = sum(counts.values()) or 1
    codes = list(labels) if keep_order else sorted(counts, key=lambda c: (-counts[c], str(c)))
    rows = []
    for code in codes:
        value = counts.get(code, 0)
        if keep_order or value:
            rows.append(Row(str(code), str(labels.get(code, code)), value, value / total))
    return rows


def period_labels(f: Filters) -> dict[int, str]:
    """The periods a dashboard shows: the months of one year, else the years."""
    if f.year_from == f.year_to:
        return {m: date(f.year_from, m, 1).strftime("%m/%Y") for m in range(1, 13)}
    return {y: str(y) for y in range(f.year_from, f.year_to + 1)}


def period_rows(months: dict[date, int], f: Filters) -> list[Row]:
    """Counts by month for one year, else by year: every month or year, zeros included."""
    counts: dict[int, int] = {}
    for m, n in months.items():
        key = m.month if f.year_from == f.year_to else m.year
        counts[key] = counts.get(key, 0) + n
    return count_rows(counts, period_labels(f), keep_order=True)


def age_cell_filter(qs: QuerySet, cell: str) -> QuerySet:
    """Rows of one sex-and-age cell (the rows carry ``sex`` and ``age_group``)."""
    if cell in AGE_CELL_FILTERS:
        return qs.filter(AGE_CELL_FILTERS[AgeCell(cell)])
    if cell == AgeCell.OTHER:
        for q in AGE_CELL_FILTERS.values():
            qs = qs.exclude(q)
    return qs


def filters_key(
    kind: str, actor: Actor, filters: Filters, *extra: str
) -> tuple[str, datetime | None]:
    """The cache key of a dashboard computed for these filters, this scope and this language
    at the current version of the counts, and when the counts were last refreshed."""
    state = StatisticsState.objects.filter(pk=1).values_list("version", "refreshed_at").first()
    version, refreshed = state if state is not None else (0, None)
    scope = "national" if statistics_is_national(actor) else str(actor.institution_id)
    digest = hashlib.sha256(repr((filters, *extra)).encode()).hexdigest()[:32]
    return f"ruta:{kind}:{version}:{scope}:{get_language()}:{digest}", refreshed


def chosen_institution(allowed: QuerySet, filters: Filters) -> str:
    """The name of the institution the filters drill down to (404 outside the scope)."""
    if filters.institution is None:
        return ""
    chosen = allowed.filter(pk=filters.institution).values_list("name", flat=True).first()
    require(chosen is not None)
    return chosen or ""


def victims_dashboard(*, actor: Actor, filters: Filters) -> Dashboard:
    """Victims detected in the filters' years, broken down every way the reports ask."""
    require(can_view_statistics(actor))
    allowed = allowed_institutions(actor)
    institution_name = chosen_institution(allowed, filters)
    # The counts change only when a refresh changes them (``version``): a dashboard already
    # computed for these filters, this scope and this language is served from the cache.
    key, refreshed = filters_key("victims", actor, filters)
    cached = cache.get(key)
    if cached is not None:
        cached.refreshed_at = refreshed
        return cached
    dashboard = _compute(actor, filters, allowed, institution_name)
    dashboard.refreshed_at = refreshed
    cache.set(key, dashboard, CACHE_SECONDS)
    return dashboard


def _compute(actor: Actor, filters: Filters, allowed: QuerySet, institution_name: str) -> Dashboard:
    departments = dict(Department.objects.filter(country="HN").values_list("code", "name"))
    qs = _counts(filters)
    unknown = _("Not recorded")

    by_month = filters.year_from == filters.year_to
    period = period_rows(_grouped(qs, "month"), filters)
    period_title = _("Victims detected by month") if by_month else _("Victims detected by year")

    cells: dict[str, int] = {}
    for row in qs.values("sex", "age_group").annotate(n=Sum("victims")):
        cell = age_cell(row["sex"], row["age_group"])
        cells[cell] = cells.get(cell, 0) + (row["n"] or 0)

    forms = _grouped(_counts(filters, by_form=True), "form")
    nationalities = _grouped(qs, "nationality")
    top = sorted(nationalities, key=lambda c: (-nationalities[c], c))
    shown = {c: nationalities[c] for c in top[:TOP_NATIONALITIES]}
    others = sum(nationalities[c] for c in top[TOP_NATIONALITIES:])
    nat_labels = {c: (country_name(c) if c else unknown) for c in shown}
    if others:
        shown["*"] = others
        nat_labels["*"] = _("Other countries")

    by_department = _grouped(qs, "department")
    dep_labels: dict[str, str] = {**departments, "": unknown}
    for code in by_department:
        dep_labels.setdefault(code, code)
    map_rows = count_rows(by_department, dep_labels, keep_order=True)

    yes_no = {True: _("Transnational"), False: _("Domestic")}
    transnational = _grouped(qs, "transnational")
    victim_types = _grouped(qs, "victim_type")
    channels = _grouped(qs, "channel")

    institution_rows: list[Row] = []
    names = dict(allowed.values_list("pk", "name"))
    if names:
        by_institution = _grouped(qs.filter(institution_id__in=list(names)), "institution_id")
        institution_rows = count_rows(by_institution, names)

    sums = qs.aggregate(
        n=Sum("victims"),
        cd=Sum("contact_days"),
        cn=Sum("contact_n"),
        idd=Sum("identification_days"),
        idn=Sum("identification_n"),
        sd=Sum("service_days"),
        sn=Sum("service_n"),
    )

    total = sums["n"] or 0

    def step(label: str, days: str, n: str) -> Timeliness:
        count = sums[n] or 0
        return Timeliness(label, round((sums[days] or 0) / count, 1) if count else None, count)

    times = [
        step(_("From the report to the first contact"), "cd", "cn"),
        step(_("From the report to the identification"), "idd", "idn"),
        step(_("From the report to the first service"), "sd", "sn"),
    ]
    channel_labels = {**dict(ReportChannel.choices), "": _("No report (case opened directly)")}
    breakdowns = [
        Breakdown("period", period_title, period),
        Breakdown(
            "age_cell",
            _("By sex and age"),
            count_rows(cells, dict(AgeCell.choices), keep_order=True),
            _("Age on the day of identification."),
        ),
        Breakdown(
            "form",
            _("By form of exploitation"),
            count_rows(forms, {**dict(FormOfExploitation.choices), "": unknown}),
            _("A victim of several forms is counted under each."),
        ),
        Breakdown("nationality", _("By nationality"), count_rows(shown, nat_labels)),
        Breakdown(
            "department",
            _("By department"),
            count_rows(by_department, dep_labels),
            _("Where the person was exploited in Honduras, else where the report placed it."),
        ),
        Breakdown(
            "transnational",
            _("Domestic or transnational"),
            count_rows(transnational, yes_no),
            _("Transnational: an event abroad, or a victim who is not Honduran."),
        ),
        Breakdown(
            "victim_type",
            _("Direct or indirect victims"),
            count_rows(victim_types, dict(VictimType.choices)),
        ),
        Breakdown("channel", _("How the case came in"), count_rows(channels, channel_labels)),
    ]
    if institution_rows:
        breakdowns.append(Breakdown("institution", _("By institution"), institution_rows))
    department_name = departments.get(filters.department, "")
    return Dashboard(
        filters=filters,
        national=statistics_is_national(actor),
        total=total,
        breakdowns=breakdowns,
        map_rows=map_rows,
        times=times,
        refreshed_at=None,
        institution_name=institution_name,
        department_name=department_name,
        described=filters.describe(institution_name, department_name),
    )
