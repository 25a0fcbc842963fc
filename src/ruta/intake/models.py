"""Reports (denuncias / alertas) from every channel, and the people they mention.

Free text (narrative, places, descriptions) and the reporter's identity are encrypted at rest.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruta.core.crypto import EncryptedTextField
from ruta.core.models import BaseModel, Department, Municipality, VersionedModel
from ruta.intake.choices import (
    InvolvedRole,
    NotTraffickingReason,
    ReportChannel,
    ReportedSex,
    ReportStatus,
)


class Report(VersionedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("institution"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=ReportChannel.choices)
    received_at = models.DateTimeField(_("received at"))
    # The reporter: may be anonymous.
    reporter_anonymous = models.BooleanField(_("anonymous reporter"), default=False)
    reporter_name = EncryptedTextField(_("reporter's name"), blank=True)
    reporter_contact = EncryptedTextField(_("reporter's contact"), blank=True)
    # Where.
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    place_description = EncryptedTextField(_("place"), blank=True)
    # What happened.
    narrative = EncryptedTextField(_("what happened"))
    imminent_danger = models.BooleanField(_("imminent danger"), default=False)
    child_involved = models.BooleanField(_("a child is involved"), default=False)
    untrusted = models.BooleanField(_("unverified source"), default=False)
    follow_up_code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # Triage.
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.NEW
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken by"),
    )
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    closure_reason = models.CharField(
        _("reason"), max_length=30, choices=NotTraffickingReason.choices, blank=True
    )
    referral_information = EncryptedTextField(_("referral information given"), blank=True)
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            models.Index(fields=["institution", "status", "-received_at"], name="report_queue"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def urgent(self) -> bool:
        return self.imminent_danger or self.child_involved


class ReportPerson(BaseModel):
    """Someone a report mentions, as far as known: not yet a Person record."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="people", verbose_name=_("report")
    )
    role = models.CharField(_("role"), max_length=30, choices=InvolvedRole.choices)
    name = models.CharField(_("name or alias"), max_length=200, blank=True)
    sex = models.CharField(
        _("sex"), max_length=10, choices=ReportedSex.choices, default=ReportedSex.UNKNOWN
    )
    approximate_age = models.PositiveSmallIntegerField(_("approximate age"), null=True, blank=True)
    description = EncryptedTextField(_("description"), blank=True)

    class Meta:
        ordering = ["role", "created_at"]
        verbose_name = _("person mentioned")
        verbose_name_plural = _("people mentioned")

    def __str__(self) -> str:
        return self.name or str(self.get_role_display())
