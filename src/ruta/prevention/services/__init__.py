"""The writes of the prevention pillar, one module per topic (re-exported here)."""

from ruta.prevention.services import courses, frameworks, sessions
from ruta.prevention.services.certificates import (
    certificate_download,
    certificate_revoke,
    certificates_issue,
)
from ruta.prevention.services.enrolments import (
    attendance_record,
    enrolment_create,
    enrolment_withdraw,
    result_record,
)
from ruta.prevention.services.follow_ups import follow_up_answer, follow_ups_send
from ruta.prevention.services.participants import (
    participant_create,
    participant_update,
)

__all__ = [
    "attendance_record",
    "certificate_download",
    "certificate_revoke",
    "certificates_issue",
    "courses",
    "enrolment_create",
    "enrolment_withdraw",
    "follow_up_answer",
    "follow_ups_send",
    "frameworks",
    "participant_create",
    "participant_update",
    "result_record",
    "sessions",
]
