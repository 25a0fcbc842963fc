"""The registry of named computations: each figure checked against a count made by hand on
fixture data, with records on both sides of the period's edges, and the recompute service
(history kept, one current value per cell, audit, scope)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from ruta.audit.models import AuditEvent
from ruta.cases.choices import TaskKind
from ruta.cases.models import Case, Task
from ruta.cases.services import case_open
from ruta.coordination.models import ActionItem, Committee
from ruta.core.choices import InstitutionType as T
from ruta.people.services import person_create
from ruta.referrals.models import Referral
from ruta.results import computations as c
from ruta.results.models import Indicator, Measurement, ResultNode, ResultsFramework
from ruta.results.registry import REGISTRY
from ruta.results.services.recompute import framework_recompute, indicator_recompute
from tests.coordination.world import _agreement, _meeting
from tests.factories import actor_of, make_institution, make_user

pytestmark = pytest.mark.django_db

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def _at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def team():
    home = make_institution("Equipo", T.RESPONSE_TEAM)
    coordinator = actor_of(make_user("eri_coordinator", home))
    return home, coordinator


def _case(coordinator, sex: str, began: datetime, contact_after: timedelta | None) -> Case:
    person = person_create(actor=coordinator, given_names="Ana", first_surname="Caso", sex=sex)
    case = case_open(actor=coordinator, person=person)
    first = began + contact_after if contact_after is not None else None
    Case.objects.filter(pk=case.pk).update(opened_at=began, first_contact_at=first)
    return case


def test_every_named_computation_of_the_issue_is_registered():
    for code in (
        "first_contact_24h",
        "child_cases_notified_same_day",
        "referrals_answered_on_time",
        "officers_certified_mandatory",
        "actions_done_on_time",
        "convictions",
    ):
        assert code in REGISTRY


def test_every_computation_runs_on_an_empty_platform():
    # No record: percentages have no value (no denominator), counts are 0.
    for computation in REGISTRY.values():
        values = computation.compute(*MARCH)
        if computation.unit == "percent":
            assert values == {}, computation.code
        else:
            assert values[""] == Decimal(0), computation.code


def test_first_contact_within_24_hours(team):
    _, coordinator = team
    # In March (by the time the case began): 5 cases.
    _case(coordinator, "female", _at(date(2026, 3, 1), 0, 0), timedelta(hours=2))  # on time
    _case(coordinator, "female", _at(date(2026, 3, 10)), timedelta(hours=24))  # on time (edge)
    _case(coordinator, "female", _at(date(2026, 3, 12)), timedelta(hours=25))  # late
    _case(coordinator, "male", _at(date(2026, 3, 31), 23, 59), timedelta(hours=1))  # on time
    _case(coordinator, "male", _at(date(2026, 3, 20)), None)  # never contacted: late
    # Outside March: ignored.
    _case(coordinator, "male", _at(date(2026, 4, 1), 0, 0), timedelta(hours=1))
    _case(coordinator, "female", _at(date(2026, 2, 28), 23, 59), timedelta(hours=1))
    values = c.first_contact_24h(*MARCH)
    # Total 3 of 5 = 60 %; women 2 of 3 = 66.7 %; men 1 of 2 = 50 %.
    assert values == {
        "": Decimal("60.0"),
        "sex:female": Decimal("66.7"),
        "sex:male": Decimal("50.0"),
    }


def test_child_cases_notified_the_same_day(team):
    _, coordinator = team

    def task(due: datetime, done: datetime | None) -> None:
        # One open notification per case: each task on a case of its own.
        case = _case(coordinator, "female", _at(date(2026, 3, 1)), timedelta(hours=1))
        Task.objects.filter(case=case).delete()
        Task.objects.create(
            case=case, kind=TaskKind.CHILD_PROTECTION_NOTIFICATION, due_at=due, done_at=done
        )

    due = _at(date(2026, 3, 5), 23, 59)
    task(due, due - timedelta(hours=3))  # on time
    task(_at(date(2026, 3, 6), 23, 59), _at(date(2026, 3, 6), 23, 59))  # on time (edge)
    task(_at(date(2026, 3, 7), 23, 59), _at(date(2026, 3, 8), 9))  # the next day: late
    task(_at(date(2026, 3, 8), 23, 59), None)  # not done: late
    task(_at(date(2026, 4, 1), 23, 59), None)  # April: ignored
    # 2 of 4 = 50 %.
    assert c.child_cases_notified_same_day(*MARCH) == {"": Decimal("50.0")}


def test_referrals_answered_on_time(team):
    home, coordinator = team
    case = _case(coordinator, "female", _at(date(2026, 3, 1)), timedelta(hours=1))
    shelter = make_institution("Albergue", T.SHELTER)
    n = iter(range(100))

    def referral(sent: datetime, answered: datetime | None, status: str = "accepted") -> None:
        Referral.objects.create(
            reference=f"D-TEST-{next(n):04d}",
            case=case,
            from_institution=home,
            to_institution=shelter,
            type="care",
            services=["Shelter"],
            status=status,
            sent_at=sent,
            due_at=sent + timedelta(days=2),
            answered_at=answered,
            sent_by=coordinator.user,
        )

    sent = _at(date(2026, 3, 3))
    referral(sent, sent + timedelta(days=1))  # on time
    referral(sent, sent + timedelta(days=2))  # on time (edge)
    referral(sent, sent + timedelta(days=3), "declined")  # late
    referral(sent, None, "sent")  # not answered: late
    referral(sent, None, "withdrawn")  # withdrawn unanswered: not counted
    referral(_at(date(2026, 4, 2)), _at(date(2026, 4, 2)))  # April: ignored
    # 2 of 4 = 50 %.
    assert c.referrals_answered_on_time(*MARCH) == {"": Decimal("50.0")}


def test_actions_done_on_time(team):
    home, _ = team
    committee = Committee.objects.create(
        kind="plenary", name="Pleno", acronym="PL", secretariat=home, language="es"
    )
    meeting = _meeting(committee, 1, _at(date(2026, 2, 1)))
    agreement = _agreement(committee, meeting, 1)

    def action(due: date, status: str = "pending", done_on: date | None = None) -> None:
        ActionItem.objects.create(
            agreement=agreement,
            committee=committee,
            owner_institution=home,
            description="x",
            due_on=due,
            status=status,
            done_on=done_on,
        )

    action(date(2026, 3, 10), "done", date(2026, 3, 9))  # on time
    action(date(2026, 3, 10), "done", date(2026, 3, 10))  # on time (edge)
    action(date(2026, 3, 10), "done", date(2026, 3, 11))  # late
    action(date(2026, 3, 31), "in_progress")  # open past due: late
    action(date(2026, 3, 15), "cancelled")  # cancelled: not counted
    action(date(2026, 4, 1), "done", date(2026, 3, 1))  # due in April: ignored
    # 2 of 4 = 50 %.
    assert c.actions_done_on_time(*MARCH) == {"": Decimal("50.0")}


@pytest.fixture
def framework(team):
    home, _ = team
    analyst = make_user("me_analyst", home)
    fw = ResultsFramework.objects.create(
        kind="logic_model",
        code="fw",
        title="Marco",
        institution=home,
        starts_on=date(2025, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    node = ResultNode.objects.create(framework=fw, level="ultimate", code="1", title="R")
    indicator = Indicator.objects.create(
        framework=fw,
        result=node,
        code="1.1",
        name="Contacto en 24 h",
        unit="percent",
        direction="increase",
        frequency="monthly",
        computation="first_contact_24h",
        disaggregations=["sex"],
    )
    return fw, indicator, actor_of(analyst)


def test_recompute_stores_each_month_keeps_history_and_is_audited(team, framework):
    _, coordinator = team
    fw, indicator, analyst = framework
    _case(coordinator, "female", _at(date(2026, 3, 2)), timedelta(hours=2))
    _case(coordinator, "male", _at(date(2026, 3, 3)), timedelta(hours=30))
    # A year: 12 months; only March has cases (3 cells: total, women, men).
    assert framework_recompute(actor=analyst, framework=fw, period="2026") == 3
    current = dict(
        Measurement.objects.filter(indicator=indicator, is_current=True).values_list(
            "cell", "value"
        )
    )
    assert current == {
        "": Decimal("50.0"),
        "sex:female": Decimal("100.0"),
        "sex:male": Decimal("0.0"),
    }
    assert set(
        Measurement.objects.filter(indicator=indicator).values_list("period", flat=True)
    ) == {"202603"}
    # Again: new rows, the old ones kept as history, one current per cell.
    assert indicator_recompute(actor=analyst, indicator=indicator, period="202603") == 3
    assert Measurement.objects.filter(indicator=indicator).count() == 6
    assert Measurement.objects.filter(indicator=indicator, is_current=True).count() == 3
    assert AuditEvent.objects.filter(action="results.framework.recomputed").count() == 1
    assert AuditEvent.objects.filter(action="results.indicator.recomputed").count() == 1


def test_recompute_refuses_a_bad_period_and_anyone_but_the_owner(team, framework):
    _, coordinator = team
    fw, indicator, analyst = framework
    with pytest.raises(ValidationError):
        framework_recompute(actor=analyst, framework=fw, period="2026-03")
    with pytest.raises(Http404):
        framework_recompute(actor=coordinator, framework=fw, period="2026")
    stranger = actor_of(make_user("me_analyst", make_institution("Otro", T.NGO)))
    with pytest.raises(Http404):
        indicator_recompute(actor=stranger, indicator=indicator, period="2026")
    assert not Measurement.objects.exists()
