"""Fixtures of the results framework tests (imported by ``test_frameworks_*.py``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.coordination.models import Committee, CommitteeMember
from ruta.core.choices import InstitutionType as T
from ruta.results import registry
from ruta.results.services import frameworks as fw
from ruta.results.services import indicators as ind
from tests.factories import actor_of, make_institution, make_user, sign_in

YEAR = timezone.localdate().year
THROWAWAY = "throwaway_count"


@pytest.fixture
def home():
    return make_institution("Propietaria", T.RESPONSE_TEAM)


@pytest.fixture
def member():
    return make_institution("Miembro", T.PROSECUTION)


@pytest.fixture
def stranger_inst():
    return make_institution("Ajena", T.SHELTER)


@pytest.fixture
def analyst(home):
    return make_user("me_analyst", home)


@pytest.fixture
def member_analyst(member):
    return make_user("me_analyst", member)


@pytest.fixture
def member_secretary(member):
    return make_user("committee_secretary", member)


@pytest.fixture
def stranger(stranger_inst):
    return make_user("me_analyst", stranger_inst)


@pytest.fixture
def committee(home, member):
    committee = Committee.objects.create(
        kind="plenary", name="Pleno", acronym="PL", secretariat=home, language="es"
    )
    CommitteeMember.objects.create(committee=committee, institution=home)
    CommitteeMember.objects.create(committee=committee, institution=member)
    return committee


@pytest.fixture
def computation():
    """A throwaway computation in the registry, removed afterwards."""
    registry.register(
        registry.Computation(
            code=THROWAWAY,
            label="Throwaway",
            unit="number",
            direction="increase",
            compute=lambda first, last: {"": Decimal(1)},
        )
    )
    yield THROWAWAY
    registry.REGISTRY.pop(THROWAWAY, None)


@pytest.fixture
def framework(analyst, committee):
    return fw.framework_create(
        actor=actor_of(analyst),
        kind="logic_model",
        code="proyecto",
        title="Proyecto",
        committee=committee,
        starts_on=date(YEAR - 1, 1, 1),
        ends_on=date(YEAR + 1, 12, 31),
    )


@pytest.fixture
def chain(analyst, framework):
    actor = actor_of(analyst)
    nodes = {}
    parent = None
    for level, code in (
        ("ultimate", "1"),
        ("intermediate", "1.1"),
        ("immediate", "1.1.1"),
        ("output", "1.1.1.1"),
    ):
        parent = fw.node_create(
            actor=actor,
            framework=framework,
            level=level,
            code=code,
            title=f"R {code}",
            parent=parent,
        )
        nodes[level] = parent
    return nodes


@pytest.fixture
def indicator(analyst, framework, chain, member):
    return ind.indicator_create(
        actor=actor_of(analyst),
        framework=framework,
        result=chain["output"],
        code="1.1",
        name="Cursos",
        unit="number",
        direction="increase",
        frequency="quarterly",
        disaggregations=["sex"],
        baseline_value=Decimal("2"),
        responsible_institution=member,
    )


def browser(user) -> Client:
    return sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), user)


def api(user) -> APIClient:
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")
