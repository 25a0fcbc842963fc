"""The schemathesis run's size is checked over all xdist workers together, at the end."""

from __future__ import annotations

import collections
from types import SimpleNamespace

import pytest

from tests.api import run_tally


class _Config:
    def __init__(self) -> None:
        self.stash = pytest.Stash()
        self.pluginmanager = SimpleNamespace(get_plugin=lambda name: None)


def _worker(config, statuses, operations=3, minimum=100):
    worker = SimpleNamespace(workeroutput={})
    run_tally.hand_over(
        worker, statuses=statuses, operations=operations, minimum=minimum, title="t"
    )
    run_tally.collect(config, worker.workeroutput[run_tally.KEY])


def _session(config):
    return SimpleNamespace(config=config, exitstatus=pytest.ExitCode.OK)


def test_the_workers_counts_are_added_up():
    config = _Config()
    _worker(
        config, {"GET /a": collections.Counter({200: 40}), "GET /b": collections.Counter({404: 20})}
    )
    _worker(config, {"GET /c": collections.Counter({200: 30, 422: 10})})
    session = _session(config)
    run_tally.check(session)
    assert session.exitstatus == pytest.ExitCode.OK  # 100 requests over the 3 operations


def test_a_whole_run_below_the_minimum_fails():
    config = _Config()
    _worker(
        config, {"GET /a": collections.Counter({200: 40}), "GET /b": collections.Counter({404: 20})}
    )
    _worker(config, {"GET /c": collections.Counter({200: 39})})
    session = _session(config)
    run_tally.check(session)
    assert session.exitstatus == pytest.ExitCode.TESTS_FAILED


def test_a_partial_run_is_not_judged():
    # -k chose a few operations: their requests cannot reach the whole run's minimum.
    config = _Config()
    _worker(config, {"GET /a": collections.Counter({200: 5})})
    session = _session(config)
    run_tally.check(session)
    assert session.exitstatus == pytest.ExitCode.OK


def test_without_xdist_the_count_stays_in_the_session():
    config = SimpleNamespace(stash=pytest.Stash(), pluginmanager=_Config().pluginmanager)
    run_tally.hand_over(
        config,
        statuses={"GET /a": collections.Counter({200: 1})},
        operations=1,
        minimum=2,
        title="t",
    )
    session = _session(config)
    run_tally.check(session)
    assert session.exitstatus == pytest.ExitCode.TESTS_FAILED
