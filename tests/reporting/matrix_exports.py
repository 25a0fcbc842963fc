"""Permission-matrix specs of the exchange files (reporting).

The CTDC and UNODC files are the national analysts' (the M&E analyst); the HTCDS spreadsheet
needs ``exports.personal_data``, which no role template holds. A file is seen and downloaded
only by who asked for it: everyone else gets 404. A download is a read, proven by its audit
event."""

from __future__ import annotations

from django.utils import timezone

from ruta.audit.models import AuditEvent
from ruta.reporting.models import ExportJob
from tests.matrix import Proof
from tests.matrix_spec import MEA, Spec, count, kw, pk, spec

JOB = kw(job_id=pk("export_job"))
STARTED = Proof(count(ExportJob), "reporting.export.requested")
DOWNLOADED = Proof(
    lambda w: AuditEvent.objects.filter(action="reporting.export.downloaded").count(),
    "reporting.export.downloaded",
)


def _start(w):
    return {"kind": "unodc", "year": timezone.localdate().year - 1, "reason": "Cuestionario anual"}


SPECS: list[Spec] = [
    spec("reporting:export-list", "GET", (MEA,)),
    spec("reporting:export-start", "POST", (MEA,), data=_start, proof=STARTED),
    spec("reporting:export-detail", "GET", (MEA,), kwargs=JOB),
    spec("reporting:export-download", "POST", (MEA,), status=200, kwargs=JOB, proof=DOWNLOADED),
    spec("api:statistics-export-list", "GET", (MEA,)),
    spec("api:statistics-export-start", "POST", (MEA,), status=202, data=_start, proof=STARTED),
    spec("api:statistics-export-detail", "GET", (MEA,), kwargs=JOB),
    spec("api:statistics-export-download", "POST", (MEA,), kwargs=JOB, proof=DOWNLOADED),
]
