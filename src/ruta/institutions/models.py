"""Institutions of the national response, their units, territories and contact points."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ruta.core.choices import InstitutionType
from ruta.core.models import BaseModel, Department, VersionedModel


def default_plan_review_days() -> list[int]:
    """Reviews of a care plan at 30, 90 and 180 days, then every 180 days."""
    return [30, 90, 180]


class Institution(VersionedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    type = models.CharField(_("type"), max_length=30, choices=InstitutionType.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    territories = models.ManyToManyField(
        Department, blank=True, related_name="institutions", verbose_name=_("territories served")
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    receives_public_reports = models.BooleanField(
        _("receives reports from the public web form"), default=False
    )
    first_contact_hours = models.PositiveSmallIntegerField(
        _("first contact due within (hours)"), default=24
    )
    plan_review_days = models.JSONField(
        _("care plan reviews due after (days)"), default=default_plan_review_days
    )
    referral_answer_days = models.PositiveSmallIntegerField(
        _("referrals answered within (working days)"), default=2
    )
    referral_urgent_hours = models.PositiveSmallIntegerField(
        _("urgent referrals answered within (hours)"), default=24
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def short_name(self) -> str:
        return self.acronym or self.name


class Unit(BaseModel):
    """A part of an institution, e.g. a regional office; roles scoped to a unit see its records."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="units", verbose_name=_("institution")
    )
    name = models.CharField(_("name"), max_length=200)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="unit_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ContactPoint(BaseModel):
    """How other institutions reach this one (a desk, a duty phone), not a survivor's contact."""

    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="contact_points",
        verbose_name=_("institution"),
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")

    def __str__(self) -> str:
        return self.name
