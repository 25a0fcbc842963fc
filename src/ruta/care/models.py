"""Assessment and care: needs and risk assessments made with versioned templates, the care
plan (plan de atención) with its goals and services, services delivered, and plan reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruta.care.choices import (
    AssessmentKind,
    GoalStatus,
    Level,
    PlanStatus,
    ReviewOutcome,
    ServiceStatus,
    ServiceType,
)
from ruta.core.crypto import EncryptedTextField
from ruta.core.models import BaseModel, VersionedModel


class AssessmentTemplate(BaseModel):
    """A versioned assessment shipped as data: items grouped, each answered on the level
    scale; a needs item names the service type that answers it."""

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=10, choices=AssessmentKind.choices)
    name = models.JSONField(_("name"))
    groups = models.JSONField(_("groups"))
    items = models.JSONField(_("items"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["kind", "code", "-version"]
        verbose_name = _("assessment template")
        verbose_name_plural = _("assessment templates")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="assessment_code_version")
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    def label(self, language: str) -> str:
        return self.name.get(language) or self.name.get("es") or self.code


class Assessment(BaseModel):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="assessments", verbose_name=_("case")
    )
    template = models.ForeignKey(
        AssessmentTemplate, on_delete=models.PROTECT, related_name="+", verbose_name=_("template")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AssessmentKind.choices)
    answers = models.JSONField(_("answers"))
    group_levels = models.JSONField(_("levels by group"))
    level = models.CharField(_("overall level"), max_length=10, choices=Level.choices)
    summary = EncryptedTextField(_("summary"), blank=True)
    assessed_on = models.DateField(_("date"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["case", "kind", "-assessed_on"], name="assessment_case")]

    def __str__(self) -> str:
        return self.get_kind_display()


class CarePlan(VersionedModel):
    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="care_plan", verbose_name=_("case")
    )
    objectives = EncryptedTextField(_("objectives"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    started_on = models.DateField(_("start"))
    planned_end_on = models.DateField(_("planned end"), null=True, blank=True)
    ended_on = models.DateField(_("end"), null=True, blank=True)
    # Days after the start when reviews fall due, e.g. [30, 90, 180]; then every last value.
    review_days = models.JSONField(_("reviews due after (days)"))
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("care plan")
        verbose_name_plural = _("care plans")

    def __str__(self) -> str:
        return str(_("Care plan"))


class CareGoal(VersionedModel):
    plan = models.ForeignKey(
        CarePlan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("care plan")
    )
    area = models.CharField(_("area"), max_length=40, choices=ServiceType.choices)
    description = EncryptedTextField(_("goal"))
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.get_area_display()


class CareService(VersionedModel):
    """A service the plan provides: what, by which institution, by when, and how far along."""

    plan = models.ForeignKey(
        CarePlan, on_delete=models.CASCADE, related_name="services", verbose_name=_("care plan")
    )
    goal = models.ForeignKey(
        CareGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("goal"),
    )
    type = models.CharField(_("service"), max_length=40, choices=ServiceType.choices)
    responsible = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible institution"),
    )
    description = EncryptedTextField(_("details"), blank=True)
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=15, choices=ServiceStatus.choices, default=ServiceStatus.PLANNED
    )
    status_reason = EncryptedTextField(_("reason"), blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [models.Index(fields=["status", "due_on"], name="care_service_due")]

    def __str__(self) -> str:
        return self.get_type_display()


class ServiceDelivery(BaseModel):
    """One occasion a service was given (a consultation, a night of shelter, a hearing)."""

    service = models.ForeignKey(
        CareService, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("service")
    )
    delivered_on = models.DateField(_("date"))
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_for = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded for"),
    )

    class Meta:
        ordering = ["-delivered_on", "-created_at"]
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")

    def __str__(self) -> str:
        return str(self.delivered_on)


class PlanReview(BaseModel):
    plan = models.ForeignKey(
        CarePlan, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("care plan")
    )
    reviewed_on = models.DateField(_("date"))
    due_on = models.DateField(_("was due"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=ReviewOutcome.choices)
    summary = EncryptedTextField(_("summary"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_on", "-created_at"]
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")

    def __str__(self) -> str:
        return self.get_outcome_display()
