"""Permission-matrix specs of the data sets of the periodic returns (slice returns).

The home collects ``data_set`` (``MEA`` manages it, ``SEC`` reviews its returns); the police
institution reports it (``R_INV``). Every actor with a returns capability reaches the lists
(answered with what it may see); the others get 404. A return is filled and submitted by its
reporting institution only; approved or sent back by the home's reviewer only."""

from __future__ import annotations

from ruta.results.models import DataElement, DataReturn, DataSet, ValidationRule
from tests.matrix import Proof
from tests.matrix_spec import (
    C_MEM,
    C_SEC,
    ERI,
    G_END,
    GRANTS,
    INV,
    MEA,
    PROS,
    R_INV,
    SEC,
    SUP,
    TRN,
    X_ERI,
    Spec,
    count,
    cspec,
    kw,
    pk,
    value,
)

USERS = (SEC, MEA, ERI, SUP, PROS, INV, TRN, X_ERI, *GRANTS, G_END, C_MEM, C_SEC, R_INV)
DATA_SET = kw(data_set_id=pk("data_set"))
ELEMENT = kw(element_id=pk("element_referred"))
SPARE = kw(element_id=pk("returns_spare_element"))
RULE = kw(rule_id=pk("rule"))
DRAFT = kw(return_id=pk("draft_return"))
COMPLETE = kw(return_id=pk("returns_complete_draft"))
SUBMITTED = kw(return_id=pk("submitted_return"))
NAME = "Estadística policial mensual"
FULL = {"victimas/female": "5", "victimas/male": "2", "derivadas": "1"}


def _version(key):
    return lambda w: DataReturn.objects.get(pk=w[key].pk).version


def _set_version(w):
    return DataSet.objects.get(pk=w["data_set"].pk).version


def _new_set(w) -> dict:
    return {
        "code": "nuevo",
        "name": "Nuevo conjunto",
        "period_type": "quarterly",
        "first_period": "2025Q1",
        "due_days": 15,
        "reporting_institutions": [str(w["reporter_inst"].pk)],
        "is_active": True,
    }


def _edit_set(w) -> dict:
    return {
        **_new_set(w),
        "code": "policia",
        "name": "Estadística policial (cambiada)",
        "period_type": "monthly",
        "first_period": w["data_set"].first_period,
        "version": _set_version(w),
    }


def _element(w) -> dict:
    return {"code": "rescatadas", "name": "Rescatadas", "disaggregation": "sex_age", "order": 3}


def _element_edit(w) -> dict:
    return {"code": "derivadas", "name": "Víctimas derivadas a servicios", "disaggregation": "none"}


def _rule(w) -> dict:
    return {
        "left": str(w["element_victims"].pk),
        "operator": "gte",
        "right": str(w["element_referred"].pk),
    }


def _values_page(w) -> dict:
    return {"version": _version("draft_return")(w), **FULL}


def _values_api(w) -> dict:
    return {"version": _version("draft_return")(w), "values": FULL}


SETS = Proof(count(DataSet), "results.dataset.created")
SET_EDITED = Proof(value(DataSet, "data_set", "name", "version"), "results.dataset.updated")
ELEMENTS = Proof(count(DataElement, data_set=pk("data_set")), "results.dataset.element_added")
ELEMENT_EDITED = Proof(
    value(DataElement, "element_referred", "name"), "results.dataset.element_updated"
)
ELEMENT_REMOVED = Proof(
    count(DataElement, pk=pk("returns_spare_element")), "results.dataset.element_removed"
)
RULES = Proof(count(ValidationRule, data_set=pk("data_set")), "results.dataset.rule_added")
RULE_REMOVED = Proof(count(ValidationRule, pk=pk("rule")), "results.dataset.rule_removed")
OPENED = Proof(count(DataReturn), "results.datareturn.opened")
SAVED = Proof(
    value(DataReturn, "draft_return", "filled_cells", "version"), "results.datareturn.values_saved"
)
SUBMITTED_PROOF = Proof(
    value(DataReturn, "returns_complete_draft", "status"), "results.datareturn.submitted"
)
APPROVED = Proof(value(DataReturn, "submitted_return", "status"), "results.datareturn.approved")
SENT_BACK = Proof(
    value(DataReturn, "submitted_return", "status", "review_comment"),
    "results.datareturn.returned",
)


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
