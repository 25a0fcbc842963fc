"""Persons: identity kept apart from case facts.

Identity fields stay searchable (names, documents) and are shown only in scope; contact details
and notes on disability are encrypted at rest.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruta.core.crypto import EncryptedTextField
from ruta.core.models import BaseModel, VersionedModel
from ruta.people.choices import DocumentType, Gender, Sex


class Person(VersionedModel):
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("institution"),
    )
    given_names = models.CharField(_("given names"), max_length=150)
    first_surname = models.CharField(_("first surname"), max_length=100, blank=True)
    second_surname = models.CharField(_("second surname"), max_length=100, blank=True)
    aliases = models.CharField(_("aliases"), max_length=300, blank=True)
    # Normalised name words and their nickname forms, for scoring search candidates.
    search_text = models.CharField(max_length=700, blank=True, editable=False)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField(
        _("gender"), max_length=30, choices=Gender.choices, default=Gender.NOT_SPECIFIED
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(_("estimated age"), null=True, blank=True)
    age_estimated_on = models.DateField(_("age estimated on"), null=True, blank=True)
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    population_groups = models.JSONField(_("population groups"), default=list, blank=True)
    population_group_consent = models.BooleanField(
        _("agreed to record population group"), default=False
    )
    contact = EncryptedTextField(_("contact"), blank=True)
    has_disability = models.BooleanField(_("has a disability"), null=True, blank=True)
    disability_notes = EncryptedTextField(_("disability"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["first_surname", "second_surname", "given_names"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(estimated_age__isnull=True) | models.Q(estimated_age__lte=120),
                name="person_age_plausible",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.first_surname, self.second_surname) if p)

    def age(self, on: date | None = None) -> int | None:
        from ruta.people.matching import age_on

        today = on or timezone.localdate()
        if self.date_of_birth:
            return age_on(self.date_of_birth, today)
        if self.estimated_age is not None:
            since = self.age_estimated_on or today
            return self.estimated_age + max(0, today.year - since.year)
        return None


class PersonDocument(BaseModel):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="documents", verbose_name=_("person")
    )
    type = models.CharField(_("type"), max_length=30, choices=DocumentType.choices)
    number = models.CharField(_("number"), max_length=50)
    number_normalised = models.CharField(max_length=50, db_index=True)
    issuing_country = models.CharField(_("issuing country"), max_length=3, blank=True)

    class Meta:
        ordering = ["type"]
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.number}"


class PersonNameKey(models.Model):
    """Search keys of a person's names (see matching.py). Rebuilt on every name change."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    institution_id = models.UUIDField()
    key = models.CharField(max_length=60)

    class Meta:
        verbose_name = _("name key")
        verbose_name_plural = _("name keys")
        # Covering: a lookup by key reads person ids from the index alone.
        indexes = [
            models.Index(fields=["institution_id", "key", "person"], name="person_namekey_lookup")
        ]

    def __str__(self) -> str:
        return self.key
