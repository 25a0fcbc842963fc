"""What the commission's annual report tables count, read from the records of a year: reports
by channel (the 145 hotline's calls among them), victims assisted by service and by provider,
persons whose trafficking charges were decided and the sentences of those convicted, the
officials trained by department and by what they learnt, the reach of the awareness campaigns,
and the committees' meetings and agreements.

Each population is a list of small records with a ``key`` (the record whose fixed key perturbs
the cells it is counted in) and the codes the table's dimensions read; none holds a name or a
free text. A record counts once in its table (``weight`` records count their weight: the people
a campaign reached, which are already totals and are about no one).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ruta.coordination.choices import MeetingStatus
from ruta.coordination.models import Agreement, Meeting
from ruta.intake.choices import ReportStatus
from ruta.intake.models import Report
from ruta.prevention.choices import EnrolmentStatus, SessionStatus
from ruta.prevention.models import CampaignReach, Enrolment
from ruta.prosecution.choices import SENTENCED, OffenceClass, VerdictOutcome
from ruta.prosecution.models import Charge
from ruta.reporting.models import ServiceFact

UNKNOWN = "_U"
SEVERAL = "SEVERAL"  # a person counted once although more than one row applies

SECTORS = {
    "police": "POLICE",
    "police_academy": "POLICE",
    "prosecution": "JUSTICE",
    "judiciary": "JUSTICE",
    "labour": "LABOUR",
    "immigration": "MIGRATION",
    "consular": "MIGRATION",
    "child_protection": "PROTECTION",
    "social_services": "PROTECTION",
    "shelter": "PROTECTION",
    "health": "PROTECTION",
    "response_team": "PROTECTION",
}


def sex_code(code: str) -> str:
    return {"female": "F", "male": "M"}.get(code, UNKNOWN)


def age_code(group: str) -> str:
    return {"child": "Y_LT18", "adult": "Y_GE18"}.get(group, UNKNOWN)


@dataclass(frozen=True)
class Reported:
    """A report received in the year: its channel and what triage made of it."""

    key: str
    channel: str
    outcome: str


def reports_of_year(year: int) -> list[Reported]:
    """Every report received in the year, from any channel: related to trafficking (accepted
    into the response team's queue), not trafficking (closed, the caller told where to turn:
    closing requires it), or not yet triaged."""
    outcomes = {
        ReportStatus.ACCEPTED.value: "RELATED",
        ReportStatus.CLOSED.value: "NOT_RELATED",
    }
    rows = Report.objects.filter(received_at__year=year).values_list("pk", "channel", "status")
    return [
        Reported(f"report:{pk}", channel.upper(), outcomes.get(status, "PENDING"))
        for pk, channel, status in rows.order_by().iterator(chunk_size=5000)
    ]


@dataclass(frozen=True)
class Assisted:
    """A victim who received a type of service in the year: once per type."""

    key: str
    service: str
    sex: str


def assisted_of_year(year: int) -> list[Assisted]:
    """Each (victim, type of service) with at least one delivery in the year, once: the table's
    rows are persons, its total counts a person once per type of service received."""
    rows = (
        ServiceFact.objects.filter(month__year=year)
        .order_by()
        .values_list("case_id", "type", "sex")
        .distinct()
    )
    return [Assisted(f"service:{case}:{kind}", kind, sex_code(sex)) for case, kind, sex in rows]


@dataclass(frozen=True)
class Served:
    """A victim assisted in the year, by who gave the services."""

    key: str
    provider: str
    age: str


def served_of_year(year: int) -> list[Served]:
    """Each victim with a delivery in the year, once: under the kind of institution that gave
    the services, or under "several" when institutions of more than one kind did."""
    providers: dict[str, set[str]] = defaultdict(set)
    ages: dict[str, str] = {}
    rows = (
        ServiceFact.objects.filter(month__year=year)
        .order_by()
        .values_list("case_id", "provider__type", "age_group")
        .distinct()
    )
    for case, kind, age in rows:
        providers[str(case)].add(SECTORS.get(kind, "OTHER"))
        ages[str(case)] = age_code(age)
    return [
        Served(f"case:{case}", kinds.pop() if len(kinds) == 1 else SEVERAL, ages[case])
        for case, kinds in providers.items()
    ]


@dataclass(frozen=True)
class Decided:
    """A person whose trafficking charge was decided in the year, with the outcome."""

    key: str
    sex: str
    outcome: str


# A person with several charges decided is counted once, under the first of these that any of
# the charges had (a conviction outweighs an acquittal on another count).
OUTCOME_ORDER = (
    VerdictOutcome.CONVICTED.value,
    VerdictOutcome.PLEA.value,
    VerdictOutcome.ACQUITTED.value,
    VerdictOutcome.DISMISSED.value,
)


def _trafficking_decided(year: int):
    return Charge.objects.filter(
        classification=OffenceClass.TRAFFICKING, outcome_on__year=year
    ).exclude(outcome="")


def decided_of_year(year: int) -> list[Decided]:
    outcomes: dict[str, set[str]] = defaultdict(set)
    sexes: dict[str, str] = {}
    rows = _trafficking_decided(year).values_list("defendant_id", "defendant__sex", "outcome")
    for defendant, sex, outcome in rows.order_by():
        outcomes[str(defendant)].add(outcome)
        sexes[str(defendant)] = sex_code(sex)
    return [
        Decided(
            f"defendant:{pk}",
            sexes[pk],
            next(o for o in OUTCOME_ORDER if o in found).upper(),
        )
        for pk, found in outcomes.items()
    ]


@dataclass(frozen=True)
class Sentenced:
    """A person convicted of trafficking in the year: the longest sentence, and whether the
    court ordered compensation of the victims."""

    key: str
    sentence: str
    compensation: str


# (band code, the band's upper limit in days, exclusive); a year is 365 days as in a verdict.
# Around the penalty the Honduran law sets for trafficking (10 to 15 years, more when
# aggravated): a country convicts tens of persons a year, and finer bands would publish
# mostly suppressed cells.
SENTENCE_BANDS = (
    ("Y_LT10", 10 * 365),
    ("Y10T14", 15 * 365),
    ("Y_GE15", None),
)


def sentence_band(days: int | None) -> str:
    if not days:
        return UNKNOWN
    return next(code for code, limit in SENTENCE_BANDS if limit is None or days < limit)


def sentenced_of_year(year: int) -> list[Sentenced]:
    longest: dict[str, int] = defaultdict(int)
    compensated: dict[str, bool] = defaultdict(bool)
    rows = (
        _trafficking_decided(year)
        .filter(outcome__in=SENTENCED)
        .values_list("defendant_id", "sentence_days", "compensation_ordered")
    )
    for defendant, days, compensation in rows.order_by():
        longest[str(defendant)] = max(longest[str(defendant)], days or 0)
        compensated[str(defendant)] |= bool(compensation)
    return [
        Sentenced(
            f"defendant:{pk}",
            sentence_band(days),
            "ORDERED" if compensated[pk] else "NOT_ORDERED",
        )
        for pk, days in longest.items()
    ]


@dataclass(frozen=True)
class Learnt:
    """An official's enrolment in a session of the year: how much of what was left to learn
    was learnt (the normalised gain, from the pre- and post-tests) and whether a certificate
    stands."""

    key: str
    gain: str
    certified: str


def gain_band(gain: float | None) -> str:
    """Hake's bands of the normalised gain."""
    if gain is None:
        return "NOT_TESTED"
    if gain >= 0.7:
        return "HIGH"
    return "MEDIUM" if gain >= 0.3 else "LOW"


def enrolments_of_year(year: int):
    """The enrolments (not withdrawn) in the sessions of the year that were not cancelled."""
    return (
        Enrolment.objects.filter(session__starts_on__year=year)
        .exclude(session__status=SessionStatus.CANCELLED)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
    )


def learnt_of_year(year: int) -> list[Learnt]:
    rows = (
        enrolments_of_year(year)
        .order_by()
        .values_list("pk", "gain", "certificate__pk", "certificate__revoked_at")
    )
    return [
        Learnt(
            f"enrolment:{pk}",
            gain_band(gain),
            "CERTIFIED" if certificate is not None and revoked is None else "NOT_CERTIFIED",
        )
        for pk, gain, certificate, revoked in rows
    ]


@dataclass(frozen=True)
class Reached:
    """The people an awareness campaign of the year reached through one channel."""

    key: str
    channel: str
    weight: int


def reached_of_year(year: int) -> list[Reached]:
    rows = CampaignReach.objects.filter(campaign__starts_on__year=year).values_list(
        "pk", "channel", "people"
    )
    return [Reached(f"reach:{pk}", channel.upper(), people) for pk, channel, people in rows]


@dataclass(frozen=True)
class Convened:
    """A committee's meeting held in the year, or an agreement it took."""

    key: str
    kind: str


def meetings_of_year(year: int) -> list[Convened]:
    rows = Meeting.objects.filter(starts_at__year=year, status=MeetingStatus.HELD).values_list(
        "pk", "committee__kind"
    )
    return [Convened(f"meeting:{pk}", kind.upper()) for pk, kind in rows]


def agreements_of_year(year: int) -> list[Convened]:
    rows = Agreement.objects.filter(meeting__starts_at__year=year).values_list(
        "pk", "committee__kind"
    )
    return [Convened(f"agreement:{pk}", kind.upper()) for pk, kind in rows]
