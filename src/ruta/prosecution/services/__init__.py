"""Writes on criminal files. Each checks a policy, validates everything before it saves
anything (a clear error per field, nothing half-saved), records an audit event."""

from ruta.prosecution.services._common import FileClosed
from ruta.prosecution.services.defendants import (
    appeal_decide,
    appeal_file,
    asset_record,
    charge_add,
    compensation_record_payment,
    current_verdicts,
    defendant_add,
    defendant_update,
    verdict_record,
)
from ruta.prosecution.services.files import (
    file_assign,
    file_close_early,
    file_create,
    file_update,
    stage_advance,
    stage_correct,
    stage_due_on,
)
from ruta.prosecution.services.hearings import hearing_record_result, hearing_schedule
from ruta.prosecution.services.operations import operation_create, operation_link_reports
from ruta.prosecution.services.victims import (
    measure_decide,
    measure_request,
    victim_link_case,
    victim_record,
    victim_update,
)

__all__ = [
    "FileClosed",
    "appeal_decide",
    "appeal_file",
    "asset_record",
    "charge_add",
    "compensation_record_payment",
    "current_verdicts",
    "defendant_add",
    "defendant_update",
    "file_assign",
    "file_close_early",
    "file_create",
    "file_update",
    "hearing_record_result",
    "hearing_schedule",
    "measure_decide",
    "measure_request",
    "operation_create",
    "operation_link_reports",
    "stage_advance",
    "stage_correct",
    "stage_due_on",
    "verdict_record",
    "victim_link_case",
    "victim_record",
    "victim_update",
]
