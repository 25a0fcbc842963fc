"""Shared fixtures of the returns tests: a collecting institution (its secretary reviews, its
analyst manages), a reporting police institution (its investigator fills) and a monthly data
set with two elements (victims by sex, min 0 max 100; referred, total only) and the rule
referred <= victims."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from ruta.core.choices import InstitutionType as T
from ruta.results.periods import containing
from ruta.results.services import datasets as ds
from ruta.results.services import returns as rs
from tests.factories import actor_of, make_institution, make_user


def months_ago(n: int, today=None) -> str:
    day = (today or timezone.localdate()).replace(day=1)
    for _ in range(n):
        day = (day - timedelta(days=1)).replace(day=1)
    return containing(day, "monthly")


@pytest.fixture
def home():
    return make_institution("Comisión", T.RESPONSE_TEAM)


@pytest.fixture
def police():
    return make_institution("Policía", T.POLICE)


@pytest.fixture
def other():
    return make_institution("Otra", T.POLICE)


@pytest.fixture
def manager(home):
    return make_user("me_analyst", home)


@pytest.fixture
def secretary(home):
    return make_user("committee_secretary", home)


@pytest.fixture
def clerk(police):
    return make_user("investigator", police)


@pytest.fixture
def other_clerk(other):
    return make_user("investigator", other)


@pytest.fixture
def data_set(manager, police, other):
    actor = actor_of(manager)
    data_set = ds.data_set_create(
        actor=actor,
        code="policia",
        name="Estadística policial",
        period_type="monthly",
        first_period=months_ago(6),
        due_days=10,
        reporting_institutions=[police, other],
    )
    victims = ds.element_add(
        actor=actor,
        data_set=data_set,
        code="victimas",
        name="Víctimas identificadas",
        disaggregation="sex",
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        order=1,
    )
    referred = ds.element_add(
        actor=actor, data_set=data_set, code="derivadas", name="Víctimas derivadas", order=2
    )
    ds.rule_add(actor=actor, data_set=data_set, left=referred, operator="lte", right=victims)
    data_set.refresh_from_db()
    return data_set


@pytest.fixture
def draft(clerk, data_set):
    return rs.return_open(actor=actor_of(clerk), data_set=data_set, period=months_ago(1))


FULL = {"victimas/female": "3", "victimas/male": "1", "derivadas": "2"}
