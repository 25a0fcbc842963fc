"""What the response dashboard counts of a case: each service delivered and each referral,
with the case's department and the person's sex and age group on the day (the same rules as
the victims' facts, in ``facts``). Read in a few queries per batch of cases, whoever the
case's identification decision found: services and referrals are work done, counted whether
or not the person was finally identified."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from uuid import UUID

from ruta.care.models import ServiceDelivery
from ruta.cases.models import Case, TraffickingEvent
from ruta.referrals.choices import ReferralStatus
from ruta.referrals.models import Referral
from ruta.reporting.facts import age_group_on, case_department, local_date
from ruta.reporting.models import ReferralFact, ServiceFact

ANSWERED = (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.COMPLETED)


def _cases(ids: list[UUID]) -> dict[UUID, Case]:
    return {
        case.pk: case
        for case in Case.objects.filter(pk__in=ids)
        .select_related("person", "report")
        .only(
            "id",
            "institution_id",
            "opened_at",
            "is_child",
            "report__department_id",
            "person__sex",
            "person__date_of_birth",
            "person__estimated_age",
            "person__age_estimated_on",
        )
    }


def _departments(cases: dict[UUID, Case]) -> dict[UUID, str]:
    events: dict[UUID, list[tuple[str, str, str]]] = defaultdict(list)
    for case_id, kind, country, department in TraffickingEvent.objects.filter(
        case_id__in=list(cases)
    ).values_list("case_id", "type", "country", "department_id"):
        events[case_id].append((kind, country, department or ""))
    return {
        pk: case_department(events.get(pk, []), case.report.department_id if case.report else None)
        for pk, case in cases.items()
    }


def compute_response_facts(
    case_ids: Iterable[UUID],
) -> tuple[list[ServiceFact], list[ReferralFact]]:
    """The services delivered and the referrals of the given cases. Five queries whatever
    the number of cases."""
    ids = list(case_ids)
    if not ids:
        return [], []
    deliveries = list(
        ServiceDelivery.objects.filter(service__plan__case_id__in=ids)
        .order_by()
        .values_list(
            "pk", "service__plan__case_id", "recorded_for_id", "delivered_on", "service__type"
        )
    )
    referrals = list(
        Referral.objects.filter(case_id__in=ids)
        .order_by()
        .values_list(
            "pk",
            "case_id",
            "from_institution_id",
            "to_institution_id",
            "type",
            "status",
            "outcome",
            "sent_at",
            "due_at",
            "answered_at",
        )
    )
    wanted = {row[1] for row in deliveries} | {row[1] for row in referrals}
    if not wanted:
        return [], []
    cases = _cases(sorted(wanted))
    departments = _departments(cases)

    def person(case: Case, on: date) -> dict[str, str]:
        return {
            "department": departments[case.pk],
            "sex": case.person.sex,
            "age_group": age_group_on(case, on),
        }

    services = [
        ServiceFact(
            delivery_id=pk,
            case_id=case_id,
            institution_id=cases[case_id].institution_id,
            provider_id=provider_id,
            delivered_on=on,
            month=on.replace(day=1),
            type=kind,
            **person(cases[case_id], on),
        )
        for pk, case_id, provider_id, on, kind in deliveries
    ]
    facts = []
    for pk, case_id, from_id, to_id, kind, status, outcome, sent, due, answered in referrals:
        sent_on = local_date(sent)
        hours = None
        on_time = None
        if answered is not None and status in ANSWERED:
            hours = max(int((answered - sent).total_seconds() // 3600), 0)
            on_time = answered <= due
        facts.append(
            ReferralFact(
                referral_id=pk,
                case_id=case_id,
                from_institution_id=from_id,
                to_institution_id=to_id,
                month=sent_on.replace(day=1),
                type=kind,
                status=status,
                outcome=outcome or "",
                due_at=due,
                answer_hours=hours,
                answered_on_time=on_time,
                **person(cases[case_id], sent_on),
            )
        )
    return services, facts
