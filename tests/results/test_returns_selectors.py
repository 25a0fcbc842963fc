"""Periodic returns, reads: expected returns (institutions x ended periods, missing ones "not
started"), completeness counted by hand, overdue by dates (periods chosen relative to today),
"Our returns" groups and the completeness grid."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ruta.results import periods
from ruta.results.choices import ReturnStatus
from ruta.results.models import DataReturn
from ruta.results.selectors_returns import (
    completeness_grid,
    ended_periods,
    expected_returns,
    our_returns,
    overdue_returns,
)
from ruta.results.services import returns as rs
from tests.factories import actor_of
from tests.results.returns_setup import *  # noqa: F403  (the fixtures)
from tests.results.returns_setup import FULL, months_ago

pytestmark = pytest.mark.django_db


def test_expected_returns_are_institutions_by_ended_periods(data_set, police, other, draft):
    rows = expected_returns(data_set)
    # first_period is six months ago: six ended periods for each of two institutions.
    assert len(rows) == 12
    assert ended_periods(data_set, timezone.localdate()) == [months_ago(n) for n in range(6, 0, -1)]
    started = [r for r in rows if r.data_return is not None]
    assert [(r.institution, r.period) for r in started] == [(police, months_ago(1))]
    assert {r.status for r in rows} == {"not_started", ReturnStatus.DRAFT}


def test_completeness_by_hand(clerk, data_set, draft):
    actor = actor_of(clerk)
    rs.return_save_values(
        actor=actor,
        data_return=draft,
        version=draft.version,
        values={"victimas/female": "3", "derivadas": "0"},
    )
    (row,) = [r for r in expected_returns(data_set) if r.data_return]
    assert (row.filled, row.expected, row.percent) == (2, 3, 66)
    missing = next(r for r in expected_returns(data_set) if r.data_return is None)
    assert (missing.filled, missing.expected, missing.percent) == (0, 3, 0)


def test_overdue_by_dates(clerk, data_set, draft):
    actor = actor_of(clerk)
    today = timezone.localdate()
    # Last month ended yesterday at the latest: with 10 days to report it is overdue only
    # once its end is more than 10 days ago.
    last_end = periods.bounds(months_ago(1))[1]
    rows = overdue_returns(actor=actor)
    overdue_periods = {r.period for r in rows}
    assert {months_ago(n) for n in range(2, 7)} <= overdue_periods
    assert (months_ago(1) in overdue_periods) == (today > last_end + timedelta(days=10))
    # Seen from the last day it may be reported, last month is not overdue; a day later it is.
    due = last_end + timedelta(days=10)
    on_due = {r.period for r in overdue_returns(actor=actor, today=due)}
    after = {r.period for r in overdue_returns(actor=actor, today=due + timedelta(days=1))}
    assert months_ago(1) not in on_due
    assert months_ago(1) in after
    # A submitted return is never overdue.
    r = rs.return_save_values(actor=actor, data_return=draft, version=draft.version, values=FULL)
    rs.return_submit(actor=actor, data_return=r, version=r.version)
    later = {r.period for r in overdue_returns(actor=actor, today=due + timedelta(days=1))}
    assert months_ago(1) not in later


def test_overdue_is_the_acting_institutions_only(secretary, other_clerk, data_set, draft):
    assert overdue_returns(actor=actor_of(secretary)) == []
    rows = overdue_returns(actor=actor_of(other_clerk))
    assert {r.institution.name for r in rows} == {"Otra"}


def test_our_returns_groups(clerk, secretary, data_set, draft):
    actor = actor_of(clerk)
    old = rs.return_open(actor=actor, data_set=data_set, period=months_ago(3))
    old = rs.return_save_values(actor=actor, data_return=old, version=old.version, values=FULL)
    old = rs.return_submit(actor=actor, data_return=old, version=old.version)
    rs.return_send_back(
        actor=actor_of(secretary), data_return=old, version=old.version, comment="Corrija"
    )
    done = rs.return_open(actor=actor, data_set=data_set, period=months_ago(4))
    done = rs.return_save_values(actor=actor, data_return=done, version=done.version, values=FULL)
    rs.return_submit(actor=actor, data_return=done, version=done.version)
    groups = our_returns(actor=actor)
    assert [r.period for r in groups["returned"]] == [months_ago(3)]
    assert [r.period for r in groups["submitted"]] == [months_ago(4)]
    overdue = {r.period for r in groups["overdue"]} - {months_ago(1)}
    assert overdue == {months_ago(n) for n in (2, 5, 6)}
    # Last month: overdue or to fill depending on today's date.
    assert months_ago(1) in {r.period for r in groups["overdue"] + groups["to_fill"]}


def test_grid_of_the_last_twelve_periods(secretary, manager, clerk, data_set, draft):
    data_set.first_period = months_ago(20)
    data_set.save()
    grid = completeness_grid(actor=actor_of(secretary), data_set=data_set)
    assert [p for p, _ in grid["periods"]] == [months_ago(n) for n in range(12, 0, -1)]
    cells = {(i.name, c.period): c for i, row in grid["rows"] for c in row}
    assert cells[("Policía", months_ago(1))].data_return == draft
    assert cells[("Policía", months_ago(2))].colour == "red"
    assert cells[("Otra", months_ago(1))].data_return is None
    # The grid shows only returns in the viewer's scope: another reporter sees none of police's.
    assert DataReturn.objects.count() == 1
