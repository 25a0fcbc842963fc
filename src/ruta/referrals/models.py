"""The referral pathway (ruta de atención): which institution offers which service where, the
referrals between institutions and the transfers of a case's ownership."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruta.care.choices import ServiceType
from ruta.core.crypto import EncryptedTextField
from ruta.core.models import VersionedModel
from ruta.referrals.choices import (
    Outcome,
    OutcomeReason,
    ReferralStatus,
    ReferralType,
    TransferStatus,
)


class ServiceOffering(VersionedModel):
    """A directory entry: an institution offers a service in some departments."""

    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.CASCADE,
        related_name="offerings",
        verbose_name=_("institution"),
    )
    service = models.CharField(_("service"), max_length=40, choices=ServiceType.choices)
    departments = models.ManyToManyField(
        "core.Department", blank=True, related_name="+", verbose_name=_("departments served")
    )
    capacity_notes = models.TextField(_("capacity"), blank=True)
    contact_point = models.ForeignKey(
        "institutions.ContactPoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact point"),
    )
    is_active = models.BooleanField(_("offered now"), default=True)

    class Meta:
        ordering = ["institution__name", "service"]
        verbose_name = _("service offered")
        verbose_name_plural = _("services offered")
        constraints = [
            models.UniqueConstraint(fields=["institution", "service"], name="offering_unique")
        ]

    def __str__(self) -> str:
        return self.get_service_display()


class Referral(VersionedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="referrals", verbose_name=_("case")
    )
    from_institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("from"),
    )
    to_institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("to"),
    )
    type = models.CharField(_("type"), max_length=20, choices=ReferralType.choices)
    services = models.JSONField(_("services requested"))
    urgent = models.BooleanField(_("urgent"), default=False)
    mandatory = models.BooleanField(_("required by law"), default=False)
    message = EncryptedTextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField(_("answer due"))
    reminded_at = models.DateTimeField(null=True, blank=True)
    consent_override_reason = EncryptedTextField(
        _("reason for sharing without consent"), blank=True
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    decline_reason = EncryptedTextField(_("reason for declining"), blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdraw_reason = EncryptedTextField(_("reason for withdrawing"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_reason = models.CharField(
        _("why not successful"), max_length=30, choices=OutcomeReason.choices, blank=True
    )
    outcome_note = EncryptedTextField(_("note on the outcome"), blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["to_institution", "status", "-sent_at"], name="referral_inbox"),
            models.Index(fields=["from_institution", "status", "-sent_at"], name="referral_sent"),
            models.Index(fields=["status", "due_at"], name="referral_due"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def overdue(self) -> bool:
        return self.status == ReferralStatus.SENT and self.due_at < timezone.now()

    @property
    def is_open(self) -> bool:
        return self.status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class Transfer(VersionedModel):
    """A proposal to move a case's ownership to another institution."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="transfers", verbose_name=_("case")
    )
    from_institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="+"
    )
    to_institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="+"
    )
    message = EncryptedTextField(_("message"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TransferStatus.choices,
        default=TransferStatus.PROPOSED,
    )
    proposed_at = models.DateTimeField(_("proposed"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    consent_override_reason = EncryptedTextField(
        _("reason for sharing without consent"), blank=True
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = EncryptedTextField(_("reason for declining"), blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")

    def __str__(self) -> str:
        return self.get_status_display()
