"""What the statistics count of a case, read from the records in a few queries per batch of
cases (never one per case), and the counting of facts into the summary table.

A case counts when its latest identification decision is presumed or identified; it is dated
by the first decision that found the person presumed or identified. Age is the age on that
date (from the date of birth, else from an estimated age and the day it was estimated, else
"child" when the case was opened as a child's). The department is where the person was
exploited in Honduras (else where recruited or moved through, else where the report placed
it); a case is transnational when an event lies outside Honduras or the person is not
Honduran. Times are whole days from the report (or the opening of the case, without one) to
the first contact, to the identification decision and to the first service delivered.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from uuid import UUID

from django.db.models import Min
from django.utils import timezone

from ruta.care.models import ServiceDelivery
from ruta.cases.models import Case, IdentificationDecision, TraffickingEvent
from ruta.reporting.choices import AgeCell, AgeGroup
from ruta.reporting.models import VictimCount, VictimFact

HOME = "HND"
COUNTED = ("presumed", "identified")
ADULT_AGE = 18


def age_cell(sex: str, age_group: str) -> str:
    if age_group == AgeGroup.CHILD and sex == "female":
        return AgeCell.GIRL
    if age_group == AgeGroup.CHILD and sex == "male":
        return AgeCell.BOY
    if age_group == AgeGroup.ADULT and sex == "female":
        return AgeCell.WOMAN
    if age_group == AgeGroup.ADULT and sex == "male":
        return AgeCell.MAN
    return AgeCell.OTHER


def _years_between(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_on(case: Case, on: date) -> int | None:
    """The person's age on ``on``: from the date of birth, else from an estimated age and
    the day it was estimated (else the opening of the case)."""
    person = case.person
    age: int | None = None
    if person.date_of_birth is not None:
        age = _years_between(person.date_of_birth, on)
    elif person.estimated_age is not None:
        base = person.age_estimated_on or case.opened_at.date()
        age = person.estimated_age + max(_years_between(base, on), 0)
    return age if age is not None and age >= 0 else None


def age_group_on(case: Case, on: date) -> str:
    age = age_on(case, on)
    if age is not None:
        return AgeGroup.CHILD if age < ADULT_AGE else AgeGroup.ADULT
    if case.is_child:
        return AgeGroup.CHILD
    return AgeGroup.UNKNOWN


def local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _days(start: date, end: date | None) -> int | None:
    if end is None:
        return None
    return max((end - start).days, 0)


def compute_facts(case_ids: Iterable[UUID]) -> list[VictimFact]:
    """The facts of the given cases that count (``counted`` not yet decided: see
    ``mark_counted``). Five queries whatever the number of cases."""
    ids = list(case_ids)
    if not ids:
        return []
    decisions: dict[UUID, list[tuple[date, str]]] = defaultdict(list)
    for case_id, status, decided_on in (
        IdentificationDecision.objects.filter(case_id__in=ids)
        .order_by("case_id", "decided_on", "created_at")
        .values_list("case_id", "status", "decided_on")
    ):
        decisions[case_id].append((decided_on, status))
    detected: dict[UUID, tuple[date, str]] = {}
    for case_id, rows in decisions.items():
        latest = rows[-1][1]
        if latest in COUNTED:
            first = next(day for day, status in rows if status in COUNTED)
            detected[case_id] = (first, latest)
    if not detected:
        return []
    events: dict[UUID, list[tuple[str, str, str]]] = defaultdict(list)
    for case_id, kind, country, department in TraffickingEvent.objects.filter(
        case_id__in=detected
    ).values_list("case_id", "type", "country", "department_id"):
        events[case_id].append((kind, country, department or ""))
    first_service = dict(
        ServiceDelivery.objects.filter(service__plan__case_id__in=detected)
        .order_by()
        .values("service__plan__case_id")
        .annotate(first=Min("delivered_on"))
        .values_list("service__plan__case_id", "first")
    )
    cases = (
        Case.objects.filter(pk__in=detected)
        .select_related("person", "report")
        .only(
            "id",
            "institution_id",
            "person_id",
            "victim_type",
            "opened_at",
            "first_contact_at",
            "is_child",
            "forms_of_exploitation",
            "report__channel",
            "report__received_at",
            "report__department_id",
            "person__sex",
            "person__date_of_birth",
            "person__estimated_age",
            "person__age_estimated_on",
            "person__nationalities",
        )
    )
    facts = []
    for case in cases:
        detected_on, status = detected[case.pk]
        report = case.report
        start = local_date(report.received_at if report is not None else case.opened_at)
        nationality = (case.person.nationalities or [""])[0][:3]
        case_events = events.get(case.pk, [])
        department = case_department(case_events, report.department_id if report else None)
        abroad = any(country and country != HOME for _k, country, _d in case_events)
        facts.append(
            VictimFact(
                case_id=case.pk,
                person_key=case.person_id,
                institution_id=case.institution_id,
                detected_on=detected_on,
                month=detected_on.replace(day=1),
                status=status,
                sex=case.person.sex,
                age_group=age_group_on(case, detected_on),
                forms=sorted(set(case.forms_of_exploitation or [])),
                nationality=nationality,
                department=department,
                transnational=abroad or nationality not in ("", HOME),
                victim_type=case.victim_type,
                channel=report.channel if report is not None else "",
                days_to_contact=_days(
                    start, local_date(case.first_contact_at) if case.first_contact_at else None
                ),
                days_to_identification=_days(start, detected_on),
                days_to_service=_days(start, first_service.get(case.pk)),
            )
        )
    return facts


def case_department(events: list[tuple[str, str, str]], reported: str | None) -> str:
    """Where the person was exploited in Honduras, else recruited or moved through there,
    else where the report placed it."""
    for wanted in ("exploitation", None):
        for kind, country, department in events:
            if department and country == HOME and (wanted is None or kind == wanted):
                return department
    return reported or ""


def mark_counted(person_keys: Iterable[UUID]) -> None:
    """A person is counted once a year: for the earliest case detected that year (then the
    case with the smaller id). Sets ``counted`` on every fact of the given persons."""
    keys = list(set(person_keys))
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        seen: set[tuple[UUID, int]] = set()
        first, later = [], []
        for case_id, person_key, detected_on in (
            VictimFact.objects.filter(person_key__in=chunk)
            .order_by("person_key", "detected_on", "case_id")
            .values_list("case_id", "person_key", "detected_on")
        ):
            year_key = (person_key, detected_on.year)
            if year_key in seen:
                later.append(case_id)
            else:
                seen.add(year_key)
                first.append(case_id)
        for ids, value in ((first, True), (later, False)):
            for i in range(0, len(ids), 500):
                VictimFact.objects.filter(pk__in=ids[i : i + 500]).exclude(counted=value).update(
                    counted=value
                )


COUNT_DIMENSIONS = (
    "department",
    "sex",
    "age_group",
    "nationality",
    "transnational",
    "victim_type",
    "channel",
    "status",
)


def count_partition(facts: Iterable[VictimFact]) -> list[VictimCount]:
    """The summary rows of the counted facts of one (month, institution)."""
    totals: dict[tuple, Counter] = defaultdict(Counter)
    for fact in facts:
        if not fact.counted:
            continue
        base = tuple(getattr(fact, d) for d in COUNT_DIMENSIONS)
        forms = fact.forms or [""]
        for i, form in enumerate(forms):
            key = (fact.month, fact.institution_id, form, i == 0, *base)
            row = totals[key]
            row["victims"] += 1
            for name, value in (
                ("contact", fact.days_to_contact),
                ("identification", fact.days_to_identification),
                ("service", fact.days_to_service),
            ):
                if value is not None:
                    row[f"{name}_days"] += value
                    row[f"{name}_n"] += 1
    rows = []
    for key, sums in totals.items():
        month, institution_id, form, primary = key[:4]
        base = key[4:]
        rows.append(
            VictimCount(
                month=month,
                institution_id=institution_id,
                form=form,
                primary=primary,
                **dict(zip(COUNT_DIMENSIONS, base, strict=True)),
                **sums,
            )
        )
    return rows
