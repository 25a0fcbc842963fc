"""The prosecution funnel of a year: the figures the commission publishes, from complaint to
conviction, trafficking and related offences always apart.

Every figure is one aggregate query (GROUP BY) over the files the actor's funnel counts
(``policies.funnel_scope``): the country's for the commission's analysts, the institution's
files in scope for prosecutors and investigators. Nothing here returns a record.

What each figure counts, in the year asked:

- files (by the file's classification): complaints (``complaint_on``), investigations opened
  (``investigation_on``), indictments (``indictment_on``), trials (``trial_on``);
- defendants (by the charge's classification; a defendant charged with both counts in each
  column): charged (a charge with ``charged_on`` in the year), convicted (a charge whose
  current outcome, ``Charge.outcome``, is a conviction or a plea, decided in the year),
  acquitted (a charge acquitted in the year, and no charge of that classification convicted,
  whenever): a defendant convicted on appeal after an acquittal counts as convicted only;
- sentences (one per convicted charge decided in the year), in bands of years;
- convicted offenders by sex and by nationality;
- compensation (by the file's classification, per currency): ordered by the current verdicts
  decided in the year, paid by the payments made in the year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pycountry
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
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

from ruta.core.actor import Actor
from ruta.core.errors import require
from ruta.people.choices import Sex
from ruta.prosecution.choices import SENTENCED, OffenceClass, VerdictOutcome
from ruta.prosecution.models import Charge, CompensationPayment, CriminalFile
from ruta.prosecution.policies import funnel_is_national, funnel_scope, scope_funnel_rows

CLASSES = (OffenceClass.TRAFFICKING, OffenceClass.RELATED)
# Sentence bands in years: (key, label, from years, below years).
SENTENCE_BANDS = (
    ("lt5", _("Under 5 years"), 0, 5),
    ("5_9", _("5 to 9 years"), 5, 10),
    ("10_14", _("10 to 14 years"), 10, 15),
    ("15_19", _("15 to 19 years"), 15, 20),
    ("20plus", _("20 years or more"), 20, None),
)
DAYS_PER_YEAR = 365  # as Verdict.total_sentence_days counts them


@dataclass
class FunnelRow:
    key: str
    label: str
    trafficking: int = 0
    related: int = 0

    @property
    def total(self) -> int:
        return self.trafficking + self.related


@dataclass
class CompensationRow:
    currency: str
    trafficking_ordered: Decimal = Decimal(0)
    trafficking_paid: Decimal = Decimal(0)
    related_ordered: Decimal = Decimal(0)
    related_paid: Decimal = Decimal(0)


@dataclass
class Funnel:
    year: int
    years: list[int]
    national: bool
    stages: list[FunnelRow] = field(default_factory=list)
    sentences: list[FunnelRow] = field(default_factory=list)
    by_sex: list[FunnelRow] = field(default_factory=list)
    by_nationality: list[FunnelRow] = field(default_factory=list)
    compensation: list[CompensationRow] = field(default_factory=list)


def _year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year + 1, 1, 1)


def _in(field_name: str, year: int) -> Q:
    start, end = _year(year)
    return Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})


# The aggregates over charges, verdicts and payments start from those rows, narrowed by
# ``policies.scope_funnel_rows``: nationally no filter; for an institution the charge's
# copied institution id, so that each count is one range of a covering index (the year's
# date, then the columns it reads); an EXISTS on the files in scope only for roles that
# reach less than the whole institution. Starting from the files and joining down made LEFT
# OUTER joins SQLite cannot reorder, and an EXISTS per charge cost 150 ms at 50,000 files.
CH = ""


def _charges(actor: Actor) -> QuerySet[Charge]:
    return scope_funnel_rows(
        actor, Charge.objects.order_by(), institution="institution_id", file="defendant__file_id"
    )


def _put(rows: dict[str, FunnelRow], key: str, classification: str, n: int) -> None:
    row = rows[key]
    if classification == OffenceClass.TRAFFICKING:
        row.trafficking += n
    elif classification == OffenceClass.RELATED:
        row.related += n


def funnel_years(*, files: QuerySet[CriminalFile]) -> list[int]:
    """The years with a complaint in the funnel's files, and the current year, newest first."""
    span = files.aggregate(first=Min("complaint_on"), last=Max("complaint_on"))
    this_year = timezone.localdate().year
    first = span["first"].year if span["first"] else this_year
    last = max(span["last"].year if span["last"] else this_year, this_year)
    return list(range(last, first - 1, -1))


def funnel_get(*, actor: Actor, year: int | None = None) -> Funnel:
    """The year's funnel for the actor (404 when the actor sees no funnel)."""
    files = funnel_scope(actor)
    if files is None:
        require(False)
        raise AssertionError  # unreachable: require raises
    years = funnel_years(files=files)
    year = year if year is not None else timezone.localdate().year
    funnel = Funnel(year=year, years=years, national=funnel_is_national(actor))
    funnel.stages = _stages(actor, files, year)
    funnel.sentences = _sentences(actor, year)
    funnel.by_sex, funnel.by_nationality = _offenders(actor, year)
    funnel.compensation = _compensation(actor, year)
    return funnel


def _stages(actor: Actor, files: QuerySet[CriminalFile], year: int) -> list[FunnelRow]:
    rows = {
        key: FunnelRow(key, str(label))
        for key, label in (
            ("complaints", _("Complaints (files)")),
            ("investigations", _("Investigations opened (files)")),
            ("indictments", _("Indictments (files)")),
            ("charged", _("Defendants charged")),
            ("trials", _("Trials (files)")),
            ("convicted", _("Defendants convicted")),
            ("acquitted", _("Defendants acquitted")),
        )
    }
    # One count per step, each a range of its (date, classification) index: an OR of the
    # four dates would scan every file in scope.
    for key, column in (
        ("complaints", "complaint_on"),
        ("investigations", "investigation_on"),
        ("indictments", "indictment_on"),
        ("trials", "trial_on"),
    ):
        counts = (
            files.filter(_in(column, year))
            .order_by()
            .values("classification")
            .annotate(n=Count("pk"))
        )
        for r in counts:
            _put(rows, key, r["classification"], r["n"])

    convicted_ever = Charge.objects.filter(
        defendant_id=OuterRef(f"{CH}defendant_id"),
        classification=OuterRef(f"{CH}classification"),
        outcome__in=SENTENCED,
    )
    charged = _in(f"{CH}charged_on", year)
    decided = _in(f"{CH}outcome_on", year)
    # From the files (their scope filters the file table), down to the charges, in one join;
    # charged and decided apart, so that each query can use its date's index.
    charged_counts = (
        _charges(actor)
        .filter(charged)
        .order_by()
        .values(kind=F("classification"))
        .annotate(charged=Count(f"{CH}defendant_id", distinct=True))
    )
    for charged_row in charged_counts:
        _put(rows, "charged", charged_row["kind"], charged_row["charged"])
    defendant_counts = (
        _charges(actor)
        .filter(decided)
        .order_by()
        .values(kind=F("classification"))
        .annotate(
            convicted=Count(
                f"{CH}defendant_id",
                distinct=True,
                filter=Q(**{f"{CH}outcome__in": SENTENCED}),
            ),
            acquitted=Count(
                f"{CH}defendant_id",
                distinct=True,
                filter=Q(**{f"{CH}outcome": VerdictOutcome.ACQUITTED}) & ~Q(Exists(convicted_ever)),
            ),
        )
    )
    for decided_row in defendant_counts:
        _put(rows, "convicted", decided_row["kind"], decided_row["convicted"])
        _put(rows, "acquitted", decided_row["kind"], decided_row["acquitted"])
    return list(rows.values())


def _band() -> Case:
    whens = [
        When(**{f"{CH}sentence_days__lt": high * DAYS_PER_YEAR}, then=Value(key))
        for key, _label, _low, high in SENTENCE_BANDS
        if high is not None
    ]
    return Case(*whens, default=Value(SENTENCE_BANDS[-1][0]))


def _sentences(actor: Actor, year: int) -> list[FunnelRow]:
    rows = {key: FunnelRow(key, str(label)) for key, label, _low, _high in SENTENCE_BANDS}
    counts = (
        _charges(actor)
        .filter(
            _in(f"{CH}outcome_on", year),
            **{f"{CH}outcome__in": SENTENCED, f"{CH}sentence_days__isnull": False},
        )
        .order_by()
        .annotate(band=_band())
        .values("band", kind=F("classification"))
        .annotate(n=Count("id"))
    )
    for r in counts:
        _put(rows, r["band"], r["kind"], r["n"])
    return list(rows.values())


def _nationality_label(code: str) -> str:
    if not code:
        return str(_("Not recorded"))
    country = pycountry.countries.get(alpha_3=code)
    return country.name if country else code


def _offenders(actor: Actor, year: int) -> tuple[list[FunnelRow], list[FunnelRow]]:
    """Convicted offenders (current outcome decided in the year) by sex and nationality."""
    convicted = (
        _charges(actor)
        .filter(_in(f"{CH}outcome_on", year), **{f"{CH}outcome__in": SENTENCED})
        .order_by()
    )
    sex_rows = {code: FunnelRow(code, str(label)) for code, label in Sex.choices}
    nat_rows: dict[str, FunnelRow] = {}
    # One pass: a defendant has one sex and one nationality, so the distinct defendants of
    # each (classification, sex, nationality) add up to each table's counts.
    for r in convicted.values(
        kind=F("classification"), sex=F("defendant__sex"), nationality=F("defendant__nationality")
    ).annotate(n=Count(f"{CH}defendant_id", distinct=True)):
        sex = r["sex"]
        if sex not in sex_rows:
            sex_rows[sex] = FunnelRow(sex, sex)
        _put(sex_rows, sex, r["kind"], r["n"])
        code = r["nationality"] or ""
        if code not in nat_rows:
            nat_rows[code] = FunnelRow(code, _nationality_label(code))
        _put(nat_rows, code, r["kind"], r["n"])
    by_nationality = sorted(nat_rows.values(), key=lambda row: (-row.total, row.label))
    return list(sex_rows.values()), by_nationality


def _compensation(actor: Actor, year: int) -> list[CompensationRow]:
    # The compensation a charge's verdict, as it stands, orders is copied on the charge:
    # the year's decided charges, with no walk through the verdicts' history.
    ordered = (
        scope_funnel_rows(
            actor,
            Charge.objects.order_by(),
            institution="institution_id",
            file="defendant__file_id",
        )
        .filter(
            _in("outcome_on", year),
            outcome__in=SENTENCED,
            compensation_ordered__gt=0,
        )
        .values(kind=F("defendant__file__classification"), money=F("compensation_currency"))
        .annotate(total=Sum("compensation_ordered"))
    )
    paid = (
        scope_funnel_rows(
            actor,
            CompensationPayment.objects.order_by(),
            institution="defendant__file__institution_id",
            file="defendant__file_id",
        )
        .filter(_in("paid_on", year))
        .values(kind=F("defendant__file__classification"), money=F("currency"))
        .annotate(total=Sum("amount"))
    )
    rows: dict[str, CompensationRow] = {}
    for r in ordered:
        row = rows.setdefault(r["money"], CompensationRow(r["money"]))
        kind = r["kind"]
        setattr(row, f"{kind}_ordered", getattr(row, f"{kind}_ordered") + (r["total"] or 0))
    for r in paid:
        row = rows.setdefault(r["money"], CompensationRow(r["money"]))
        kind = r["kind"]
        setattr(row, f"{kind}_paid", getattr(row, f"{kind}_paid") + (r["total"] or 0))
    return [rows[c] for c in sorted(rows)]


def funnel_summary(*, actor: Actor) -> dict | None:
    """The home page's card: this year's steps from complaint to verdict (two queries), or
    None when the actor sees no funnel."""
    files = funnel_scope(actor)
    if files is None:
        return None
    year = timezone.localdate().year
    return {
        "year": year,
        "rows": _stages(actor, files, year),
        "national": funnel_is_national(actor),
    }
