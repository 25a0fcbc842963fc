"""Writes on the referral pathway, by topic. Each checks a policy, validates everything before
it saves, writes the case's timeline, an audit event and (on commit) the notifications; access
to the case is opened and closed through the cases app's grants, never by special cases in
its policies.

- ``referrals``: sending, answering, handing over, withdrawing and completing referrals
- ``child_protection``: the mandatory referral of a child's case (a child-case hook)
- ``transfers``: proposing and answering a change of the case's owner
- ``directory``: the services each institution offers
- ``reminders``: answer time limits and reminders of overdue referrals

New code imports from the topic module; the names below stay importable from the package
for existing callers (``from ruta.referrals import services; services.referral_send(...)``).
"""

from ruta.referrals.services._common import ConsentRequired
from ruta.referrals.services.child_protection import child_protection_agency, on_child_case
from ruta.referrals.services.directory import offering_save
from ruta.referrals.services.referrals import (
    referral_accept,
    referral_assign,
    referral_complete,
    referral_decline,
    referral_send,
    referral_withdraw,
)
from ruta.referrals.services.reminders import answer_due, remind_overdue
from ruta.referrals.services.transfers import (
    transfer_accept,
    transfer_decline,
    transfer_propose,
    transfer_withdraw,
)

__all__ = [
    "ConsentRequired",
    "answer_due",
    "child_protection_agency",
    "offering_save",
    "on_child_case",
    "referral_accept",
    "referral_assign",
    "referral_complete",
    "referral_decline",
    "referral_send",
    "referral_withdraw",
    "remind_overdue",
    "transfer_accept",
    "transfer_decline",
    "transfer_propose",
    "transfer_withdraw",
]
