"""The training report of a year, the coverage of mandatory courses and the home card.

Every block is one aggregate query (GROUP BY) over the rows the actor's report counts
(``policies.scope_report_*``): every institution's for the commission's analysts
(``report_is_national``), the institution's own otherwise. Nothing here returns a person:
the report shows counts only (small ones included: its readers are authorised), never a name
or a link to a record. The coverage page of an institution's administrator is the one place
that names people (the staff still missing a mandatory course), and its reads are audited.

What each block counts, in the year asked (a session counts in the year it starts; cancelled
sessions and withdrawn enrolments never count):

- people trained: distinct participants enrolled, by the participant's institution (their
  employer), the session's department, the participant's sex, the course (its code, every
  version), and over the years (the year filter aside). A participant has one institution and
  one sex, so those blocks add up to the total; a participant trained in two departments or
  two courses counts in each;
- gain: the mean normalised gain (``Enrolment.gain``) and its distribution in bins of 0.1;
- certified trainers (``Participant.certified_trainer_on``) by institution: certified by the
  end of the year, and newly in the year;
- coverage of mandatory courses (``MandatoryCourse``): per institution of the rule's type,
  the active users holding the rule's role, and those holding a certificate (not revoked) of a
  course with the rule's code of the rule's owner;
- labour inspections of the year: count, workers met, children found, with indicators,
  reports raised;
- campaign reach (campaigns starting in the year) by channel, sex and age band.

Filters: ``institution`` (national readers only: the participants' employer, the
inspectorate, the campaign's organiser, the coverage's institution), ``department`` (the
session's, the inspection's, one of the campaign's), ``course`` (a course code: training
blocks only) and ``sex`` (the participant's: training blocks only).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date
from typing import cast
from uuid import UUID

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruta.accounts.models import ROLE_TEMPLATE_LABELS, Membership
from ruta.core.actor import Actor
from ruta.core.errors import require
from ruta.core.models import Department
from ruta.institutions.models import Institution
from ruta.people.choices import Sex
from ruta.prevention import policies
from ruta.prevention.choices import AgeBand, Channel, EnrolmentStatus, SessionStatus
from ruta.prevention.models import (
    CampaignReach,
    Certificate,
    Course,
    Enrolment,
    MandatoryCourse,
)
from ruta.prevention.services._common import record

GAIN_BINS = 10  # bins of 0.1 from 0 to 1; a negative gain has a bin of its own


@dataclass(frozen=True)
class ReportFilters:
    year: int
    institution: UUID | None = None
    department: str = ""
    course: str = ""
    sex: str = ""

    def as_query(self) -> dict[str, str]:
        """The filters as query-string parameters (the export links carry them)."""
        q = {"year": str(self.year)}
        if self.institution:
            q["institution"] = str(self.institution)
        for name in ("department", "course", "sex"):
            if getattr(self, name):
                q[name] = getattr(self, name)
        return q


@dataclass
class Row:
    key: str
    label: str
    n: int = 0


@dataclass
class TrainerRow:
    key: str
    label: str
    total: int = 0
    new: int = 0


@dataclass
class CoverageRow:
    institution: str
    course: str
    role: str
    required: int = 0
    certified: int = 0

    @property
    def missing(self) -> int:
        return self.required - self.certified

    @property
    def pct(self) -> int:
        return round(100 * self.certified / self.required) if self.required else 0


@dataclass
class InspectionTotals:
    inspections: int = 0
    workers: int = 0
    children: int = 0
    with_indicators: int = 0
    reports: int = 0


@dataclass
class ReachRow:
    key: str
    label: str
    people: int = 0
    female: int = 0
    male: int = 0

    @property
    def sex_unknown(self) -> int:
        """Reached without a breakdown by sex (a channel counts heads only)."""
        return max(self.people - self.female - self.male, 0)


@dataclass
class Report:
    filters: ReportFilters
    national: bool
    years: list[int]
    people: int = 0
    by_institution: list[Row] = field(default_factory=list)
    by_department: list[Row] = field(default_factory=list)
    by_sex: list[Row] = field(default_factory=list)
    by_course: list[Row] = field(default_factory=list)
    by_year: list[Row] = field(default_factory=list)
    gain_mean: float | None = None
    gain_n: int = 0
    gain_bins: list[Row] = field(default_factory=list)
    trainers: list[TrainerRow] = field(default_factory=list)
    coverage: list[CoverageRow] = field(default_factory=list)
    shows_inspections: bool = False
    inspections: InspectionTotals = field(default_factory=InspectionTotals)
    reach_by_channel: list[ReachRow] = field(default_factory=list)
    reach_by_sex: list[Row] = field(default_factory=list)
    reach_by_age: list[Row] = field(default_factory=list)


@dataclass
class FilterChoices:
    years: list[int]
    institutions: list[tuple[str, str]]
    departments: list[tuple[str, str]]
    courses: list[tuple[str, str]]
    sexes: list[tuple[str, str]]


# --- filters ------------------------------------------------------------------------------
def report_filters(
    *,
    actor: Actor,
    year: int | None = None,
    institution: UUID | None = None,
    department: str = "",
    course: str = "",
    sex: str = "",
) -> ReportFilters:
    """The filters the actor may use: the institution is a national reader's filter only
    (anyone else's report is their institution's already)."""
    return ReportFilters(
        year=year or timezone.localdate().year,
        institution=institution if policies.report_is_national(actor) else None,
        department=department,
        course=course,
        sex=sex,
    )


def _year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year + 1, 1, 1)


def _enrolments(actor: Actor, f: ReportFilters, *, by_year: bool = False) -> QuerySet[Enrolment]:
    """The enrolments counted: in report sessions (of the year unless ``by_year``), not
    withdrawn, in sessions not cancelled, narrowed by the filters."""
    sessions = policies.scope_report_sessions(actor).exclude(status=SessionStatus.CANCELLED)
    if not by_year:
        start, end = _year(f.year)
        sessions = sessions.filter(starts_on__gte=start, starts_on__lt=end)
    if f.department:
        sessions = sessions.filter(department_id=f.department)
    if f.course:
        sessions = sessions.filter(course__code=f.course)
    qs = Enrolment.objects.order_by().filter(session__in=sessions.order_by().values("pk"))
    qs = qs.exclude(status=EnrolmentStatus.WITHDRAWN)
    if f.institution:
        qs = qs.filter(participant__institution_id=f.institution)
    if f.sex:
        qs = qs.filter(participant__sex=f.sex)
    return qs


def report_years(*, actor: Actor) -> list[int]:
    """The years with a session in the actor's report, and the current year, newest first."""
    span = policies.scope_report_sessions(actor).aggregate(
        first=Min("starts_on"), last=Max("starts_on")
    )
    this_year = timezone.localdate().year
    first = min(span["first"].year if span["first"] else this_year, this_year)
    last = max(span["last"].year if span["last"] else this_year, this_year)
    return list(range(last, first - 1, -1))


def report_filter_choices(*, actor: Actor, years: list[int]) -> FilterChoices:
    """The options of the filters' selects (institutions for national readers only)."""
    sessions = policies.scope_report_sessions(actor)
    institutions: list[tuple[str, str]] = []
    if policies.report_is_national(actor):
        institutions = [
            (str(pk), name)
            for pk, name in Institution.objects.filter(is_active=True)
            .order_by("name")
            .values_list("pk", "name")
        ]
    departments = list(Department.objects.order_by("name").values_list("code", "name"))
    courses = [
        (code, code.upper())
        for code in Course.objects.filter(pk__in=sessions.order_by().values("course_id"))
        .order_by("code")
        .values_list("code", flat=True)
        .distinct()
    ]
    return FilterChoices(
        years=years,
        institutions=institutions,
        departments=departments,
        courses=courses,
        sexes=[(str(v), str(label)) for v, label in Sex.choices],
    )


# --- the report ----------------------------------------------------------------------------
def training_report(*, actor: Actor, filters: ReportFilters) -> Report:
    """The year's training report for the actor (404 when the actor reads no report)."""
    require(policies.can_view_training_report(actor))
    f = filters
    report = Report(
        filters=f, national=policies.report_is_national(actor), years=report_years(actor=actor)
    )
    enrolments = _enrolments(actor, f)
    report.by_sex, report.by_institution = _people_by_sex_and_institution(enrolments)
    report.people = sum(r.n for r in report.by_sex)
    _name_institutions(report.by_institution)
    report.by_department = _people_by(enrolments, "session__department_id", None)
    _name_departments(report.by_department)
    report.by_course = _people_by(enrolments, "session__course__code", None)
    for r in report.by_course:
        r.label = r.key.upper()
    report.by_year = _people_by_year(actor, f, report.years, known={f.year: report.people})
    report.gain_mean, report.gain_n, report.gain_bins = _gain(enrolments)
    report.trainers = _trainers(actor, f)
    report.coverage = _coverage(actor, f)
    report.shows_inspections = report.national or policies.can_record_inspection(actor)
    report.inspections = _inspections(actor, f)
    report.reach_by_channel, report.reach_by_sex, report.reach_by_age = _reach(actor, f)
    return report


def _people_by_year(
    actor: Actor, f: ReportFilters, years: list[int], known: dict[int, int]
) -> list[Row]:
    """Distinct people per year, the other filters kept: one count per year, all in one
    statement (UNION ALL), each a range of the sessions' and the enrolments' indexes (a
    GROUP BY on the year would join every enrolment to its session and sort them all).
    ``known``: the years already counted (the report's own)."""
    found = dict(known)
    parts = [
        _enrolments(actor, replace(f, year=y))
        .values(y=Value(y, output_field=IntegerField()))
        .annotate(n=Count("participant_id", distinct=True))
        .values("y", "n")
        for y in sorted(years)
        if y not in known
    ]
    if parts:
        rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        found.update({r["y"]: r["n"] for r in rows})
    return [Row(str(y), str(y), found.get(y, 0)) for y in sorted(years) if found.get(y)]


def _year_of(column: str, years: list[int]) -> Case:
    """The year of a date as plain comparisons (SQLite's date functions are Python
    callbacks, one per row)."""
    return Case(
        *[
            When(**{f"{column}__gte": date(y, 1, 1), f"{column}__lt": date(y + 1, 1, 1)}, then=y)
            for y in years
        ],
        default=None,
        output_field=IntegerField(),
    )


def _gain_bin_of() -> Case:
    """The gain's bin as plain comparisons: -1 below zero, then 0 to 9 (FLOOR is a Python
    callback on SQLite)."""
    whens = [When(gain__lt=0, then=-1)]
    whens += [When(gain__lt=(i + 1) / GAIN_BINS, then=i) for i in range(GAIN_BINS - 1)]
    return Case(*whens, default=GAIN_BINS - 1, output_field=IntegerField())


def _people_by(qs: QuerySet[Enrolment], column: str, labels: dict | None) -> list[Row]:
    counts = qs.values(k=F(column)).annotate(n=Count("participant_id", distinct=True))
    rows = [
        Row(str(r["k"]), str(labels.get(r["k"], r["k"])) if labels else str(r["k"]), r["n"])
        for r in counts
    ]
    rows.sort(key=lambda r: (-r.n, r.label))
    return rows


def _people_by_sex_and_institution(qs: QuerySet[Enrolment]) -> tuple[list[Row], list[Row]]:
    """One GROUP BY (institution, sex): a participant has one of each, so each block adds
    the other's groups up."""
    sexes = dict(Sex.choices)
    by_sex: dict[str, Row] = {}
    by_inst: dict[str, Row] = {}
    for r in qs.values(i=F("participant__institution_id"), s=F("participant__sex")).annotate(
        n=Count("participant_id", distinct=True)
    ):
        sex, inst = str(r["s"]), str(r["i"])
        by_sex.setdefault(sex, Row(sex, str(sexes.get(sex, sex)))).n += r["n"]
        by_inst.setdefault(inst, Row(inst, inst)).n += r["n"]
    rows = [sorted(d.values(), key=lambda r: (-r.n, r.label)) for d in (by_sex, by_inst)]
    return rows[0], rows[1]


def _name_institutions(rows: list[Row]) -> None:
    names = Institution.objects.filter(pk__in=[r.key for r in rows]).values_list("pk", "name")
    by_pk = {str(pk): name for pk, name in names}
    for r in rows:
        r.label = by_pk.get(r.key, r.key)
    rows.sort(key=lambda r: (-r.n, r.label))


def _name_departments(rows: list[Row]) -> None:
    names = dict(Department.objects.filter(pk__in=[r.key for r in rows]).values_list("pk", "name"))
    for r in rows:
        r.label = names.get(r.key, r.key)


def _gain_bin(value: int) -> int:
    """The bin of floor(gain * 10): -1 below zero, 0..9 (a gain of 1 is in the top bin)."""
    return max(min(value, GAIN_BINS - 1), -1)


def _gain(qs: QuerySet[Enrolment]) -> tuple[float | None, int, list[Row]]:
    """The mean gain, how many gains it is of, and their histogram: one GROUP BY by bin."""
    counts = [0] * (GAIN_BINS + 1)  # index 0: below zero; 1..10: [0, .1) ... [.9, 1]
    total = 0.0
    n = 0
    for r in (
        qs.filter(gain__isnull=False)
        .values(b=_gain_bin_of())
        .annotate(n=Count("gain"), s=Sum("gain"))  # from the index alone
    ):
        counts[_gain_bin(int(r["b"])) + 1] += r["n"]
        n += r["n"]
        total += r["s"] or 0.0
    rows = [Row("neg", str(_("Below 0")), counts[0])]
    for i in range(GAIN_BINS):
        lo, hi = i / GAIN_BINS, (i + 1) / GAIN_BINS
        rows.append(Row(f"{lo:.1f}", f"{lo:.1f}\u2013{hi:.1f}", counts[i + 1]))
    mean = total / n if n else None
    return (None if mean is None or math.isnan(mean) else mean), n, rows


def _trainers(actor: Actor, f: ReportFilters) -> list[TrainerRow]:
    start, end = _year(f.year)
    qs = policies.scope_report_participants(actor).filter(
        certified_trainer_on__isnull=False, certified_trainer_on__lt=end
    )
    if f.institution:
        qs = qs.filter(institution_id=f.institution)
    if f.sex:
        qs = qs.filter(sex=f.sex)
    counts = (
        qs.order_by()
        .values("institution_id")
        .annotate(total=Count("pk"), new=Count("pk", filter=Q(certified_trainer_on__gte=start)))
    )
    rows = [TrainerRow(str(r["institution_id"]), "", r["total"], r["new"]) for r in counts]
    names = Institution.objects.filter(pk__in=[r.key for r in rows]).values_list("pk", "name")
    by_pk = {str(pk): name for pk, name in names}
    for r in rows:
        r.label = by_pk.get(r.key, r.key)
    rows.sort(key=lambda r: (-r.total, r.label))
    return rows


def _coverage(actor: Actor, f: ReportFilters) -> list[CoverageRow]:
    """Per mandatory rule (a handful: one query each) and institution of its type."""
    scoped = policies.scope_report_coverage_institutions(actor)
    institutions: QuerySet[Institution] | None = scoped
    if f.institution:
        institutions = scoped.filter(pk=f.institution)
    elif policies.report_is_national(actor):
        institutions = None  # every institution: no IN list for the planner to start from
    return _coverage_rows(institutions)


def _coverage_rows(institutions: QuerySet[Institution] | None) -> list[CoverageRow]:
    rules = list(MandatoryCourse.objects.select_related("course").order_by("course__code", "role"))
    rows: list[CoverageRow] = []
    for rule in rules:
        members = _rule_members(rule, institutions)
        counts = (
            members.values("institution__name")
            .annotate(
                required=Count("user_id", distinct=True),
                certified=Count("user_id", distinct=True, filter=Q(certified=True)),
            )
            .order_by("institution__name")
        )
        rows.extend(
            CoverageRow(
                r["institution__name"],
                rule.course.code.upper(),
                str(ROLE_TEMPLATE_LABELS.get(rule.role, rule.role)),
                r["required"],
                r["certified"],
            )
            for r in counts
        )
    return rows


def _rule_members(rule: MandatoryCourse, institutions: QuerySet[Institution] | None) -> QuerySet:
    """Active memberships (of active users) the rule applies to, annotated ``certified``;
    within ``institutions`` unless None (every institution)."""
    qs = Membership.objects.order_by().filter(
        is_active=True,
        user__is_active=True,
        role__code=rule.role,
        institution__type=rule.institution_type,
    )
    if institutions is not None:
        qs = qs.filter(institution__in=institutions.order_by().values("pk"))
    return qs.annotate(
        certified=Exists(_valid_certificates(rule).filter(user_id=OuterRef("user_id")))
    )


def _valid_certificates(rule: MandatoryCourse) -> QuerySet:
    return (
        Certificate.objects.filter(
            revoked_at__isnull=True,
            course_code=rule.course.code,
            enrolment__session__course__institution_id=rule.course.institution_id,
        )
        .annotate(user_id=F("enrolment__participant__user_id"))
        .values("pk")
    )


def _inspections(actor: Actor, f: ReportFilters) -> InspectionTotals:
    start, end = _year(f.year)
    qs = policies.scope_report_inspections(actor).filter(
        inspected_on__gte=start, inspected_on__lt=end
    )
    if f.institution:
        qs = qs.filter(institution_id=f.institution)
    if f.department:
        qs = qs.filter(department_id=f.department)
    totals = qs.order_by().aggregate(
        inspections=Count("pk"),
        workers=Sum(F("workers_female") + F("workers_male")),
        children=Sum("workers_0_17"),
        with_indicators=Count("pk", filter=Q(indicators_present__gt=0)),
        reports=Count("report_id"),
    )
    return InspectionTotals(**{k: v or 0 for k, v in totals.items()})


AGE_COLUMNS = (
    (AgeBand.CHILD, "age_0_17"),
    (AgeBand.YOUTH, "age_18_29"),
    (AgeBand.ADULT, "age_30_59"),
    (AgeBand.OLDER, "age_60_plus"),
)


def _reach(actor: Actor, f: ReportFilters) -> tuple[list[ReachRow], list[Row], list[Row]]:
    """Reach by channel (one GROUP BY); by sex and by age band add its rows up."""
    start, end = _year(f.year)
    campaigns = policies.scope_report_campaigns(actor).filter(
        starts_on__gte=start, starts_on__lt=end
    )
    if f.institution:
        campaigns = campaigns.filter(institution_id=f.institution)
    if f.department:
        campaigns = campaigns.filter(departments=f.department)
    sums = {col: Sum(col) for _band, col in AGE_COLUMNS}
    counts = (
        CampaignReach.objects.order_by()
        .filter(campaign__in=campaigns.order_by().values("pk"))
        .values("channel")
        .annotate(people=Sum("people"), female=Sum("female"), male=Sum("male"), **sums)
    )
    labels = dict(Channel.choices)
    by_channel: list[ReachRow] = []
    female = male = 0
    ages = dict.fromkeys([band for band, _col in AGE_COLUMNS], 0)
    people = 0
    for r in counts:
        row = ReachRow(
            r["channel"],
            str(labels.get(r["channel"], r["channel"])),
            r["people"] or 0,
            r["female"] or 0,
            r["male"] or 0,
        )
        by_channel.append(row)
        people += row.people
        female += row.female
        male += row.male
        for band, col in AGE_COLUMNS:
            ages[band] += cast("dict[str, int | None]", r)[col] or 0
    by_channel.sort(key=lambda r: (-r.people, r.label))
    by_sex = [
        Row("female", str(_("Women and girls")), female),
        Row("male", str(_("Men and boys")), male),
        Row("unknown", str(_("Sex not recorded")), max(people - female - male, 0)),
    ]
    age_labels = dict(AgeBand.choices)
    by_age = [Row(str(band), str(age_labels[band]), ages[band]) for band, _c in AGE_COLUMNS]
    by_age.append(
        Row(
            str(AgeBand.UNKNOWN),
            str(age_labels[AgeBand.UNKNOWN]),
            max(people - sum(ages.values()), 0),
        )
    )
    return by_channel, by_sex, by_age


# --- coverage of mandatory courses (the institution's administrator) ---------------------
@dataclass
class StaffMember:
    user_id: UUID
    name: str
    username: str
    certified: bool


@dataclass
class CourseCoverage:
    course: str
    title: str
    role: str
    staff: list[StaffMember] = field(default_factory=list)

    @property
    def missing(self) -> list[StaffMember]:
        return [s for s in self.staff if not s.certified]

    @property
    def certified(self) -> list[StaffMember]:
        return [s for s in self.staff if s.certified]


def coverage_get(*, actor: Actor) -> list[CourseCoverage]:
    """Per mandatory course of the institution's type, its staff with the role: certified or
    missing (404 for whoever may not see it). One query per rule (a handful)."""
    require(policies.can_view_coverage(actor))
    institution = actor.institution
    rules = list(
        MandatoryCourse.objects.filter(institution_type=institution.type)
        .select_related("course")
        .order_by("course__code", "role")
    )
    out = []
    one = Institution.objects.filter(pk=actor.institution_id)
    for rule in rules:
        members = (
            _rule_members(rule, one)
            .order_by("user__last_name", "user__first_name", "user__username")
            .values("user_id", "user__first_name", "user__last_name", "user__username", "certified")
        )
        seen: dict[UUID, StaffMember] = {}
        for m in members:
            member = seen.get(m["user_id"])
            if member is None:
                name = f"{m['user__first_name']} {m['user__last_name']}".strip()
                member = StaffMember(
                    m["user_id"], name or m["user__username"], m["user__username"], False
                )
                seen[m["user_id"]] = member
            member.certified = member.certified or m["certified"]
        out.append(
            CourseCoverage(
                rule.course.code.upper(),
                rule.course.title,
                str(ROLE_TEMPLATE_LABELS.get(rule.role, rule.role)),
                list(seen.values()),
            )
        )
    return out


# --- the home page's card --------------------------------------------------------------
@dataclass
class TrainingSummary:
    year: int
    national: bool
    reads_report: bool  # False: the card shows the coverage only (a user administrator)
    people: int = 0
    gain_mean: float | None = None
    trainers: int = 0
    missing: int | None = None  # the institution's staff missing a mandatory course


def training_summary(*, actor: Actor) -> TrainingSummary | None:
    """The home card's figures for the current year: the report's totals for its readers,
    and how many of the institution's staff still miss a mandatory course for whoever sees
    the coverage (None when the actor sees neither)."""
    reads_report = policies.can_view_training_report(actor)
    sees_coverage = policies.can_view_coverage(actor)
    if not (reads_report or sees_coverage):
        return None
    f = report_filters(actor=actor)
    summary = TrainingSummary(
        year=f.year, national=policies.report_is_national(actor), reads_report=reads_report
    )
    if reads_report:
        totals = _enrolments(actor, f).aggregate(
            people=Count("participant_id", distinct=True), gain=Avg("gain")
        )
        summary.people, summary.gain_mean = totals["people"], totals["gain"]
        summary.trainers = sum(t.total for t in _trainers(actor, f))
    if sees_coverage:
        own = Institution.objects.filter(pk=actor.institution_id)
        summary.missing = sum(r.missing for r in _coverage_rows(own))
    return summary


# --- audited reads -----------------------------------------------------------------------
def report_record_export(*, actor: Actor, filters: ReportFilters, fmt: str) -> None:
    """Record that the actor exported the report (counts only: filters as codes and ids)."""
    record(
        "report.exported",
        actor,
        actor.institution,
        actor.institution_id,
        data={"format": fmt, **filters.as_query()},
    )


def coverage_record_view(*, actor: Actor, exported: bool = False) -> None:
    """Record that the actor read the names of the staff on the coverage page, or exported
    those still missing a course (a personal-data export)."""
    record(
        "coverage.exported" if exported else "coverage.viewed",
        actor,
        actor.institution,
        actor.institution_id,
        data={"format": "xlsx"} if exported else {},
    )
