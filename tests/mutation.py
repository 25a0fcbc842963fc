"""Policy mutants for ``scripts/mutate_policies``: a pytest plugin that replaces one policy
function by allow-everything or deny-everything, in memory, for one test run.

Loaded with ``-p tests.mutation``; does nothing unless the environment names a
mutant: ``RUTA_MUTANT=ruta.cases.policies:can_assign_case:deny``. Nothing is written to disk, so
an interrupted run leaves no mutant behind.

- ``can_*`` -> ``allow``: returns True; ``deny``: returns False.
- ``scope_*`` -> ``allow``: the queryset it was given, unfiltered (or the model's whole table
  when it was given none); ``deny``: the same queryset, empty.

The function is replaced in its module and in every loaded module that imported it by name,
and the tests whose id names the policy's app run first, so that ``-x`` stops early.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ENV = "RUTA_MUTANT"
# Several mutants, run one after another in this process (world built once): comma-separated
# specs; the verdicts are appended as JSON lines to the file RUTA_MUTANT_REPORT.
BATCH_ENV = "RUTA_MUTANTS"
REPORT_ENV = "RUTA_MUTANT_REPORT"
KINDS = ("allow", "deny")


def discover(root: Path) -> list[tuple[str, str]]:
    """(module, function) for every top-level can_* / scope_* function of the policies."""
    found: list[tuple[str, str]] = []
    for path in sorted(root.glob("*/policies.py")):
        module = f"ruta.{path.parent.name}.policies"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found.extend(
            (module, node.name)
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith(("can_", "scope_"))
        )
    return found


def _model_of(module, func) -> Any:
    """The model a scope function works on: the first ``Name.objects`` in its source."""
    tree = ast.parse(inspect.getsource(func).lstrip())
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "objects"
            and isinstance(node.value, ast.Name)
        ):
            return getattr(module, node.value.id, None)
    return None


def make_mutant(module_name: str, name: str, kind: str) -> Callable:
    module = importlib.import_module(module_name)
    original = getattr(module, name)
    if name.startswith("can_"):
        answer = kind == "allow"

        def mutant(*args, **kwargs):
            return answer

    else:
        model = _model_of(module, original)
        params = list(inspect.signature(original).parameters)

        def mutant(*args, **kwargs):
            bound = dict(zip(params, args, strict=False)) | kwargs
            qs = bound.get("qs")
            if qs is None:
                qs = model.objects.all()
            return qs.all() if kind == "allow" else qs.none()

    mutant.__name__ = name
    mutant.__wrapped_original__ = original  # type: ignore[attr-defined]  # a marker on the function
    return mutant


class Mutant:
    """One mutant and the places (module, name) that hold the original function."""

    def __init__(self, spec: str):
        module_name, self.name, self.kind = spec.split(":")
        if self.kind not in KINDS:
            raise ValueError(f"{ENV}: kind must be one of {KINDS}, not {self.kind!r}")
        self.original = getattr(importlib.import_module(module_name), self.name)
        self.mutant = make_mutant(module_name, self.name, self.kind)
        self.places = []
        for loaded in list(sys.modules.values()):
            if not getattr(loaded, "__name__", "").startswith(("ruta", "tests")):
                continue
            for attr, value in list(vars(loaded).items()):
                if value is self.original:
                    self.places.append((loaded, attr))

    def apply(self, on: bool) -> None:
        for module, attr in self.places:
            setattr(module, attr, self.mutant if on else self.original)


def _priority(app: str) -> Callable[[str], int]:
    keys = {
        "cases": ("cases:", "api:case", "care", "referral", "transfer", "task", "consent"),
        "care": ("care", "assessment"),
        "referrals": ("referral", "transfer", "offering", "directory"),
        "people": ("person",),
        "intake": ("report",),
        "accounts": ("user", "membership", "role"),
        "institutions": ("institution",),
        "audit": ("audit", "event"),
    }.get(app, ())

    def rank(nodeid: str) -> int:
        if f"tests/{app}/" in nodeid:
            return 0
        return 1 if any(k in nodeid for k in keys) else 2

    return rank


def pytest_configure(config):
    spec = os.environ.get(ENV)
    if spec:
        config._ruta_mutant = spec


def _ordered(items, spec: str | None):
    if spec is None:
        return list(items)
    rank = _priority(spec.split(":")[0].split(".")[1])
    return sorted(items, key=lambda item: rank(item.nodeid))


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session):
    """Batch mode: first the tests without a mutant (they must pass), then each mutant in
    turn until one test fails (killed) or all pass (survived). Fixtures of a wider scope (the
    matrix's world) are kept between mutants; every test still runs in its own rolled-back
    transaction."""
    specs = os.environ.get(BATCH_ENV)
    if not specs:
        return None
    from _pytest.runner import call_and_report

    report = Path(os.environ[REPORT_ENV])
    baseline = os.environ.get("RUTA_MUTANT_BASELINE", "1") != "0"
    runs: list[str | None] = [None, *specs.split(",")] if baseline else [*specs.split(",")]
    orders = [_ordered(session.items, spec) for spec in runs]
    for n, spec in enumerate(runs):
        session.config._ruta_mutant_obj = Mutant(spec) if spec else None
        items = orders[n]
        after = orders[n + 1][0] if n + 1 < len(orders) and orders[n + 1] else None
        started, killer, ran, why = time.monotonic(), None, 0, []
        for i, item in enumerate(items):
            ran += 1
            # As pytest's runtestprotocol does: a fresh fixture request for each run of the
            # item, else its function fixtures (the database savepoint) would not run again.
            if hasattr(item, "_request") and not item._request:
                item._initrequest()
            reports = [call_and_report(item, "setup", log=False)]
            if reports[0].passed:
                reports.append(call_and_report(item, "call", log=False))
            failed = any(r.failed for r in reports)
            last = failed or i + 1 == len(items)
            nextitem = after if last else items[i + 1]
            reports.append(call_and_report(item, "teardown", log=False, nextitem=nextitem))
            if hasattr(item, "_request"):
                item._request = False
                item.funcargs = None
            if any(r.failed for r in reports):
                killer = item.nodeid
                why = next(r for r in reports if r.failed).longreprtext.strip().splitlines()
                break
        line = {
            "mutant": spec or "baseline",
            "failed": killer is not None,
            "by": killer,
            "tests": ran,
            "why": " | ".join(x[1:].strip() for x in why if x.startswith("E "))[:400],
            "seconds": round(time.monotonic() - started, 1),
        }
        with report.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")
        if spec is None and killer is not None:
            break  # the tests fail without a mutant: every verdict would be meaningless
    session.config._ruta_mutant_obj = None
    return True


def pytest_collection_modifyitems(session, config, items):
    spec = getattr(config, "_ruta_mutant", None)
    if not spec:
        return
    app = spec.split(":")[0].split(".")[1]
    rank = _priority(app)
    items.sort(key=lambda item: rank(item.nodeid))
    # Every module the tests use is loaded now: find where the function is held.
    config._ruta_mutant_obj = Mutant(spec)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """The mutant lives during the test's body only: fixtures build their data (through the
    services, which ask the policies) with the real rules, so a mutant is killed by an
    assertion, never by a world that could not be built."""
    mutant = getattr(item.config, "_ruta_mutant_obj", None)
    if mutant is None:
        yield
        return
    mutant.apply(True)
    try:
        yield
    finally:
        mutant.apply(False)


def pytest_report_header(config):
    spec = getattr(config, "_ruta_mutant", None)
    return f"policy mutant: {spec}" if spec else None
