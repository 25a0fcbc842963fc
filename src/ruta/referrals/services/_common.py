"""What the referral and transfer services share: text limits, the consent check, who
hears of what. Private to the package except ``ConsentRequired`` (re-exported)."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from ruta.accounts.models import User
from ruta.accounts.selectors import members_with_capability
from ruta.cases.choices import ConsentPurpose
from ruta.cases.models import Case
from ruta.cases.services.consent import consent_valid
from ruta.core.actor import Actor
from ruta.core.errors import DomainError, require
from ruta.institutions.models import Institution
from ruta.notifications.services import notify_on_commit
from ruta.referrals import policies
from ruta.referrals.models import Referral, Transfer

MAX_TEXT = 5000


SOURCE = "referral"


TRANSFER_SOURCE = "transfer"


class ConsentRequired(DomainError):
    status = 409

    def __init__(self) -> None:
        super().__init__(
            _(
                "The survivor has not consented to sharing their case with this institution. "
                "Record that consent on the case, or, if you may, share without it and write "
                "why."
            )
        )


def text(errors: dict, field: str, value: str, *, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = [_("This field is required.")]
    elif len(value) > MAX_TEXT:
        errors[field] = [_("At most %(n)s characters.") % {"n": MAX_TEXT}]
    return value


def notify(
    users: Iterable[User | None],
    institution_id: UUID,
    kind: str,
    title: Promise,
    referral_or_transfer: Referral | Transfer,
    urgent: bool = False,
) -> None:
    """The other side hears of it once the write commits: a title and a link to the referral
    or transfer, no personal data."""
    if isinstance(referral_or_transfer, Referral):
        url = reverse("referrals:referral-detail", kwargs={"referral_id": referral_or_transfer.pk})
    else:
        url = reverse("referrals:transfer-detail", kwargs={"transfer_id": referral_or_transfer.pk})
    notify_on_commit(
        users=users,
        institution_id=institution_id,
        kind=kind,
        title=title,
        url=url,
        urgent=urgent,
    )


def responders(institution_id) -> list[User]:
    return list(
        members_with_capability(institution_id=institution_id, capability="referrals.respond")
    )


def sender_side(referral: Referral) -> list[User]:
    users = {referral.sent_by}
    if (
        referral.case.institution_id == referral.from_institution_id
        and referral.case.assigned_to is not None
    ):
        users.add(referral.case.assigned_to)
    return list(users)


def check_consent(
    actor: Actor, case: Case, recipient: Institution, override_reason: str, errors: dict
) -> str:
    """Sharing needs the survivor's consent to share with that institution, or an override
    by someone who may, with a written reason."""
    override_reason = (override_reason or "").strip()
    if consent_valid(case=case, purpose=ConsentPurpose.SHARING, recipient_id=recipient.pk):
        return ""
    if not override_reason:
        raise ConsentRequired
    require(policies.can_override_consent(actor))
    if len(override_reason) > MAX_TEXT:
        errors["consent_override_reason"] = [_("At most %(n)s characters.") % {"n": MAX_TEXT}]
    return override_reason
