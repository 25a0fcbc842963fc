"""Policy mutants for ``scripts/mutate_policies``: a pytest plugin that replaces one policy
function by allow-everything or deny-everything, in memory, for one test run.

Loaded with ``-p ruta.core.testing.mutation``; does nothing unless the environment names a
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
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ENV = "RUTA_MUTANT"
KINDS = ("allow", "deny")


def discover(root: Path) -> list[tuple[str, str]]:
    """(module, function) for every top-level can_* / scope_* function of the policies."""
    found = []
    for path in sorted(root.glob("*/policies.py")):
        module = f"ruta.{path.parent.name}.policies"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found.extend(
            (module, node.name)
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith(("can_", "scope_"))
        )
    return found


def _model_of(module, func) -> type | None:
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
    mutant.__wrapped_original__ = original
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
