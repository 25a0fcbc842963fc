"""Writes on protection cases, by topic. Each checks a policy, validates, saves, records the
case's timeline and an audit event; side effects wait for the commit.

- ``lifecycle``: opening, assignment, first contact, a change of owner
- ``identification``: the identification decision
- ``events``: the facts of the exploitation and its trafficking events
- ``tasks``: completing a task
- ``closure``: closure requests and decisions, reopening
- ``notes``: notes and attachments
- ``consent``: consent recorded, withdrawn and checked
- ``screening``: screenings
- ``timeline``: a line on the case's timeline (other apps write there too)
- ``grants``: access grants to other institutions (written by referrals and transfers)

New code imports from the topic module; the names below stay importable from the package
for existing callers (``from ruta.cases import services; services.case_open(...)``).
"""

from ruta.cases.services._common import CaseClosed
from ruta.cases.services.closure import (
    carried_items,
    case_decide_closure,
    case_reopen,
    case_request_closure,
    closure_items,
)
from ruta.cases.services.consent import consent_record, consent_valid, consent_withdraw
from ruta.cases.services.events import case_update_facts, event_add
from ruta.cases.services.grants import grant_close, grant_open, grant_reassign
from ruta.cases.services.identification import identification_decide
from ruta.cases.services.lifecycle import (
    case_assign,
    case_change_owner,
    case_open,
    case_record_first_contact,
)
from ruta.cases.services.notes import attachment_add, attachment_download, note_add
from ruta.cases.services.screening import screening_record
from ruta.cases.services.tasks import task_complete, task_end_by_record
from ruta.cases.services.timeline import timeline_add

__all__ = [
    "CaseClosed",
    "attachment_add",
    "attachment_download",
    "carried_items",
    "case_assign",
    "case_change_owner",
    "case_decide_closure",
    "case_open",
    "case_record_first_contact",
    "case_reopen",
    "case_request_closure",
    "case_update_facts",
    "closure_items",
    "consent_record",
    "consent_valid",
    "consent_withdraw",
    "event_add",
    "grant_close",
    "grant_open",
    "grant_reassign",
    "identification_decide",
    "note_add",
    "screening_record",
    "task_complete",
    "task_end_by_record",
    "timeline_add",
]
