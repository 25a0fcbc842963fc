"""The survivor's consent: recorded, withdrawn, and asked by other services before they act."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.cases import policies
from ruta.cases.choices import ActivityKind, ConsentGivenBy, ConsentPurpose
from ruta.cases.models import Case, Consent
from ruta.cases.services._common import CaseClosed, bump
from ruta.cases.services.timeline import timeline_add
from ruta.core.actor import Actor
from ruta.core.errors import DomainError, require
from ruta.institutions.models import Institution


def consent_valid(*, case: Case, purpose: str, recipient_id=None, on: date | None = None) -> bool:
    """Whether the case holds an active consent for ``purpose`` (for sharing: with that
    institution) on ``on``. Referrals, exports and the like ask this before they act."""
    on = on or timezone.localdate()
    qs = case.consents.filter(purpose=purpose, given_on__lte=on, withdrawn_on__isnull=True)
    if purpose == ConsentPurpose.SHARING:
        qs = qs.filter(recipient_id=recipient_id)
    return qs.exists()


@transaction.atomic
def consent_record(
    *,
    actor: Actor,
    case: Case,
    purpose: str,
    given_by: str,
    given_on: date,
    recipient: Institution | None = None,
    child_assent: bool = False,
    guardian_consent: bool = False,
) -> Consent:
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(policies.can_record_consent(actor, case))
    if case.is_closed:
        raise CaseClosed
    errors: dict[str, list[str]] = {}
    if purpose not in ConsentPurpose.values:
        errors["purpose"] = [_("Unknown code: %(code)s") % {"code": purpose}]
    if given_by not in ConsentGivenBy.values:
        errors["given_by"] = [_("Unknown code: %(code)s") % {"code": given_by}]
    if purpose == ConsentPurpose.SHARING and recipient is None:
        errors["recipient"] = [_("Name the institution the person agrees to share with.")]
    if purpose != ConsentPurpose.SHARING and recipient is not None:
        errors["recipient"] = [_("Only consent to sharing names an institution.")]
    if given_on > timezone.localdate():
        errors["given_on"] = [_("Consent cannot be dated in the future.")]
    if case.is_child:
        if not child_assent:
            errors["child_assent"] = [_("For a child, record the child's assent.")]
        if not guardian_consent or given_by == ConsentGivenBy.PERSON:
            errors["guardian_consent"] = [
                _("For a child, the guardian or the child-protection agency must consent as well.")
            ]
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        case=case,
        purpose=purpose,
        recipient=recipient,
        given_by=given_by,
        child_assent=child_assent,
        guardian_consent=guardian_consent,
        given_on=given_on,
        recorded_by=actor.user,
    )
    bump(case, [])
    timeline_add(case, ActivityKind.CONSENT, actor, detail=purpose)
    audit.record(
        action="cases.consent.recorded",
        actor=actor,
        target=consent,
        target_institution_id=case.institution_id,
        data={"case": str(case.pk), "purpose": purpose},
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor: Actor, consent: Consent, withdrawn_on: date | None = None
) -> Consent:
    consent = Consent.objects.select_for_update().select_related("case").get(pk=consent.pk)
    require(policies.can_record_consent(actor, consent.case))
    if consent.withdrawn_on is not None:
        raise DomainError(_("This consent was already withdrawn."))
    withdrawn_on = withdrawn_on or timezone.localdate()
    if withdrawn_on > timezone.localdate() or withdrawn_on < consent.given_on:
        raise ValidationError({"withdrawn_on": [_("Check the date of withdrawal.")]})
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    timeline_add(consent.case, ActivityKind.CONSENT_WITHDRAWN, actor, detail=consent.purpose)
    audit.record(
        action="cases.consent.withdrawn",
        actor=actor,
        target=consent,
        target_institution_id=consent.case.institution_id,
        data={"case": str(consent.case_id), "purpose": consent.purpose},
    )
    return consent
