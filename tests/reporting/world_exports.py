"""Matrix world (reporting, exchange files): a CTDC extract the M&E analyst asked for, written
and ready to download (``export_job``)."""

from __future__ import annotations

from django.utils import timezone

from ruta.reporting.services_exports import export_run, export_start
from tests.factories import actor_of


def build(*, users, home, world) -> dict:
    analyst = actor_of(users["me_analyst"], home)
    job = export_start(
        actor=analyst,
        kind="ctdc",
        year=timezone.localdate().year - 1,
        reason="Contribución anual al CTDC",
    )
    return {"export_job": export_run(job)}
