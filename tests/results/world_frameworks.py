"""The frameworks slice's extra records of the matrix world: ``frameworks_leaf``, an activity
under ``output`` without indicators (it can be removed)."""

from __future__ import annotations

from ruta.results.models import ResultNode


def build(*, users: dict, home, world: dict) -> dict:
    leaf = ResultNode.objects.create(
        framework=world["results_framework"],
        parent=world["output"],
        level="activity",
        code="1111.A",
        title="Actividad sin indicadores",
    )
    return {"frameworks_leaf": leaf}
