"""Permission-matrix specs of the statistics dashboards (reporting).

The dashboards show counts of every institution's cases to the roles with
``reporting.view_aggregates`` (the response team's coordinator, the supervisor, the committee
secretary, the M&E analyst, in any institution); everyone else gets 404. Exports are reads
(audited), so they carry no proof of a write."""

from __future__ import annotations

from tests.matrix_spec import ERI, MEA, SEC, SUP, Spec, spec

VIEWERS = (ERI, SUP, SEC, MEA)
SHOWS = lambda w: ("Víctimas de trata detectadas",)  # noqa: E731
RESPONSE = lambda w: ("Servicios y derivaciones",)  # noqa: E731
ACTIONS = lambda w: ("Acciones de los comités",)  # noqa: E731

SPECS: list[Spec] = [
    spec("reporting:dashboard", "GET", VIEWERS, anywhere=True, shows=SHOWS),
    spec("reporting:dashboard-pdf", "GET", VIEWERS, anywhere=True),
    spec("reporting:dashboard-xlsx", "GET", VIEWERS, anywhere=True),
    spec("api:statistics-victims", "GET", VIEWERS, anywhere=True),
    spec("reporting:response", "GET", VIEWERS, anywhere=True, shows=RESPONSE),
    spec("reporting:response-pdf", "GET", VIEWERS, anywhere=True),
    spec("reporting:response-xlsx", "GET", VIEWERS, anywhere=True),
    spec("api:statistics-response", "GET", VIEWERS, anywhere=True),
    spec("reporting:actions", "GET", VIEWERS, anywhere=True, shows=ACTIONS),
    spec("reporting:actions-pdf", "GET", VIEWERS, anywhere=True),
    spec("reporting:actions-xlsx", "GET", VIEWERS, anywhere=True),
    spec("api:statistics-actions", "GET", VIEWERS, anywhere=True),
]
