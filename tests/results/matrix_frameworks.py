"""Permission-matrix specs of the results framework routes (slice frameworks).

The home's ``results_framework`` is managed by the home's M&E analyst (``MEA``) and read by
the home's committee secretary (``SEC``) and by the member institution's secretary
(``C_MEM``: its committee follows the framework). ``C_SEC`` reads only ``foreign_framework``.
Values by hand on ``manual_indicator``: its owner's analyst (the responsible member
institution has no analyst in the matrix)."""

from __future__ import annotations

from django.utils import timezone

from ruta.results.models import (
    Indicator,
    Measurement,
    Narrative,
    ResultNode,
    ResultsFramework,
    Target,
)
from tests.matrix import Proof
from tests.matrix_spec import C_MEM, C_SEC, MEA, SEC, Spec, count, cspec, kw, pk, value

YEAR = timezone.localdate().year
FRAMEWORK = kw(framework_id=pk("results_framework"))
NODE = kw(node_id=pk("output"))
LEAF = kw(node_id=pk("frameworks_leaf"))
INDICATOR = kw(indicator_id=pk("manual_indicator"))
TARGET = kw(target_id=pk("target"))
TITLE = "Proyecto de fortalecimiento (prueba)"
READERS = (MEA, SEC, C_MEM)


def _framework_new(w) -> dict:
    return {
        "kind": "logic_model",
        "code": "nuevo-marco",
        "title": "Marco nuevo",
        "starts_on": f"{YEAR}-01-01",
        "ends_on": f"{YEAR + 1}-12-31",
    }


def _framework_edit(w) -> dict:
    f = ResultsFramework.objects.get(pk=w["results_framework"].pk)
    return {
        "version": f.version,
        "code": f.code,
        "title": "Proyecto cambiado",
        "starts_on": f.starts_on.isoformat(),
        "ends_on": f.ends_on.isoformat(),
    }


def _api_framework_edit(w) -> dict:
    f = ResultsFramework.objects.get(pk=w["results_framework"].pk)
    return {"version": f.version, "title": "Proyecto cambiado"}


def _node_new(w) -> dict:
    return {
        "level": "activity",
        "parent": str(w["output"].pk),
        "code": "1111.B",
        "title": "Actividad nueva",
    }


NODE_EDIT = {"code": "1111", "title": "Cursos cambiados"}


def _indicator_new(w) -> dict:
    return {
        "result": str(w["output"].pk),
        "code": "1111.9",
        "name": "Indicador nuevo",
        "unit": "number",
        "direction": "increase",
        "frequency": "yearly",
    }


def _indicator_edit(w) -> dict:
    i = Indicator.objects.get(pk=w["manual_indicator"].pk)
    return {
        "version": i.version,
        "result": str(i.result_id),
        "code": i.code,
        "name": "Cursos cambiados",
        "unit": i.unit,
        "direction": i.direction,
        "frequency": i.frequency,
        "responsible_institution": str(i.responsible_institution_id),
    }


def _api_indicator_edit(w) -> dict:
    i = Indicator.objects.get(pk=w["manual_indicator"].pk)
    return {"version": i.version, "name": "Cursos cambiados"}


TARGET_SET = {"period": f"{YEAR}Q2", "value": "6"}
MEASUREMENT = {"period": f"{YEAR}Q1", "value": "5", "evidence": "Listas firmadas"}
NARRATIVE = {"period": str(YEAR), "progress": "Avance general"}

FRAMEWORKS = Proof(count(ResultsFramework), "results.framework.created")
FRAMEWORK_EDITED = Proof(
    value(ResultsFramework, "results_framework", "title", "version"), "results.framework.updated"
)
NODES = Proof(count(ResultNode), "results.node.created")
NODE_EDITED = Proof(value(ResultNode, "output", "title"), "results.node.updated")
NODE_REMOVED = Proof(count(ResultNode, pk=pk("frameworks_leaf")), "results.node.removed")
INDICATORS = Proof(count(Indicator), "results.indicator.created")
INDICATOR_EDITED = Proof(
    value(Indicator, "manual_indicator", "name", "version"), "results.indicator.updated"
)
TARGETS = Proof(count(Target), "results.target.set")
TARGET_REMOVED = Proof(count(Target, pk=pk("target")), "results.target.removed")
MEASUREMENTS = Proof(count(Measurement), "results.measurement.recorded")
NARRATIVES = Proof(count(Narrative), "results.narrative.created")


def _pages() -> list[Spec]:
    return [
        cspec(
            "results:framework-list",
            "GET",
            (*READERS, C_SEC),
            shows=lambda w: TITLE,
            sees=READERS,
        ),
        cspec("results:framework-new", "GET", (MEA,)),
        cspec("results:framework-new", "POST", (MEA,), data=_framework_new, proof=FRAMEWORKS),
        cspec("results:framework-detail", "GET", READERS, kwargs=FRAMEWORK, shows=lambda w: TITLE),
        cspec(
            "results:framework-dashboard",
            "GET",
            READERS,
            kwargs=FRAMEWORK,
            shows=lambda w: "Cursos impartidos",
        ),
        cspec("results:framework-edit", "GET", (MEA,), kwargs=FRAMEWORK),
        cspec(
            "results:framework-edit",
            "POST",
            (MEA,),
            kwargs=FRAMEWORK,
            data=_framework_edit,
            proof=FRAMEWORK_EDITED,
        ),
        cspec("results:node-add", "GET", (MEA,), kwargs=FRAMEWORK),
        cspec("results:node-add", "POST", (MEA,), kwargs=FRAMEWORK, data=_node_new, proof=NODES),
        cspec("results:node-edit", "GET", (MEA,), kwargs=NODE),
        cspec(
            "results:node-edit",
            "POST",
            (MEA,),
            kwargs=NODE,
            data=lambda w: NODE_EDIT,
            proof=NODE_EDITED,
        ),
        cspec("results:node-remove", "POST", (MEA,), kwargs=LEAF, proof=NODE_REMOVED),
        cspec("results:indicator-new", "GET", (MEA,), kwargs=FRAMEWORK),
        cspec(
            "results:indicator-new",
            "POST",
            (MEA,),
            kwargs=FRAMEWORK,
            data=_indicator_new,
            proof=INDICATORS,
        ),
        cspec(
            "results:indicator-detail",
            "GET",
            READERS,
            kwargs=INDICATOR,
            shows=lambda w: "Listas de asistencia",
        ),
        cspec("results:indicator-edit", "GET", (MEA,), kwargs=INDICATOR),
        cspec(
            "results:indicator-edit",
            "POST",
            (MEA,),
            kwargs=INDICATOR,
            data=_indicator_edit,
            proof=INDICATOR_EDITED,
        ),
        cspec(
            "results:target-set",
            "POST",
            (MEA,),
            kwargs=INDICATOR,
            data=lambda w: TARGET_SET,
            proof=TARGETS,
        ),
        cspec("results:target-remove", "POST", (MEA,), kwargs=TARGET, proof=TARGET_REMOVED),
        cspec(
            "results:measurement-record",
            "POST",
            (MEA,),
            kwargs=INDICATOR,
            data=lambda w: MEASUREMENT,
            proof=MEASUREMENTS,
        ),
        cspec("results:narrative-edit", "GET", (MEA,), kwargs=FRAMEWORK),
        cspec(
            "results:narrative-edit",
            "POST",
            (MEA,),
            kwargs=FRAMEWORK,
            data=lambda w: NARRATIVE,
            proof=NARRATIVES,
        ),
    ]


def _api() -> list[Spec]:
    return [
        cspec(
            "api:results-framework-list",
            "GET",
            (*READERS, C_SEC),
            shows=lambda w: TITLE,
            sees=READERS,
        ),
        cspec(
            "api:results-framework-create",
            "POST",
            (MEA,),
            status=201,
            data=_framework_new,
            proof=FRAMEWORKS,
        ),
        cspec("api:results-framework-detail", "GET", READERS, kwargs=FRAMEWORK),
        cspec(
            "api:results-framework-update",
            "POST",
            (MEA,),
            kwargs=FRAMEWORK,
            data=_api_framework_edit,
            proof=FRAMEWORK_EDITED,
        ),
        cspec("api:results-dashboard", "GET", READERS, kwargs=FRAMEWORK),
        cspec(
            "api:results-node-create",
            "POST",
            (MEA,),
            status=201,
            kwargs=FRAMEWORK,
            data=_node_new,
            proof=NODES,
        ),
        cspec(
            "api:results-node-update",
            "POST",
            (MEA,),
            kwargs=NODE,
            data=lambda w: NODE_EDIT,
            proof=NODE_EDITED,
        ),
        cspec(
            "api:results-node-remove", "POST", (MEA,), status=204, kwargs=LEAF, proof=NODE_REMOVED
        ),
        cspec(
            "api:results-indicator-create",
            "POST",
            (MEA,),
            status=201,
            kwargs=FRAMEWORK,
            data=_indicator_new,
            proof=INDICATORS,
        ),
        cspec("api:results-indicator-detail", "GET", READERS, kwargs=INDICATOR),
        cspec(
            "api:results-indicator-update",
            "POST",
            (MEA,),
            kwargs=INDICATOR,
            data=_api_indicator_edit,
            proof=INDICATOR_EDITED,
        ),
        cspec(
            "api:results-target-set",
            "POST",
            (MEA,),
            kwargs=INDICATOR,
            data=lambda w: TARGET_SET,
            proof=TARGETS,
        ),
        cspec(
            "api:results-target-remove",
            "POST",
            (MEA,),
            status=204,
            kwargs=TARGET,
            proof=TARGET_REMOVED,
        ),
        cspec(
            "api:results-measurement-record",
            "POST",
            (MEA,),
            status=201,
            kwargs=INDICATOR,
            data=lambda w: MEASUREMENT,
            proof=MEASUREMENTS,
        ),
        cspec(
            "api:results-narrative-save",
            "POST",
            (MEA,),
            kwargs=FRAMEWORK,
            data=lambda w: NARRATIVE,
            proof=NARRATIVES,
        ),
    ]


SPECS: list[Spec] = [*_pages(), *_api()]
