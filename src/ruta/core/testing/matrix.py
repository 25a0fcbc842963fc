"""The permission matrix: (role, method, route, target) -> expected status, for every route.

Each app adds rows for its routes; ``uncovered_routes`` lists the routes that have none, and a
meta-test fails on them, so a new route cannot ship without saying who may use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Row:
    route: str
    method: str
    role: str
    expected: int
    target: str = "own"  # the record belongs to the actor's institution ("own") or not ("other")

    def __str__(self) -> str:
        return f"{self.role} {self.method} {self.route} [{self.target}] -> {self.expected}"


def rows(route: str, method: str, expected: dict[str, int], target: str = "own") -> list[Row]:
    return [Row(route, method, role, status, target) for role, status in expected.items()]


def route_names(resolver=None, prefix: str = "") -> set[str]:
    """Every named route of the project, with its namespace."""
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= route_names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


def uncovered_routes(matrix: list[Row]) -> set[str]:
    return route_names() - {row.route for row in matrix}
