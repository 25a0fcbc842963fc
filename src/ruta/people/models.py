"""Persons: identity kept apart from case facts.

Identity fields stay searchable (names, documents) and are shown only in scope; contact details
and notes on disability are encrypted at rest.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruta.core.crypto import EncryptedTextField
from ruta.core.models import BaseModel, VersionedModel
from ruta.people.choices import DocumentType, Gender, LinkageStatus, PairStatus, Sex


class Person(VersionedModel):
    # Set by the search API on the persons it returns (not a column): the selectors' Candidate.
    match: Any

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
    # Normalised name words and their nickname forms.
    search_text = models.CharField(max_length=700, blank=True, editable=False)
    # Search keys (matching.person_keys): how the first and second given names, each surname
    # and the first alias sound, and the year of the date of birth (0: unknown, or only an
    # estimated age). Set by the services on every change of name or birth; never shown.
    key_given = models.CharField(max_length=40, blank=True, default="", editable=False)
    key_given2 = models.CharField(max_length=40, blank=True, default="", editable=False)
    key_surname1 = models.CharField(max_length=40, blank=True, default="", editable=False)
    key_surname2 = models.CharField(max_length=40, blank=True, default="", editable=False)
    key_alias = models.CharField(max_length=40, blank=True, default="", editable=False)
    key_birth_year = models.PositiveSmallIntegerField(default=0, editable=False)
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
    # Set when a reviewer merged this record into another (``PersonMerge``): it keeps its
    # history but is no longer searched, proposed or chosen; undoing the merge clears it.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merged into"),
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
        # The search (selectors.person_find): a full name in either surname order, a name
        # without one of its surnames (with the birth year in the index), a single word.
        indexes = [
            models.Index(
                fields=[
                    "institution",
                    "key_surname1",
                    "key_given",
                    "key_surname2",
                    "key_birth_year",
                ],
                name="person_key_s1_given",
            ),
            models.Index(
                fields=[
                    "institution",
                    "key_surname2",
                    "key_given",
                    "key_surname1",
                    "key_birth_year",
                ],
                name="person_key_s2_given",
            ),
            models.Index(
                fields=["institution", "key_surname1", "key_surname2", "key_birth_year"],
                name="person_key_surnames",
            ),
            models.Index(
                fields=["institution", "key_given", "key_birth_year"], name="person_key_given"
            ),
            models.Index(
                fields=["institution", "key_alias", "key_surname1", "key_surname2"],
                name="person_key_alias",
                condition=~models.Q(key_alias=""),
            ),
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


class NameVariant(models.Model):
    """The vocabulary of name keys with their one-deletion variants (matching.deletions):
    a query word's key finds every stored key within one edit in one indexed lookup. One row
    per (variant, key) over all persons, whatever their number: it grows with the distinct
    names, not with the persons. Holds sounds of name words, never who bears them; rows are
    never deleted (a key nobody bears any more only widens a search)."""

    variant = models.CharField(max_length=40)
    key = models.CharField(max_length=40)

    class Meta:
        verbose_name = _("name variant")
        verbose_name_plural = _("name variants")
        constraints = [
            models.UniqueConstraint(fields=["variant", "key"], name="name_variant_unique")
        ]

    def __str__(self) -> str:
        return self.key


class LinkageRun(BaseModel):
    """One batch comparison of all persons (``services.linkage_run``): started by the nightly
    schedule or by a reviewer, with its progress. Holds counts and the fitted model, never
    a name."""

    status = models.CharField(
        _("status"), max_length=10, choices=LinkageStatus.choices, default=LinkageStatus.QUEUED
    )
    stage = models.CharField(_("stage"), max_length=20, blank=True)
    persons = models.PositiveIntegerField(_("persons compared"), default=0)
    pairs_compared = models.PositiveIntegerField(_("pairs compared"), default=0)
    pairs_proposed = models.PositiveIntegerField(_("pairs proposed"), default=0)
    # Fellegi-Sunter parameters as fitted: {"prior": p, "m": [[...]], "u": [[...]]}.
    model = models.JSONField(default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("duplicate search")
        verbose_name_plural = _("duplicate searches")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def percent(self) -> int:
        """Progress: loading 5%, comparing up to 85%, fitting and storing the rest."""
        match self.status:
            case LinkageStatus.DONE:
                return 100
            case LinkageStatus.QUEUED:
                return 0
        return {"load": 5, "compare": 40, "fit": 85, "store": 95}.get(self.stage, 0)


class DuplicatePair(VersionedModel):
    """Two persons batch linkage found likely to be one, with why. ``person_a`` is the one
    recorded first. A pair is proposed once: a later run updates an open pair's score and
    leaves a decided one as decided."""

    run = models.ForeignKey(
        LinkageRun, on_delete=models.CASCADE, related_name="pairs", verbose_name=_("search")
    )
    person_a = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("first record")
    )
    person_b = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("second record")
    )
    same_institution = models.BooleanField(default=True)
    probability = models.FloatField(_("probability"))
    weight = models.FloatField(_("match weight"))
    # Each compared field: {"field": code, "level": code, "weight": bits}.
    explanation = models.JSONField(default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=PairStatus.choices, default=PairStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-probability", "-weight", "created_at"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicate_pair_unique")
        ]
        indexes = [models.Index(fields=["status", "-probability"], name="duplicate_pair_queue")]

    def __str__(self) -> str:
        return f"{self.person_a_id} / {self.person_b_id}"


class PersonMerge(BaseModel):
    """A merge: the records moved from ``merged`` to ``survivor``, by id, so that undoing it
    moves exactly those back. ``moved`` maps a kind ("cases", "defendants", "victims",
    "documents") to the ids moved."""

    survivor = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("record kept")
    )
    merged = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("record merged")
    )
    pair = models.ForeignKey(
        DuplicatePair,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merges",
        verbose_name=_("possible duplicate"),
    )
    moved = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")

    def __str__(self) -> str:
        return f"{self.merged_id} -> {self.survivor_id}"
