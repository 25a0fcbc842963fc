"""Code lists of referrals and transfers (domain.md, "Referrals")."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReferralType(models.TextChoices):
    CARE = "care", _("Care and shelter")
    HEALTH = "health", _("Health")
    LEGAL = "legal", _("Legal and prosecution")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    CONSULAR = "consular", _("Consular assistance and repatriation")


# What each type lets the receiving institution see (architecture.md, "Access control"): a
# shelter sees care, a prosecutor identity and facts but no psychosocial notes.
TYPE_SECTIONS: dict[str, list[str]] = {
    ReferralType.CARE: ["identity", "contact", "care"],
    ReferralType.HEALTH: ["identity", "contact", "care", "health"],
    ReferralType.LEGAL: ["identity", "facts", "legal"],
    ReferralType.CHILD_PROTECTION: ["identity", "contact", "facts", "care", "health"],
    ReferralType.CONSULAR: ["identity", "contact"],
}


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # Spanish and French give a referral's statuses one gender: the context keeps "Completed"
    # apart from a care plan's or a service's.
    COMPLETED = "completed", pgettext_lazy("referral status", "Completed")


OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class Outcome(models.TextChoices):
    SUCCESSFUL = "successful", _("Successful")
    NOT_SUCCESSFUL = "not_successful", _("Not successful")
    # Set only by closing the case, never chosen on the completion form.
    CASE_CLOSED = "case_closed", _("Ended when the case was closed")


# What a person answers when completing a referral.
COMPLETION_OUTCOMES = [
    (Outcome.SUCCESSFUL.value, Outcome.SUCCESSFUL.label),
    (Outcome.NOT_SUCCESSFUL.value, Outcome.NOT_SUCCESSFUL.label),
]


class OutcomeReason(models.TextChoices):
    REFUSED = "refused_services", _("The survivor refused the services")
    NO_CAPACITY = "no_capacity", _("No capacity")
    NOT_NEEDED = "no_longer_needed", _("No longer needed")
    SURVIVOR_UNREACHABLE = "unreachable_survivor", _("The survivor could not be reached")
    INSTITUTION_UNREACHABLE = "unreachable_institution", _("The institution could not be reached")
    OTHER = "other", _("Other")


class TransferStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
