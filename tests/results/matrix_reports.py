"""Permission-matrix specs of the results routes: reports out (the donor report, its PDF and
XLSX, the IATI activity file).

The home's framework is read by the home's M&E analyst (``MEA``, its owner's manager), the
home's committee secretary (``SEC``: the home is the committee's secretariat) and the member
institution's secretary (``C_MEM``); the foreign framework by ``C_SEC`` (its owner's
secretary) only. Everyone else gets 404. Downloads are GETs: audited reads, no proof
(tests/results/test_reports_views.py checks the audit events)."""

from __future__ import annotations

from tests.matrix_spec import C_MEM, C_SEC, MEA, SEC, Spec, cspec, kw, pk

READERS = (SEC, MEA, C_MEM)
OWN = kw(framework_id=pk("results_framework"))
FOREIGN = kw(framework_id=pk("foreign_framework"))


def _indicator_code(w):
    return w["manual_indicator"].code


def _foreign_axis(w):
    return w["foreign_axis"].title


SPECS: list[Spec] = [
    cspec("results:donor-report", "GET", READERS, kwargs=OWN, shows=_indicator_code),
    cspec(
        "results:donor-report",
        "GET",
        (C_SEC,),
        target="foreign",
        kwargs=FOREIGN,
        shows=_foreign_axis,
    ),
    cspec("results:donor-report-pdf", "GET", READERS, kwargs=OWN),
    cspec("results:donor-report-xlsx", "GET", READERS, kwargs=OWN),
    cspec("results:framework-iati", "GET", READERS, kwargs=OWN),
    cspec("api:results-donor-report", "GET", READERS, kwargs=OWN, shows=_indicator_code),
    cspec(
        "api:results-donor-report",
        "GET",
        (C_SEC,),
        target="foreign",
        kwargs=FOREIGN,
        shows=_foreign_axis,
    ),
    cspec("api:results-donor-report-pdf", "GET", READERS, kwargs=OWN),
    cspec("api:results-donor-report-xlsx", "GET", READERS, kwargs=OWN),
    cspec("api:results-iati", "GET", READERS, kwargs=OWN),
]
