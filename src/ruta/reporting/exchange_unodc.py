"""The tables of the UNODC questionnaire on trafficking in persons (GLOTIP; SDG 16.2.2) for a
year, as a spreadsheet: victims detected by sex, age (child / adult) and form of exploitation
(the UNODC categories of ``cases.choices.EXPLOITATION_CROSSWALK``) and by citizenship; persons
investigated, prosecuted and convicted for trafficking by sex, and the citizenship of the
convicted.

These are true counts for a national authority, not a publication: the command requires a
reason and records the export. The rate per 100,000 population is computed from the figures
loaded with ``ruta load_population`` (an official source, named in the notes); without them
the sheet says so instead of guessing.

Persons (prosecution): investigated, the defendants of files whose investigation opened in
the year; prosecuted, the defendants charged with trafficking in the year; convicted, the
defendants whose trafficking charge ended in a conviction (or a plea) in the year. Each person
is counted once per stage.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import pycountry
from django.db.models import Count
from django.utils.translation import gettext as _

from ruta.cases.choices import EXPLOITATION_CROSSWALK
from ruta.core.tables import ReportTable, tables_xlsx
from ruta.prosecution.choices import SENTENCED
from ruta.prosecution.models import Charge, Defendant
from ruta.reporting.models import VictimFact
from ruta.reporting.population import national

TRAFFICKING = "trafficking"
CELLS = ("girl", "boy", "woman", "man", "other")


def _cell(sex: str, age: str) -> str:
    if age == "child" and sex in ("female", "male"):
        return "girl" if sex == "female" else "boy"
    if age == "adult" and sex in ("female", "male"):
        return "woman" if sex == "female" else "man"
    return "other"


def _country(code: str) -> str:
    if not code:
        return str(_("Not recorded"))
    country = pycountry.countries.get(alpha_3=code)
    return f"{country.name} ({code})" if country else code


def _category_labels() -> dict[str, str]:
    return {
        "sexual_exploitation": _("Sexual exploitation"),
        "forced_labour": _("Forced labour"),
        "other_begging": _("Other: begging"),
        "other_forced_marriage": _("Other: forced marriage"),
        "other_illegal_adoption": _("Other: illegal adoption"),
        "other_organ_removal": _("Other: organ removal"),
        "other_criminal_activity": _("Other: criminal activity"),
        "other": _("Other purposes"),
        "mixed": _("Mixed (several categories)"),
        "not_recorded": _("Not recorded"),
    }


def _category(forms: list[str]) -> str:
    categories = sorted({EXPLOITATION_CROSSWALK.get(f, ("", "", "other"))[2] for f in forms})
    if not categories:
        return "not_recorded"
    return categories[0] if len(categories) == 1 else "mixed"


def victims_tables(year: int) -> list[ReportTable]:
    by_form: dict[str, Counter] = defaultdict(Counter)
    by_citizenship: dict[str, Counter] = defaultdict(Counter)
    for sex, age, forms, nationality in VictimFact.objects.filter(
        counted=True, detected_on__year=year
    ).values_list("sex", "age_group", "forms", "nationality"):
        cell = _cell(sex, age)
        by_form[_category(forms or [])][cell] += 1
        by_citizenship[nationality or ""][age if age in ("child", "adult") else "unknown"] += 1
    heads = [_("Girls"), _("Boys"), _("Women"), _("Men"), _("Sex or age not recorded")]
    names = _category_labels()
    form_rows: list[list] = [
        [names.get(code, code), *[counts[c] for c in CELLS], sum(counts.values())]
        for code, counts in sorted(by_form.items())
    ]
    form_rows.append([_("Total"), *[sum(r[i + 1] for r in form_rows) for i in range(6)]])
    citizenship_rows = [
        [
            _country(code),
            counts["child"],
            counts["adult"],
            counts["unknown"],
            sum(counts.values()),
        ]
        for code, counts in sorted(by_citizenship.items(), key=lambda kv: -sum(kv[1].values()))
    ]
    return [
        ReportTable(
            "victims_form",
            _("Victims detected by form of exploitation, sex and age"),
            [_("Form of exploitation (UNODC category)"), *heads, _("Total")],
            form_rows,
            hint=_("Each victim once: several forms of different categories count as mixed."),
            chart=None,
        ),
        ReportTable(
            "victims_citizenship",
            _("Victims detected by citizenship and age"),
            [_("Citizenship"), _("Children"), _("Adults"), _("Age not recorded"), _("Total")],
            citizenship_rows,
            chart=None,
        ),
    ]


def persons_tables(year: int) -> list[ReportTable]:
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    stages: dict[str, Counter] = {}
    investigated = Defendant.objects.filter(
        file__investigation_on__gte=start, file__investigation_on__lt=end
    )
    trafficking = Charge.objects.filter(classification=TRAFFICKING)
    prosecuted = trafficking.filter(charged_on__gte=start, charged_on__lt=end)
    convicted = trafficking.filter(outcome__in=SENTENCED, outcome_on__gte=start, outcome_on__lt=end)
    stages["investigated"] = Counter(
        dict(investigated.order_by().values_list("sex").annotate(n=Count("pk", distinct=True)))
    )
    for key, charges in (("prosecuted", prosecuted), ("convicted", convicted)):
        stages[key] = Counter(
            dict(
                charges.order_by()
                .values_list("defendant__sex")
                .annotate(n=Count("defendant_id", distinct=True))
            )
        )
    labels = {
        "investigated": _("Persons investigated (files opened in the year)"),
        "prosecuted": _("Persons prosecuted for trafficking"),
        "convicted": _("Persons convicted of trafficking"),
    }
    rows = [
        [
            labels[key],
            c["female"],
            c["male"],
            sum(v for s, v in c.items() if s not in ("female", "male")),
            sum(c.values()),
        ]
        for key, c in stages.items()
    ]
    nationalities = Counter(
        dict(
            convicted.order_by()
            .values_list("defendant__nationality")
            .annotate(n=Count("defendant_id", distinct=True))
        )
    )
    return [
        ReportTable(
            "persons",
            _("Persons investigated, prosecuted and convicted, by sex"),
            [_("Stage"), _("Female"), _("Male"), _("Sex not recorded"), _("Total")],
            rows,
            chart=None,
        ),
        ReportTable(
            "convicted_citizenship",
            _("Citizenship of the persons convicted of trafficking"),
            [_("Citizenship"), _("Persons")],
            [[_country(code), n] for code, n in nationalities.most_common()],
            chart=None,
        ),
    ]


def rates_table(year: int) -> ReportTable | None:
    """Victims detected per 100,000 population by sex and age (SDG 16.2.2), when the year's
    national population is loaded (``ruta load_population``); None otherwise."""
    figures, _source = national(year)
    if not figures:
        return None
    victims: Counter = Counter()
    for sex, age in VictimFact.objects.filter(counted=True, detected_on__year=year).values_list(
        "sex", "age_group"
    ):
        victims[(sex, age)] += 1
    rows = []
    cells = (
        (_("Girls"), "female", "child"),
        (_("Boys"), "male", "child"),
        (_("Women"), "female", "adult"),
        (_("Men"), "male", "adult"),
    )
    for label, sex, age in cells:
        population = figures.get((sex, age))
        n = victims[(sex, age)]
        rate = round(100_000 * n / population, 2) if population else "—"
        rows.append([label, n, population or "—", rate])
    total_population = sum(figures.values())
    total = sum(victims.values())
    rows.append([_("Total"), total, total_population, round(100_000 * total / total_population, 2)])
    return ReportTable(
        "rates",
        _("Victims detected per 100,000 population"),
        [_("Group"), _("Victims"), _("Population"), _("Per 100,000")],
        rows,
        hint=_("The total counts every victim, including those whose sex or age is not recorded."),
        chart=None,
    )


def notes_table(year: int) -> ReportTable:
    _figures, source = national(year)
    return ReportTable(
        "notes",
        _("Notes"),
        [_("Item"), _("Value")],
        [
            [_("Year"), year],
            [_("Victims detected"), _("presumed or identified, each person once a year")],
            [_("Child"), _("under 18 on the day of identification")],
            [
                _("Rate per 100,000 population"),
                _("Population: %(source)s") % {"source": source}
                if source
                else _("not computed: no population figures are loaded in Ruta"),
            ],
        ],
        chart=None,
    )


def workbook(year: int) -> bytes:
    rates = rates_table(year)
    tables = [*victims_tables(year), *([rates] if rates else []), *persons_tables(year)]
    return tables_xlsx([*tables, notes_table(year)])
