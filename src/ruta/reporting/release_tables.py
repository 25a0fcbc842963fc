"""The official tables of a release, built from what was counted in a year and protected
before anything leaves the platform.

Each table is a cross-classification, with every margin, of one population of the year:
the victims detected (each counted once: ``VictimFact.counted``); the persons investigated,
prosecuted and convicted of trafficking (each defendant once per stage: the UNODC
questionnaire's and the TIP report's prosecution figures); the referrals sent between
institutions (protection); the officials trained (prevention) and the committees' action
items (partnership), the commission's annual report's figures. Protection, in this order:

1. **Suppression** on the true counts (``disclosure.protect``): counts from 1 to the
   threshold minus one, and the complementary cells the integer programme chooses; the audit
   proves that no suppressed cell can be narrowed below the protection width from the
   published cells and the totals. A table whose audit fails is not publishable.
2. **Cell-key perturbation** of every published value (``perturbation``), the key of each
   cell being the sum of its records' fixed keys (a case, a defendant, a referral): the same
   records publish the same value in every release, so that two releases cannot be
   subtracted to reveal a small cell.

Codes follow SDMX usage: ``SEX`` F / M / _U, ``AGE`` Y_LT18 / Y_GE18 / _U, ``_T`` totals.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ruta.care.choices import ServiceType
from ruta.cases.choices import FormOfExploitation
from ruta.coordination.choices import ActionStatus, CommitteeKind
from ruta.coordination.models import ActionItem
from ruta.core.models import Department
from ruta.intake.choices import ReportChannel
from ruta.prevention.choices import Channel
from ruta.prosecution.choices import SENTENCED, OffenceClass, VerdictOutcome
from ruta.prosecution.models import Charge, Defendant
from ruta.referrals.choices import ReferralStatus
from ruta.reporting import disclosure, perturbation, release_sources, sdmx
from ruta.reporting.models import ReferralFact, VictimFact
from ruta.reporting.population import national

VICTIMS = _("Victims")
UNKNOWN = "_U"
OTHER = "_O"  # SDMX's "other": the rows rolled up because each was too small
CENTRAL_AMERICA = {"GTM", "SLV", "NIC", "CRI", "PAN", "BLZ"}
FORM_GROUPS = {
    "sexual": "SEXUAL",
    "forced_labour": "LABOUR",
    "servitude": "LABOUR",
    "slavery": "LABOUR",
    "criminal": "CRIMINAL",
    "begging": "BEGGING",
    "marriage": "MARRIAGE",
    "pregnancy": "OTHER",
    "adoption": "OTHER",
    "organs": "OTHER",
}


@dataclass(frozen=True)
class Victim:
    """What the release tables read of a counted victim (no identity). ``key`` names the
    record whose fixed key perturbs the cells it is counted in."""

    key: str
    sex: str
    age: str
    form: str
    citizenship: str
    department: str
    transnational: str


_sex = release_sources.sex_code
_age = release_sources.age_code


def _form(forms: list[str]) -> str:
    groups = {FORM_GROUPS.get(f, "OTHER") for f in forms}
    if not groups:
        return UNKNOWN
    return groups.pop() if len(groups) == 1 else "MIXED"


def _citizenship(code: str) -> str:
    if not code:
        return UNKNOWN
    if code == "HND":
        return "HND"
    return "CAM" if code in CENTRAL_AMERICA else "OTHER"


@dataclass(frozen=True)
class Prosecuted:
    """A defendant counted at a stage of the prosecution (no identity)."""

    key: str
    sex: str
    citizenship: str


@dataclass(frozen=True)
class Referred:
    """A referral sent in the year, as it stands."""

    key: str
    outcome: str


@dataclass(frozen=True)
class Trained:
    """An official trained in the year (no name), and where: the department of the sessions
    ("several" when sessions in more than one)."""

    key: str
    sex: str
    sector: str
    department: str = UNKNOWN


@dataclass(frozen=True)
class Commitment:
    """A committee's action item due in the year, as it stands."""

    key: str
    status: str


SECTORS = release_sources.SECTORS
SEVERAL = release_sources.SEVERAL


def trained_of_year(year: int) -> list[Trained]:
    """The officials enrolled (not withdrawn) in a session of the year that was not cancelled,
    each once, with the department of their sessions ("several" when more than one)."""
    found: dict[str, tuple[str, str]] = {}
    departments: dict[str, set[str]] = defaultdict(set)
    rows = (
        release_sources.enrolments_of_year(year)
        .order_by()
        .values_list(
            "participant_id",
            "participant__sex",
            "participant__institution__type",
            "session__department__code",
        )
    )
    for pk, sex, kind, department in rows:
        found[str(pk)] = (_sex(sex), SECTORS.get(kind, "OTHER"))
        departments[str(pk)].add(department or UNKNOWN)
    return [
        Trained(f"participant:{pk}", sex, sector, where.pop() if len(where) == 1 else SEVERAL)
        for pk, (sex, sector) in found.items()
        if (where := departments[pk])
    ]


def actions_of_year(year: int, today: date) -> list[Commitment]:
    """The committees' action items due in the year: done on time or late, open past their
    date or not yet, cancelled."""
    found = []
    for pk, status, due, done in ActionItem.objects.filter(due_on__year=year).values_list(
        "pk", "status", "due_on", "done_on"
    ):
        if status == ActionStatus.DONE:
            code = "ON_TIME" if done is not None and done <= due else "LATE"
        elif status == ActionStatus.CANCELLED:
            code = "CANCELLED"
        else:
            code = "OVERDUE" if due < today else "PENDING"
        found.append(Commitment(f"action:{pk}", code))
    return found


def _defendants(rows: Iterable[tuple]) -> list[Prosecuted]:
    return [Prosecuted(f"defendant:{pk}", _sex(sex), _citizenship(nat)) for pk, sex, nat in rows]


def prosecution_of_year(year: int) -> dict[str, list[Prosecuted]]:
    """The defendants investigated (their file's investigation opened in the year),
    prosecuted (charged with trafficking in the year) and convicted (a trafficking charge
    ended in a conviction or a plea in the year): each once per stage."""
    fields = ("pk", "sex", "nationality")
    trafficking = Charge.objects.filter(classification=OffenceClass.TRAFFICKING)
    prosecuted = trafficking.filter(charged_on__year=year).values("defendant_id")
    convicted = trafficking.filter(outcome__in=SENTENCED, outcome_on__year=year).values(
        "defendant_id"
    )
    return {
        "investigated": _defendants(
            Defendant.objects.filter(file__investigation_on__year=year).values_list(*fields)
        ),
        "prosecuted": _defendants(Defendant.objects.filter(pk__in=prosecuted).values_list(*fields)),
        "convicted": _defendants(Defendant.objects.filter(pk__in=convicted).values_list(*fields)),
    }


def _outcome(status: str, outcome: str) -> str:
    if status == ReferralStatus.COMPLETED:
        return {"successful": "SUCCESSFUL", "not_successful": "NOT_SUCCESSFUL"}.get(
            outcome, "ENDED"
        )
    return {
        ReferralStatus.SENT.value: "WAITING",
        ReferralStatus.ACCEPTED.value: "ACCEPTED",
        ReferralStatus.DECLINED.value: "DECLINED",
        ReferralStatus.WITHDRAWN.value: "WITHDRAWN",
    }.get(status, UNKNOWN)


def referrals_of_year(year: int) -> list[Referred]:
    rows = ReferralFact.objects.filter(month__year=year).values_list("pk", "status", "outcome")
    return [Referred(f"referral:{pk}", _outcome(status, outcome)) for pk, status, outcome in rows]


def victims_of_year(year: int) -> list[Victim]:
    rows = VictimFact.objects.filter(counted=True, detected_on__year=year).values_list(
        "case_id", "sex", "age_group", "forms", "nationality", "department", "transnational"
    )
    return [
        Victim(
            str(case_id),
            _sex(sex),
            _age(age),
            _form(forms or []),
            _citizenship(nationality),
            department or UNKNOWN,
            "TRANSNATIONAL" if transnational else "DOMESTIC",
        )
        for case_id, sex, age, forms, nationality, department, transnational in rows
    ]


@dataclass(frozen=True)
class Dimension:
    name: str  # the SDMX column: SEX, AGE, ...
    label: Promise
    field: str  # the Victim attribute
    codes: Callable[[], list[tuple[str, str]]]  # (code, label) in the table's order


def _sexes() -> list[tuple[str, str]]:
    return [("F", str(_("Female"))), ("M", str(_("Male"))), (UNKNOWN, str(_("Not recorded")))]


def _ages() -> list[tuple[str, str]]:
    return [
        ("Y_LT18", str(_("Children (under 18)"))),
        ("Y_GE18", str(_("Adults"))),
        (UNKNOWN, str(_("Not recorded"))),
    ]


def _forms() -> list[tuple[str, str]]:
    names = dict(FormOfExploitation.choices)
    return [
        ("SEXUAL", str(names["sexual"])),
        ("LABOUR", str(_("Forced labour, servitude or slavery"))),
        ("CRIMINAL", str(names["criminal"])),
        ("BEGGING", str(names["begging"])),
        ("MARRIAGE", str(names["marriage"])),
        ("OTHER", str(_("Other forms (pregnancy, adoption, organs)"))),
        ("MIXED", str(_("Several forms"))),
        (UNKNOWN, str(_("Not recorded"))),
    ]


def _citizenships() -> list[tuple[str, str]]:
    return [
        ("HND", str(_("Honduran"))),
        ("CAM", str(_("Other Central American"))),
        ("OTHER", str(_("Other countries"))),
        (UNKNOWN, str(_("Not recorded"))),
    ]


def _departments() -> list[tuple[str, str]]:
    found = list(Department.objects.filter(country="HN").values_list("code", "name"))
    return [*found, (UNKNOWN, str(_("Not recorded")))]


def _scopes() -> list[tuple[str, str]]:
    return [("DOMESTIC", str(_("Domestic"))), ("TRANSNATIONAL", str(_("Transnational")))]


def _sectors() -> list[tuple[str, str]]:
    return [
        ("POLICE", str(_("Police"))),
        ("JUSTICE", str(_("Prosecution and judiciary"))),
        ("LABOUR", str(_("Labour inspectorate"))),
        ("MIGRATION", str(_("Migration and consular services"))),
        ("PROTECTION", str(_("Protection and care services"))),
        ("OTHER", str(_("Other institutions"))),
    ]


def _commitments() -> list[tuple[str, str]]:
    return [
        ("ON_TIME", str(_("Done on time"))),
        ("LATE", str(_("Done late"))),
        ("OVERDUE", str(_("Overdue"))),
        ("PENDING", str(_("Not yet due"))),
        ("CANCELLED", str(_("Cancelled"))),
    ]


def _outcomes() -> list[tuple[str, str]]:
    return [
        ("WAITING", str(_("Awaiting an answer"))),
        ("ACCEPTED", str(_("Accepted, in progress"))),
        ("DECLINED", str(_("Declined"))),
        ("WITHDRAWN", str(_("Withdrawn"))),
        ("SUCCESSFUL", str(_("Completed: successful"))),
        ("NOT_SUCCESSFUL", str(_("Completed: not successful"))),
        ("ENDED", str(_("Ended when the case was closed"))),
        (UNKNOWN, str(_("Not recorded"))),
    ]


def _channels() -> list[tuple[str, str]]:
    return [(c.value.upper(), str(c.label)) for c in ReportChannel]


def _triage() -> list[tuple[str, str]]:
    return [
        ("RELATED", str(_("Related to trafficking"))),
        ("NOT_RELATED", str(_("Not trafficking: told where to turn"))),
        ("PENDING", str(_("Not yet triaged"))),
    ]


def _services() -> list[tuple[str, str]]:
    return [(c.value, str(c.label)) for c in ServiceType]


def _providers() -> list[tuple[str, str]]:
    return [*_sectors(), (SEVERAL, str(_("Institutions of several kinds")))]


def _decisions() -> list[tuple[str, str]]:
    return [(o.upper(), str(VerdictOutcome(o).label)) for o in release_sources.OUTCOME_ORDER]


def _sentences() -> list[tuple[str, str]]:
    return [
        ("Y_LT10", str(_("Under 10 years"))),
        ("Y10T14", str(_("10 to 14 years"))),
        ("Y_GE15", str(_("15 years or more"))),
        (UNKNOWN, str(_("Not recorded"))),
    ]


def _compensation() -> list[tuple[str, str]]:
    return [
        ("ORDERED", str(_("Compensation ordered"))),
        ("NOT_ORDERED", str(_("No compensation ordered"))),
    ]


def _training_departments() -> list[tuple[str, str]]:
    *found, unknown = _departments()
    return [*found, (SEVERAL, str(_("Sessions in several departments"))), unknown]


def _gains() -> list[tuple[str, str]]:
    return [
        ("HIGH", str(_("High (0.7 or more)"))),
        ("MEDIUM", str(_("Medium (0.3 to 0.7)"))),
        ("LOW", str(_("Low (under 0.3)"))),
        ("NOT_TESTED", str(_("Without both tests"))),
    ]


def _certified() -> list[tuple[str, str]]:
    return [("CERTIFIED", str(_("Certified"))), ("NOT_CERTIFIED", str(_("Not certified")))]


def _campaign_channels() -> list[tuple[str, str]]:
    return [(c.value.upper(), str(c.label)) for c in Channel]


def _committees() -> list[tuple[str, str]]:
    return [(c.value.upper(), str(c.label)) for c in CommitteeKind]


SEX = Dimension("SEX", _("Sex"), "sex", _sexes)
AGE = Dimension("AGE", _("Age"), "age", _ages)
FORM = Dimension("FORM", _("Form of exploitation"), "form", _forms)
CITIZENSHIP = Dimension("CITIZENSHIP", _("Citizenship"), "citizenship", _citizenships)
DEPARTMENT = Dimension("DEPARTMENT", _("Department"), "department", _departments)
SCOPE = Dimension("SCOPE", _("Domestic or transnational"), "transnational", _scopes)
OUTCOME = Dimension("OUTCOME", _("Status or outcome"), "outcome", _outcomes)
SECTOR = Dimension("SECTOR", _("Institution"), "sector", _sectors)
COMMITMENT = Dimension("STATUS", _("Status"), "status", _commitments)
CHANNEL = Dimension("CHANNEL", _("Channel"), "channel", _channels)
TRIAGE = Dimension("TRIAGE", _("Outcome of the triage"), "outcome", _triage)
SERVICE = Dimension("SERVICE", _("Service"), "service", _services)
PROVIDER = Dimension("PROVIDER", _("Provided by"), "provider", _providers)
DECISION = Dimension("OUTCOME", _("Outcome"), "outcome", _decisions)
SENTENCE = Dimension("SENTENCE", _("Longest sentence"), "sentence", _sentences)
COMPENSATION = Dimension("COMPENSATION", _("Compensation"), "compensation", _compensation)
TRAINING_DEPARTMENT = Dimension(
    "DEPARTMENT", _("Department of the sessions"), "department", _training_departments
)
GAIN = Dimension("GAIN", _("Normalised learning gain"), "gain", _gains)
CERTIFIED = Dimension("CERTIFICATE", _("Certificate"), "certified", _certified)
CAMPAIGN_CHANNEL = Dimension("CHANNEL", _("Channel"), "channel", _campaign_channels)
COMMITTEE = Dimension("COMMITTEE", _("Committee"), "kind", _committees)


SECTIONS = (
    ("victims", _("Victims detected")),
    ("protection", _("Reports, referrals and assistance")),
    ("prosecution", _("Prosecution")),
    ("prevention", _("Prevention and training")),
    ("partnership", _("Coordination")),
)


@dataclass(frozen=True)
class TableSpec:
    code: str
    title: Promise
    rows: Dimension
    columns: Dimension | None = None
    note: Promise | str = ""
    # Rows whose total is below the threshold are published together as one "other" row
    # (as small municipalities are counted in their department): no cell to suppress.
    rollup: bool = False
    # The population counted: "victims", a prosecution stage, "referrals", ... (the keys of
    # ``build_release_tables``'s sources).
    source: str = "victims"
    unit: Promise = VICTIMS
    # Where the observatory shows it (``SECTIONS``).
    section: str = "victims"
    # False for counts about no one (meetings held, agreements taken, the people a campaign
    # says it reached): published as counted, without suppression or perturbation, and left
    # out of the release's disclosure report.
    personal: bool = True

    @property
    def dims(self) -> tuple[str, ...]:
        if self.columns is None:
            return (self.rows.name,)
        return (self.rows.name, self.columns.name)


TABLES = (
    TableSpec(
        "VICTIMS_SEX_AGE",
        _("Victims detected by sex and age (UNODC, SDG 16.2.2)"),
        AGE,
        SEX,
        _("Age on the day of identification."),
    ),
    TableSpec(
        "VICTIMS_FORM_SEX",
        _("Victims detected by form of exploitation and sex"),
        FORM,
        SEX,
        _("A victim of forms from more than one group is counted once, under several forms."),
        rollup=True,
    ),
    TableSpec(
        "VICTIMS_CITIZENSHIP_AGE",
        _("Victims detected by citizenship and age"),
        CITIZENSHIP,
        AGE,
        rollup=True,
    ),
    TableSpec(
        "VICTIMS_DEPARTMENT",
        _("Victims detected by department"),
        DEPARTMENT,
        None,
        _("Where the person was exploited in Honduras, else where the report placed it."),
        rollup=True,
    ),
    TableSpec(
        "VICTIMS_SCOPE_AGE",
        _("Domestic and transnational trafficking, by age"),
        SCOPE,
        AGE,
        _("Transnational: an event abroad, or a victim who is not Honduran."),
    ),
    TableSpec(
        "PERSONS_INVESTIGATED_SEX",
        _("Persons investigated for trafficking, by sex (UNODC)"),
        SEX,
        None,
        _("The defendants of the criminal files whose investigation opened in the year."),
        source="investigated",
        unit=_("Persons"),
        section="prosecution",
    ),
    TableSpec(
        "PERSONS_PROSECUTED_SEX",
        _("Persons prosecuted for trafficking, by sex (UNODC)"),
        SEX,
        None,
        _("The defendants charged with trafficking in the year, each counted once."),
        source="prosecuted",
        unit=_("Persons"),
        section="prosecution",
    ),
    TableSpec(
        "PERSONS_CONVICTED_SEX",
        _("Persons convicted of trafficking, by sex (UNODC)"),
        SEX,
        None,
        _("The defendants whose trafficking charge ended in a conviction or a plea in the year."),
        source="convicted",
        unit=_("Persons"),
        section="prosecution",
    ),
    TableSpec(
        "PERSONS_CONVICTED_CITIZENSHIP",
        _("Persons convicted of trafficking, by citizenship (UNODC)"),
        CITIZENSHIP,
        None,
        source="convicted",
        unit=_("Persons"),
        rollup=True,
        section="prosecution",
    ),
    TableSpec(
        "REFERRALS_OUTCOME",
        _("Referrals between institutions, by status or outcome"),
        OUTCOME,
        None,
        _("The referrals sent in the year, as they stood when the release was prepared."),
        source="referrals",
        unit=_("Referrals"),
        rollup=True,
        section="protection",
    ),
    TableSpec(
        "TRAINED_SECTOR_SEX",
        _("Officials trained, by institution and sex"),
        SECTOR,
        SEX,
        _("Each official enrolled in a training session of the year counted once."),
        source="trained",
        unit=_("Persons"),
        rollup=True,
        section="prevention",
    ),
    TableSpec(
        "ACTION_ITEMS_STATUS",
        _("The committees' action items due in the year, by status"),
        COMMITMENT,
        None,
        _("As they stood when the release was prepared."),
        source="actions",
        unit=_("Action items"),
        section="partnership",
    ),
    # The commission's annual report (the domain brief's list): reports and the hotline,
    # assistance, what courts decided, what training achieved, prevention and coordination.
    TableSpec(
        "REPORTS_CHANNEL_TRIAGE",
        _("Reports received, by channel and outcome of the triage (the 145 hotline included)"),
        CHANNEL,
        TRIAGE,
        _(
            "Every report received in the year. Related to trafficking: passed to the response "
            "team. Not trafficking: closed after telling the caller where to turn. As they "
            "stood when the release was prepared."
        ),
        source="reports",
        unit=_("Reports"),
        rollup=True,
        section="protection",
    ),
    TableSpec(
        "VICTIMS_ASSISTED_SERVICE_SEX",
        _("Victims assisted, by service and sex"),
        SERVICE,
        SEX,
        _(
            "Each victim who received the service at least once in the year (shelter, "
            "repatriation and child-protection measures among them). A victim who received "
            "several services is counted under each: the totals count services received, "
            "not persons."
        ),
        source="assisted",
        unit=_("Victims (once per service)"),
        rollup=True,
        section="protection",
    ),
    TableSpec(
        "VICTIMS_ASSISTED_PROVIDER_AGE",
        _("Victims assisted, by kind of institution that gave the services, and age"),
        PROVIDER,
        AGE,
        _(
            "Each victim with a service delivered in the year, counted once; under several "
            "kinds when institutions of more than one kind assisted them."
        ),
        source="served",
        rollup=True,
        section="protection",
    ),
    TableSpec(
        "PERSONS_DECIDED_OUTCOME",
        _("Persons whose trafficking charges were decided, by outcome"),
        DECISION,
        None,
        _(
            "Each defendant with a trafficking charge decided in the year, counted once: a "
            "conviction on one charge outweighs an acquittal on another. The outcome as it "
            "stands after any appeal."
        ),
        source="decided",
        unit=_("Persons"),
        section="prosecution",
    ),
    TableSpec(
        "PERSONS_CONVICTED_SENTENCE",
        _("Persons convicted of trafficking, by longest sentence and compensation ordered"),
        SENTENCE,
        COMPENSATION,
        _(
            "Each person convicted (or sentenced on a plea) in the year, by the longest "
            "sentence of their trafficking charges, and whether the court ordered them to "
            "compensate the victims."
        ),
        source="sentenced",
        unit=_("Persons"),
        section="prosecution",
    ),
    TableSpec(
        "TRAINED_DEPARTMENT",
        _("Officials trained, by department"),
        TRAINING_DEPARTMENT,
        None,
        _("Each official counted once, where the sessions of the year took place."),
        source="trained",
        unit=_("Persons"),
        rollup=True,
        section="prevention",
    ),
    TableSpec(
        "TRAINING_GAIN_CERTIFICATE",
        _("Training: learning gain from the pre- and post-tests, and certificates"),
        GAIN,
        CERTIFIED,
        _(
            "Each enrolment in a session of the year (an official trained twice counts "
            "twice). The normalised gain is the share of what was left to learn after the "
            "pre-test that the post-test shows was learnt (Hake). A revoked certificate does "
            "not count."
        ),
        source="learnt",
        unit=_("Enrolments"),
        section="prevention",
    ),
    TableSpec(
        "CAMPAIGN_REACH_CHANNEL",
        _("People reached by awareness campaigns, by channel"),
        CAMPAIGN_CHANNEL,
        None,
        _(
            "The reach the organisers recorded for the campaigns that started in the year: "
            "estimates about no one in particular, published as recorded. A person reached "
            "through two channels counts twice."
        ),
        source="reached",
        unit=_("People reached"),
        personal=False,
        section="prevention",
    ),
    TableSpec(
        "MEETINGS_COMMITTEE",
        _("Committee meetings held, by committee"),
        COMMITTEE,
        None,
        _("Published as counted: a meeting is about no one."),
        source="meetings",
        unit=_("Meetings"),
        personal=False,
        section="partnership",
    ),
    TableSpec(
        "AGREEMENTS_COMMITTEE",
        _("Agreements taken, by committee"),
        COMMITTEE,
        None,
        _("The agreements taken at the meetings of the year. Published as counted."),
        source="agreements",
        unit=_("Agreements"),
        personal=False,
        section="partnership",
    ),
)
# Derived from a published table, not counted: victims per 100,000 inhabitants, when the
# year's national population is loaded.
RATES = TableSpec(
    "VICTIMS_RATE_SEX_AGE",
    _("Victims detected per 100,000 inhabitants, by sex and age (SDG 16.2.2)"),
    AGE,
    SEX,
    _(
        "The published counts of the table by sex and age divided by the population; a "
        "suppressed count has no rate."
    ),
    source="rates",
    unit=_("Victims per 100,000 inhabitants"),
)
SPECS = {t.code: t for t in (*TABLES, RATES)}


@cache
def _ptable() -> perturbation.PTable:
    return perturbation.ptable(max_change=2, variance=1.0)


def _secret() -> bytes:
    """The key of the record keys: fixed for the life of a deployment (change it and every
    published value moves, which is what the method exists to prevent)."""
    configured = getattr(settings, "RUTA_STATISTICS_KEY", "")
    if configured:
        return configured.encode()
    return hmac.new(
        settings.SECRET_KEY.encode(), b"ruta.statistics.cell-key", hashlib.sha256
    ).digest()


@dataclass
class BuiltTable:
    spec: TableSpec
    protection: disclosure.Protection
    cells: list[sdmx.Cell]
    labels: dict[str, dict[str, str]]  # dimension name -> code -> label
    perturbed: int  # published cells whose value differs from the count
    rolled_up: list[str]  # the row codes published together as "other"

    @property
    def dims(self) -> tuple[str, ...]:
        return self.spec.dims

    def summary(self) -> dict:
        return {
            **self.protection.summary(),
            "perturbed": self.perturbed,
            "rolled_up": self.rolled_up,
            "personal": self.spec.personal,
        }


def _rollup(totals: dict[str, int], threshold: int) -> list[str]:
    """The rows to publish together: each nonzero row under the threshold, then, while the
    group is still under it, the smallest of the others."""
    small = [code for code, n in totals.items() if 0 < n < threshold]
    if not small:
        return []
    merged = set(small)
    rest = sorted((n, code) for code, n in totals.items() if n >= threshold)
    while 0 < sum(totals[c] for c in merged) < threshold and rest:
        merged.add(rest.pop(0)[1])
    # One row alone is not "others", nor is every row: rows stay themselves, and suppression
    # protects them.
    named = [code for code, n in totals.items() if n and code not in merged]
    return sorted(merged) if len(merged) > 1 and named else []


def build_table(
    spec: TableSpec, victims: Iterable[Any], *, threshold: int, protection: int
) -> BuiltTable:
    """The table of ``spec`` over records (victims, defendants or referrals: anything with a
    ``key`` and the attributes the spec's dimensions read), protected."""
    victims = list(victims)
    # A code the dimension does not list is counted as not recorded, never dropped: every
    # record stays in the totals ("not recorded" is left out again below when unused).
    unrecorded = (UNKNOWN, str(_("Not recorded")))
    rows = spec.rows.codes()
    rows = rows if any(c == UNKNOWN for c, _l in rows) else [*rows, unrecorded]
    columns = spec.columns.codes() if spec.columns is not None else []
    if spec.columns is not None and not any(c == UNKNOWN for c, _l in columns):
        columns = [*columns, unrecorded]
    row_codes = [c for c, _l in rows]
    known = set(row_codes)
    known_columns = {c for c, _l in columns}

    def row_of(v: Victim) -> str:
        code = getattr(v, spec.rows.field)
        return code if code in known else UNKNOWN

    column_field = spec.columns.field if spec.columns is not None else ""

    def column_of(v: Victim) -> str:
        code = getattr(v, column_field)
        return code if code in known_columns else UNKNOWN

    rolled: list[str] = []
    if spec.rollup and spec.personal:
        totals = dict.fromkeys(row_codes, 0)
        for v in victims:
            totals[row_of(v)] += 1
        rolled = _rollup(totals, threshold)
    if rolled:
        rows = [(c, label) for c, label in rows if c not in rolled]
        rows.append((OTHER, str(_("Others (each too few to publish alone)"))))
        row_codes = [c for c, _l in rows]
    secret = _secret()
    counts: dict[tuple[str, ...], int] = defaultdict(int)
    key_sums: dict[tuple[str, ...], int] = defaultdict(int)
    for v in victims:
        r = row_of(v)
        if r in rolled:
            r = OTHER
        key = perturbation.record_key(secret, v.key) if spec.personal else 0
        if spec.columns is None:
            cell: tuple[str, ...] = (r,)
            around: tuple[tuple[str, ...], ...] = ((r,), (disclosure.TOTAL,))
        else:
            c = column_of(v)
            cell = (r, c)
            around = ((r, c), (r, disclosure.TOTAL), (disclosure.TOTAL, c))
            around += ((disclosure.TOTAL, disclosure.TOTAL),)
        # A record counts once, unless it carries a weight (a campaign's people reached).
        counts[cell] += getattr(v, "weight", 1)
        for k in around:
            key_sums[k] += key
    # "Not recorded" is left out of a dimension where nothing is unrecorded (no empty row or
    # column to read).
    used_rows = {k[0] for k, n in counts.items() if n}
    if UNKNOWN not in used_rows:
        rows = [(c, label) for c, label in rows if c != UNKNOWN]
        row_codes = [c for c, _l in rows]
    if spec.columns is not None and not any(n and k[1] == UNKNOWN for k, n in counts.items()):
        columns = [(c, label) for c, label in columns if c != UNKNOWN]
    codes = [row_codes] + ([[c for c, _l in columns]] if spec.columns is not None else [])
    t = disclosure.table(spec.dims, codes, counts)
    if not spec.personal:
        # About no one: nothing below the threshold to hide, no value to perturb.
        result = disclosure.protect(t, threshold=1, protection=1)
        cells = sdmx.published_cells(result)
        return BuiltTable(spec, result, cells, _labels(spec, rows, columns), 0, [])
    result = disclosure.protect(t, threshold=threshold, protection=protection)
    table_keys = t.keys
    ptable = _ptable()

    def perturb(i: int, value: int) -> int:
        return ptable.publish(value, key_sums.get(table_keys[i], 0) % perturbation.KEYS)

    cells = sdmx.published_cells(result, perturb)
    changed = sum(
        1
        for published, value in zip(cells, t.values, strict=True)
        if published.value is not None and published.value != value
    )
    return BuiltTable(spec, result, cells, _labels(spec, rows, columns), changed, rolled)


def _labels(spec: TableSpec, rows: list, columns: list) -> dict[str, dict[str, str]]:
    labels = {spec.rows.name: {**dict(rows), disclosure.TOTAL: str(_("Total"))}}
    if spec.columns is not None:
        labels[spec.columns.name] = {**dict(columns), disclosure.TOTAL: str(_("Total"))}
    return labels


@dataclass
class DerivedTable:
    """A table computed from published values only (no count of its own to protect)."""

    spec: TableSpec
    cells: list[sdmx.Cell]
    source: str

    @property
    def dims(self) -> tuple[str, ...]:
        return self.spec.dims

    def summary(self) -> dict:
        published = sum(1 for c in self.cells if c.value is not None)
        return {"derived": True, "source": self.source, "cells": len(self.cells),
                "published": published, "primary": 0, "secondary": 0, "perturbed": 0,
                "rolled_up": []}  # fmt: skip


def rate_table(counts: BuiltTable, year: int) -> DerivedTable | None:
    """Victims per 100,000 inhabitants by sex and age, from the *published* values of the sex
    and age table (so that a rate reveals nothing its count did not) and the year's national
    population; None when no population is loaded. Rows and columns of unrecorded sex or age
    have no population and no rate; the totals count every victim."""
    figures, source = national(year)
    if not figures:
        return None
    by_code = {(_sex(sex), _age(age)): n for (sex, age), n in figures.items()}
    cells = []
    for cell in counts.cells:
        age, sex = cell.key
        if UNKNOWN in (age, sex):
            continue
        population = sum(
            n
            for (s, a), n in by_code.items()
            if sex in (disclosure.TOTAL, s) and age in (disclosure.TOTAL, a)
        )
        if cell.value is None or not population:
            cells.append(sdmx.Cell(cell.key, None, sdmx.OBS_MISSING, cell.conf_status))
        else:
            rate = round(100_000 * cell.value / population, 2)
            cells.append(sdmx.Cell(cell.key, rate, cell.obs_status, cell.conf_status))
    return DerivedTable(RATES, cells, source)


def build_release_tables(year: int, *, threshold: int, protection: int) -> list[BuiltTable]:
    sources: dict[str, list[Any]] = {
        "victims": victims_of_year(year),
        "referrals": referrals_of_year(year),
        "trained": trained_of_year(year),
        "actions": actions_of_year(year, timezone.localdate()),
        **prosecution_of_year(year),
        "reports": release_sources.reports_of_year(year),
        "assisted": release_sources.assisted_of_year(year),
        "served": release_sources.served_of_year(year),
        "decided": release_sources.decided_of_year(year),
        "sentenced": release_sources.sentenced_of_year(year),
        "learnt": release_sources.learnt_of_year(year),
        "reached": release_sources.reached_of_year(year),
        "meetings": release_sources.meetings_of_year(year),
        "agreements": release_sources.agreements_of_year(year),
    }
    return [
        build_table(spec, sources[spec.source], threshold=threshold, protection=protection)
        for spec in TABLES
    ]
