"""Permission-matrix specs of recomputing computed indicators: the framework's owner
(``MEA``, results.manage at the home institution) only; the committee's members who read the
framework (``SEC``, ``C_MEM``...) are refused with 404 like everyone else."""

from __future__ import annotations

from ruta.results.models import Measurement
from tests.matrix import Proof
from tests.matrix_spec import MEA, count, cspec, kw, pk

FRAMEWORK = kw(framework_id=pk("results_framework"))
INDICATOR = kw(indicator_id=pk("computed_indicator"))
# Every recompute stores new rows (the previous ones stay as history).
COMPUTED = Proof(
    count(Measurement, indicator=pk("computed_indicator")), "results.framework.recomputed"
)
INDICATOR_COMPUTED = Proof(
    count(Measurement, indicator=pk("computed_indicator")), "results.indicator.recomputed"
)


def _period(w) -> dict:
    return {"period": str(w["results_framework"].starts_on.year + 1)}


SPECS = [
    cspec(
        "results:framework-recompute",
        "POST",
        (MEA,),
        kwargs=FRAMEWORK,
        data=_period,
        proof=COMPUTED,
    ),
    cspec(
        "api:results-framework-recompute",
        "POST",
        (MEA,),
        kwargs=FRAMEWORK,
        data=_period,
        proof=COMPUTED,
    ),
    cspec(
        "api:results-indicator-recompute",
        "POST",
        (MEA,),
        kwargs=INDICATOR,
        data=_period,
        proof=INDICATOR_COMPUTED,
    ),
]
