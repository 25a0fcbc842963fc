"""The schemathesis run's size, over every xdist worker (tests/api/test_schemathesis.py).

Each worker runs some of the operations against its own world and counts the answers by
operation and status code. When its world is torn down it hands the counts over: to the xdist
controller through ``workeroutput``, or kept in the session when there is no xdist. When the
session ends (``tests/conftest.py``), the counts are added up, printed, and the run fails if
every operation ran but fewer than the minimum of requests were generated (a configuration
that quietly stopped generating).
"""

from __future__ import annotations

import collections

import pytest

KEY = "schemathesis_tally"
_LOCAL = pytest.StashKey[list[dict]]()


def hand_over(
    config: pytest.Config,
    *,
    statuses: dict[str, collections.Counter],
    operations: int,
    minimum: int,
    title: str,
) -> None:
    tally = {
        "statuses": {label: dict(counter) for label, counter in statuses.items()},
        "operations": operations,
        "minimum": minimum,
        "title": title,
    }
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput[KEY] = tally
    else:
        config.stash[_LOCAL] = [tally]


def collect(config: pytest.Config, tally: dict | None) -> None:
    """On the controller: one worker's tally (``pytest_testnodedown``)."""
    if tally:
        config.stash.setdefault(_LOCAL, []).append(tally)


def check(session: pytest.Session) -> None:
    """At the end of the session: print the whole run and fail it when too small."""
    tallies = session.config.stash.get(_LOCAL, [])
    if not tallies:
        return
    statuses: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for tally in tallies:
        for label, counts in tally["statuses"].items():
            statuses[label].update({int(code): n for code, n in counts.items()})
    total = sum(sum(c.values()) for c in statuses.values())
    expected, minimum = tallies[0]["operations"], tallies[0]["minimum"]
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line("")
        reporter.write_line(
            f"{tallies[0]['title']}: {total} generated requests over {len(statuses)} "
            f"operations, {len(tallies)} worker(s) (requests, then answers by status code)"
        )
        for label, counter in sorted(statuses.items()):
            codes = " ".join(f"{code}:{n}" for code, n in sorted(counter.items()))
            reporter.write_line(f"  {sum(counter.values()):5d}  {label}  {codes}")
    if len(statuses) >= expected and total < minimum:
        if reporter is not None:
            reporter.write_line(
                f"FAILED: only {total} generated requests (at least {minimum} expected)", red=True
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
