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

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruta.core.models import BaseModel, VersionedModel
from ruta.reporting.choices import ExportKind, ExportStatus, ReleaseStatus


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


class ServiceFact(models.Model):
    """One service delivered (one occasion) to a case, with the coded facts the response
    dashboard filters by: no note, no name."""

    delivery = models.OneToOneField(
        "care.ServiceDelivery", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    # The institution that holds the case, and the one that gave the service.
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+"
    )
    provider = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+"
    )
    delivered_on = models.DateField()
    month = models.DateField()
    type = models.CharField(max_length=40)
    department = models.CharField(max_length=6, blank=True)
    sex = models.CharField(max_length=10)
    age_group = models.CharField(max_length=8)

    class Meta:
        indexes = [models.Index(fields=["month", "type"], name="servicefact_month")]

    def __str__(self) -> str:
        return f"{self.type} {self.delivered_on}"


class ReferralFact(models.Model):
    """One referral between institutions: when it was sent, to whom, how and how fast it was
    answered, and what came of it. ``due_at`` stays so that a referral still waiting counts
    as overdue from the moment its deadline passes, without a write."""

    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    from_institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+"
    )
    to_institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField()
    type = models.CharField(max_length=20)
    status = models.CharField(max_length=10)
    outcome = models.CharField(max_length=20, blank=True)
    due_at = models.DateTimeField()
    # Hours from sending to the answer (accepted or declined); null while unanswered.
    answer_hours = models.PositiveIntegerField(null=True)
    answered_on_time = models.BooleanField(null=True)
    department = models.CharField(max_length=6, blank=True)
    sex = models.CharField(max_length=10)
    age_group = models.CharField(max_length=8)

    class Meta:
        indexes = [models.Index(fields=["month", "status"], name="referralfact_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.status}"


class StatisticsState(models.Model):
    """One row: how far the summary tables have read the audit trail."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    # Bumped whenever the counts change: the dashboards' cache keys carry it.
    version = models.PositiveBigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True)
    rebuilt_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("statistics state")

    def __str__(self) -> str:
        return f"statistics at #{self.last_seq}"


class Release(VersionedModel):
    """A frozen release of the official tables of a year: prepared by an analyst, published by
    a second person. Its tables hold only what passed disclosure control (published values,
    suppression marks), never the true counts."""

    year = models.PositiveSmallIntegerField(_("year"))
    edition = models.PositiveSmallIntegerField(_("edition"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReleaseStatus.choices, default=ReleaseStatus.DRAFT
    )
    threshold = models.PositiveSmallIntegerField(_("suppression threshold"))
    protection = models.PositiveSmallIntegerField(_("protection width"))
    data_as_of = models.DateTimeField(_("data as of"))
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prepared_for = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Cells, published, primary, secondary, perturbed, share suppressed: overall and national.
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["-year", "-edition"]
        verbose_name = _("statistics release")
        constraints = [
            models.UniqueConstraint(fields=["year", "edition"], name="release_year_edition")
        ]

    def __str__(self) -> str:
        return f"{self.year}.{self.edition}"

    @property
    def is_published(self) -> bool:
        return self.status == ReleaseStatus.PUBLISHED

    @property
    def safe(self) -> bool:
        return bool(self.report.get("safe"))


class ReleaseTable(models.Model):
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="tables")
    code = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField()
    dims = models.JSONField()  # the SDMX dimension columns, e.g. ["AGE", "SEX"]
    # [[code per dimension...], value or null, OBS_STATUS, CONF_STATUS] per cell
    cells = models.JSONField()
    summary = models.JSONField()
    safe = models.BooleanField()

    class Meta:
        ordering = ["release", "position"]
        constraints = [
            models.UniqueConstraint(fields=["release", "code"], name="release_table_code")
        ]

    def __str__(self) -> str:
        return f"{self.release} {self.code}"


class ExportJob(BaseModel):
    """An exchange file requested from the pages or the API, written by a task into encrypted
    storage, downloaded by who asked for it until it expires."""

    kind = models.CharField(_("file"), max_length=10, choices=ExportKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    storage_key = models.CharField(max_length=32, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")

    def __str__(self) -> str:
        return f"{self.kind} {self.year}"

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    @property
    def running(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)


class Population(models.Model):
    """Population by year, department (empty: the whole country), sex and age group, as an
    official source publishes it (``ruta load_population``): the denominator of the rates per
    100,000."""

    year = models.PositiveSmallIntegerField(_("year"))
    department = models.CharField(_("department"), max_length=6, blank=True)
    sex = models.CharField(_("sex"), max_length=10)
    age_group = models.CharField(_("age"), max_length=8)
    population = models.PositiveIntegerField(_("population"))
    source = models.CharField(_("source"), max_length=300)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("population")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "department", "sex", "age_group"], name="population_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.department or 'HN'} {self.sex} {self.age_group}"
