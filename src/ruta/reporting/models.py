"""The statistics' summary tables. Both are derived data, rebuilt from the records by
``services.statistics_refresh`` (what the audit trail says changed) and
``services.statistics_rebuild`` (everything): no person's identity is copied here.

- ``VictimFact``: one row per case the statistics count (its latest identification decision
  is presumed or identified), with the coded facts the dashboards break down by.
- ``VictimCount``: the facts counted by every dimension the dashboards filter or break down
  by, one row per combination per month and institution. A dashboard reads only this table,
  so a page costs a few grouped queries over a few thousand rows, whatever the number of
  cases.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class VictimFact(models.Model):
    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # The person the case is about (after merges, the surviving record): a person detected
    # twice in a year is counted once, for the earlier case.
    person_key = models.UUIDField()
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+"
    )
    detected_on = models.DateField()
    month = models.DateField()  # the first day of ``detected_on``'s month
    status = models.CharField(max_length=10)
    sex = models.CharField(max_length=10)
    age_group = models.CharField(max_length=8)
    forms = models.JSONField(default=list)
    nationality = models.CharField(max_length=3, blank=True)
    department = models.CharField(max_length=6, blank=True)
    transnational = models.BooleanField(default=False)
    victim_type = models.CharField(max_length=10)
    channel = models.CharField(max_length=20, blank=True)
    days_to_contact = models.PositiveIntegerField(null=True)
    days_to_identification = models.PositiveIntegerField(null=True)
    days_to_service = models.PositiveIntegerField(null=True)
    counted = models.BooleanField(default=True)

    class Meta:
        indexes = [
            models.Index(fields=["month", "institution"], name="victimfact_part"),
            models.Index(fields=["person_key", "detected_on"], name="victimfact_person"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.month:%Y-%m}"


class VictimCount(models.Model):
    """Counted victims per combination. ``form`` holds one form of exploitation (a victim of
    several forms has a row for each; ``primary`` marks one of them, so that a total without a
    form filter counts each victim once)."""

    id = models.BigAutoField(primary_key=True)
    month = models.DateField()
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+"
    )
    department = models.CharField(max_length=6, blank=True)
    sex = models.CharField(max_length=10)
    age_group = models.CharField(max_length=8)
    form = models.CharField(max_length=20, blank=True)
    primary = models.BooleanField()
    nationality = models.CharField(max_length=3, blank=True)
    transnational = models.BooleanField()
    victim_type = models.CharField(max_length=10)
    channel = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=10)
    victims = models.PositiveIntegerField()
    contact_days = models.PositiveBigIntegerField(default=0)
    contact_n = models.PositiveIntegerField(default=0)
    identification_days = models.PositiveBigIntegerField(default=0)
    identification_n = models.PositiveIntegerField(default=0)
    service_days = models.PositiveBigIntegerField(default=0)
    service_n = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["month", "institution"], name="victimcount_part")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.institution_id}: {self.victims}"


class StatisticsState(models.Model):
    """One row: how far the summary tables have read the audit trail."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True)
    rebuilt_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("statistics state")

    def __str__(self) -> str:
        return f"statistics at #{self.last_seq}"
