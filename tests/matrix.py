"""The permission matrix: (route, method, actor, target) -> expected status, and for every
write a proof that the write happened (or did not), for every route of the project.

``route_methods`` lists each named route with the HTTP methods its view answers;
``uncovered_pairs`` lists the (route, method) pairs that have no row, and a meta-test fails on
them, so a new route or a new handler cannot ship without saying who may use it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

ANONYMOUS = "anonymous"
READ_METHODS = frozenset({"GET"})
IGNORED_METHODS = frozenset({"HEAD", "OPTIONS"})
# A function view without a method decorator answers any method: it is keyed on the methods
# it is meant for (Django's set_language acts on POST only; a GET just redirects back).
FUNCTION_VIEW_METHODS = {"set_language": frozenset({"POST"})}


@dataclass(frozen=True)
class Proof:
    """What a write must change. ``snapshot(world)`` reads the state the write changes (a
    field, a count of rows); ``audit`` is the audit action the write records (None when the
    write is not audited, e.g. a language cookie). An allowed row must change the snapshot
    and record a new ``audit`` event; a denied row must leave both untouched."""

    snapshot: Callable[[Any], Any]
    audit: str | None
    # For writes that record nothing in the database (cookies, sessions): a check of the
    # response instead, called as check(response) -> bool ("the write happened").
    response_check: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class Row:
    route: str
    method: str
    actor: str
    expected: int
    target: str = "own"  # which record of the world the URL names (see the test module)
    proof: Proof | None = field(default=None, compare=False, hash=False)
    xfail: str = ""  # a known access bug this row shows; names it

    def __str__(self) -> str:
        return f"{self.actor} {self.method} {self.route} [{self.target}] -> {self.expected}"

    @property
    def is_write(self) -> bool:
        return self.method not in READ_METHODS


def _view_methods(pattern: URLPattern) -> frozenset[str]:
    """The methods a view answers: a class-based view's (Django or DRF) handlers among its
    ``http_method_names``; a function view's ``require_http_methods`` list; else GET."""
    callback = pattern.callback
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is not None:
        names = {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
        return frozenset(names - IGNORED_METHODS)
    if pattern.name in FUNCTION_VIEW_METHODS:
        return FUNCTION_VIEW_METHODS[pattern.name]
    func: Callable[..., Any] | None = callback
    while func is not None:  # require_http_methods keeps its list in the wrapper's closure
        allowed = inspect.getclosurevars(func).nonlocals.get("request_method_list")
        if allowed:
            return frozenset({m.upper() for m in allowed} - IGNORED_METHODS)
        func = getattr(func, "__wrapped__", None)
    return READ_METHODS


def route_methods(resolver=None, prefix: str = "") -> dict[str, frozenset[str]]:
    """Every named route of the project, with its namespace, and the methods it answers."""
    found: dict[str, frozenset[str]] = {}
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            for name, methods in route_methods(entry, ns).items():
                found[name] = found.get(name, frozenset()) | methods
        elif isinstance(entry, URLPattern) and entry.name:
            name = prefix + entry.name
            found[name] = found.get(name, frozenset()) | _view_methods(entry)
    return found


def route_names(resolver=None, prefix: str = "") -> set[str]:
    """Every named route of the project, with its namespace."""
    return set(route_methods(resolver, prefix))


def route_pairs() -> set[tuple[str, str]]:
    return {(name, m) for name, methods in route_methods().items() for m in methods}


def uncovered_pairs(matrix: list[Row]) -> set[tuple[str, str]]:
    """(route, method) pairs the project answers that have no row."""
    return route_pairs() - {(row.route, row.method) for row in matrix}


def unknown_pairs(matrix: list[Row]) -> set[tuple[str, str]]:
    """Rows for pairs the project does not answer (a renamed route, a removed handler)."""
    return {(row.route, row.method) for row in matrix} - route_pairs()


def uncovered_routes(matrix: list[Row]) -> set[str]:
    return route_names() - {row.route for row in matrix}
