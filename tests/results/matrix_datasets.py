"""Permission-matrix specs of the data sets of the periodic returns (slice returns).

The home collects ``data_set`` (``MEA`` manages it, ``SEC`` reviews its returns); the police
institution reports it (``R_INV``). Every actor with a returns capability reaches the lists
(answered with what it may see); the others get 404. A return is filled and submitted by its
reporting institution only; approved or sent back by the home's reviewer only."""

from __future__ import annotations

from tests.matrix_spec import MEA, R_INV, SEC, Spec, cspec
from tests.results.matrix_returns import (
    DATA_SET,
    ELEMENT,
    ELEMENT_EDITED,
    ELEMENT_REMOVED,
    ELEMENTS,
    NAME,
    RULE,
    RULE_REMOVED,
    RULES,
    SET_EDITED,
    SETS,
    SPARE,
    USERS,
    _edit_set,
    _element,
    _element_edit,
    _new_set,
    _rule,
    _set_version,
)

# The vocabulary (keys, bodies, proofs) is the returns slice's, in matrix_returns.
SPECS: list[Spec] = [
    cspec("results:dataset-list", "GET", USERS, shows=lambda w: NAME, sees=(SEC, MEA, R_INV)),
    cspec("api:results-dataset-list", "GET", USERS, shows=lambda w: NAME, sees=(SEC, MEA, R_INV)),
    cspec("results:dataset-new", "GET", (MEA,)),
    cspec("results:dataset-new", "POST", (MEA,), data=_new_set, proof=SETS),
    cspec("api:results-dataset-list", "POST", (MEA,), status=201, data=_new_set, proof=SETS),
    cspec(
        "results:dataset-detail", "GET", (SEC, MEA, R_INV), kwargs=DATA_SET, shows=lambda w: NAME
    ),
    cspec(
        "api:results-dataset-detail",
        "GET",
        (SEC, MEA, R_INV),
        kwargs=DATA_SET,
        shows=lambda w: NAME,
    ),
    cspec("results:dataset-edit", "GET", (MEA,), kwargs=DATA_SET),
    cspec(
        "results:dataset-edit", "POST", (MEA,), kwargs=DATA_SET, data=_edit_set, proof=SET_EDITED
    ),
    cspec(
        "api:results-dataset-update",
        "POST",
        (MEA,),
        kwargs=DATA_SET,
        data=lambda w: {"version": _set_version(w), "name": "Estadística policial (cambiada)"},
        proof=SET_EDITED,
    ),
    cspec("results:element-add", "POST", (MEA,), kwargs=DATA_SET, data=_element, proof=ELEMENTS),
    cspec(
        "api:results-element-add", "POST", (MEA,), kwargs=DATA_SET, data=_element, proof=ELEMENTS
    ),
    cspec("results:element-edit", "GET", (MEA,), kwargs=ELEMENT),
    cspec(
        "results:element-edit",
        "POST",
        (MEA,),
        kwargs=ELEMENT,
        data=_element_edit,
        proof=ELEMENT_EDITED,
    ),
    cspec(
        "api:results-element-update",
        "POST",
        (MEA,),
        kwargs=ELEMENT,
        data=lambda w: {"name": "Víctimas derivadas a servicios"},
        proof=ELEMENT_EDITED,
    ),
    cspec("results:element-remove", "POST", (MEA,), kwargs=SPARE, proof=ELEMENT_REMOVED),
    cspec("api:results-element-remove", "POST", (MEA,), kwargs=SPARE, proof=ELEMENT_REMOVED),
    cspec("results:rule-add", "POST", (MEA,), kwargs=DATA_SET, data=_rule, proof=RULES),
    cspec("api:results-rule-add", "POST", (MEA,), kwargs=DATA_SET, data=_rule, proof=RULES),
    cspec("results:rule-remove", "POST", (MEA,), kwargs=RULE, proof=RULE_REMOVED),
    cspec("api:results-rule-remove", "POST", (MEA,), kwargs=RULE, proof=RULE_REMOVED),
]
