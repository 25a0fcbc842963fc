"""The criminal file (expediente penal) from complaint to final verdict: its stages with
dates, hearings, police operations, defendants with their charges and verdicts per charge,
appeals, compensation and confiscated assets, and the survivors taking part with their
protection measures.

Identity is kept apart: a defendant's or a victim's name lives on a ``people.Person`` (the
same person matching as for survivors); the file holds only the role in the process. A victim
reached through a protection case holds no identity of its own: it is read from the case
while the institution's legal grant lasts (``policies.victim_identity``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ruta.core.crypto import EncryptedTextField
from ruta.core.models import BaseModel, Department, Municipality, VersionedModel
from ruta.people.choices import Sex
from ruta.prosecution.choices import (
    AppealedBy,
    AppealKind,
    AppealResult,
    Currency,
    DetentionStatus,
    EarlyClosure,
    Extradition,
    HearingResult,
    HearingType,
    MeasureStatus,
    MeasureType,
    OffenceClass,
    Participation,
    ProceduralRole,
    Stage,
    VerdictOutcome,
)

# --- Code lists shipped as data (data/*.json), editable by the platform administrator ------


class CodeListEntry(VersionedModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    labels = models.JSONField(_("labels"))  # {"es": ..., "en": ..., "fr": ...}
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label("es")

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels.get("es") or self.code


class Offence(CodeListEntry):
    """An offence of the penal law: trafficking, or one of the related offences the law lists
    apart (every count keeps the two apart)."""

    classification = models.CharField(
        _("classification"), max_length=12, choices=OffenceClass.choices
    )
    article = models.CharField(_("article"), max_length=60, blank=True)
    law = models.CharField(_("law"), max_length=120, blank=True)

    class Meta(CodeListEntry.Meta):
        ordering = ["classification", "code"]
        verbose_name = _("offence")
        verbose_name_plural = _("offences")


class AggravatingCircumstance(CodeListEntry):
    article = models.CharField(_("article"), max_length=60, blank=True)

    class Meta(CodeListEntry.Meta):
        verbose_name = _("aggravating circumstance")
        verbose_name_plural = _("aggravating circumstances")


class PerpetratorRole(CodeListEntry):
    """HTCDS v2.0 ``perp_RoleInProcess``: the role a suspect played."""

    class Meta(CodeListEntry.Meta):
        verbose_name = _("role in the process")
        verbose_name_plural = _("roles in the process")


class StageTimeLimit(models.Model):
    """How many days a file may stay in a stage before it is overdue."""

    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, primary_key=True)
    days = models.PositiveIntegerField(_("days"))
    basis = models.CharField(_("basis"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("stage time limit")
        verbose_name_plural = _("stage time limits")

    def __str__(self) -> str:
        return f"{self.stage}: {self.days}"


# --- Police operations ---------------------------------------------------------------------


class Operation(VersionedModel):
    """A police operation (operativo): the reports, victims and suspects that came out of it
    point to it."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="operations",
        verbose_name=_("institution in charge"),
    )
    name = models.CharField(_("name"), max_length=200)
    carried_out_on = models.DateField(_("date"))
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    place = EncryptedTextField(_("place"), blank=True)
    partners = models.ManyToManyField(
        "institutions.Institution",
        blank=True,
        related_name="+",
        verbose_name=_("institutions taking part"),
    )
    reports = models.ManyToManyField(
        "intake.Report", blank=True, related_name="+", verbose_name=_("reports raised")
    )
    victims_found = models.PositiveIntegerField(_("possible victims found"), default=0)
    suspects_arrested = models.PositiveIntegerField(_("suspects arrested"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-carried_out_on", "-created_at"]
        verbose_name = _("police operation")
        verbose_name_plural = _("police operations")

    def __str__(self) -> str:
        return self.reference


# --- The criminal file ---------------------------------------------------------------------


class CriminalFile(VersionedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="criminal_files",
        verbose_name=_("institution"),
    )
    unit = models.ForeignKey(
        "institutions.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="criminal_files",
        verbose_name=_("unit"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="criminal_files",
        verbose_name=_("in charge"),
    )
    police_number = models.CharField(_("police file number"), max_length=60, blank=True)
    prosecutor_number = models.CharField(_("prosecutor's file number"), max_length=60, blank=True)
    court_number = models.CharField(_("court file number"), max_length=60, blank=True)
    court = models.CharField(_("court"), max_length=200, blank=True)
    judge = models.CharField(_("judge"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    forms_of_exploitation = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    offence = models.ForeignKey(
        Offence, on_delete=models.PROTECT, related_name="+", verbose_name=_("main offence")
    )
    # Copied from the offence: the funnel keeps trafficking and related offences apart.
    classification = models.CharField(
        _("classification"), max_length=12, choices=OffenceClass.choices
    )
    operation = models.ForeignKey(
        Operation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("police operation"),
    )
    summary = EncryptedTextField(_("summary of the facts"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.COMPLAINT
    )
    # When the current stage is overdue (its time limit); none once final or closed.
    stage_due_on = models.DateField(_("stage due"), null=True, blank=True)
    complaint_on = models.DateField(_("complaint"))
    investigation_on = models.DateField(_("investigation"), null=True, blank=True)
    indictment_on = models.DateField(_("indictment"), null=True, blank=True)
    initial_hearing_on = models.DateField(_("initial hearing"), null=True, blank=True)
    preliminary_hearing_on = models.DateField(_("preliminary hearing"), null=True, blank=True)
    trial_on = models.DateField(_("trial"), null=True, blank=True)
    verdict_on = models.DateField(_("verdict"), null=True, blank=True)
    appeal_on = models.DateField(_("appeal"), null=True, blank=True)
    final_on = models.DateField(_("final"), null=True, blank=True)
    closed_early = models.CharField(
        _("closed early"), max_length=25, choices=EarlyClosure.choices, blank=True
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_note = EncryptedTextField(_("note on the closure"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-complaint_on", "-created_at"]
        verbose_name = _("criminal file")
        verbose_name_plural = _("criminal files")
        indexes = [
            models.Index(fields=["institution", "-complaint_on", "-id"], name="file_recent"),
            # Overdue stages: the count reads this index only.
            models.Index(
                fields=["institution", "stage_due_on", "closed_early", "stage"], name="file_due"
            ),
            # Verdicts to record: the files at trial.
            models.Index(fields=["institution", "stage", "trial_on"], name="file_stage"),
            # The funnel counts each step by the year of its date and the classification,
            # nationally and per institution: one index range per count, no table lookup.
            *[
                models.Index(fields=[*prefix, f"{step}_on", "classification"], name=name)
                for step in ("complaint", "investigation", "indictment", "trial")
                for prefix, name in (
                    ((), f"file_{step}_year"),
                    (("institution",), f"file_inst_{step}"),
                )
            ],
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return not self.closed_early and self.stage != Stage.FINAL


class StageChange(BaseModel):
    """The file's history of stages: each move forward, each early closure, and each
    correction with its reason."""

    file = models.ForeignKey(CriminalFile, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    on = models.DateField(_("date"))
    is_correction = models.BooleanField(default=False)
    closed_early = models.CharField(max_length=25, choices=EarlyClosure.choices, blank=True)
    reason = EncryptedTextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.from_stage} -> {self.to_stage}"


class Hearing(VersionedModel):
    file = models.ForeignKey(
        CriminalFile, on_delete=models.CASCADE, related_name="hearings", verbose_name=_("file")
    )
    type = models.CharField(_("type"), max_length=20, choices=HearingType.choices)
    starts_at = models.DateTimeField(_("date and time"))
    court = models.CharField(_("court"), max_length=200, blank=True)
    result = models.CharField(_("result"), max_length=12, choices=HearingResult.choices, blank=True)
    result_note = EncryptedTextField(_("note on the result"), blank=True)
    next_hearing = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("next hearing"),
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        indexes = [models.Index(fields=["starts_at"], name="hearing_starts")]

    def __str__(self) -> str:
        return self.get_type_display()


class Defendant(VersionedModel):
    """A suspect, then a defendant once charged. The name is on the person; the process data
    (role, detention, extradition) here. Sex, nationality and age are kept as recorded in
    the file: the funnel counts offenders by them."""

    file = models.ForeignKey(
        CriminalFile, on_delete=models.CASCADE, related_name="defendants", verbose_name=_("file")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    code = models.CharField(_("code"), max_length=12)  # "I-1", "I-2": the file's own numbering
    role = models.ForeignKey(
        PerpetratorRole,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("role in the process"),
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    age = models.PositiveSmallIntegerField(_("age at the offence"), null=True, blank=True)
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    public_official = models.BooleanField(_("public official"), default=False)
    organised_crime = models.BooleanField(_("linked to organised crime"), default=False)
    detention = models.CharField(
        _("detention"),
        max_length=25,
        choices=DetentionStatus.choices,
        default=DetentionStatus.AT_LARGE,
    )
    arrested_on = models.DateField(_("arrested on"), null=True, blank=True)
    detention_from = models.DateField(_("detained from"), null=True, blank=True)
    detention_until = models.DateField(_("detained until"), null=True, blank=True)
    extradition = models.CharField(
        _("extradition"), max_length=12, choices=Extradition.choices, default=Extradition.NONE
    )
    operation = models.ForeignKey(
        Operation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suspects",
        verbose_name=_("arrested in the operation"),
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("defendant")
        verbose_name_plural = _("defendants")
        constraints = [
            models.UniqueConstraint(fields=["file", "code"], name="defendant_code"),
            models.UniqueConstraint(fields=["file", "person"], name="defendant_person"),
        ]

    def __str__(self) -> str:
        return self.code


class Charge(VersionedModel):
    defendant = models.ForeignKey(
        Defendant, on_delete=models.CASCADE, related_name="charges", verbose_name=_("defendant")
    )
    offence = models.ForeignKey(
        Offence, on_delete=models.PROTECT, related_name="+", verbose_name=_("offence")
    )
    classification = models.CharField(
        _("classification"), max_length=12, choices=OffenceClass.choices
    )
    form_of_exploitation = models.CharField(_("modality"), max_length=20, blank=True)
    aggravating = models.ManyToManyField(
        AggravatingCircumstance,
        blank=True,
        related_name="+",
        verbose_name=_("aggravating circumstances"),
    )
    charged_on = models.DateField(_("charged on"))
    # The file's institution, copied (a file never changes institution): the funnel counts an
    # institution's charges of a year from one index range, without walking up to the file.
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # The verdict as it stands (the last one: trial, then each appeal that changed it),
    # copied here so the funnel counts without walking the history.
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=VerdictOutcome.choices, blank=True
    )
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)
    sentence_days = models.PositiveIntegerField(_("sentence (days)"), null=True, blank=True)
    compensation_ordered = models.DecimalField(
        _("compensation ordered"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    compensation_currency = models.CharField(
        _("currency of the compensation"), max_length=3, choices=Currency.choices, blank=True
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        # The funnel: defendants charged, and decided, in a year, nationally and per
        # institution. Each index holds every column its count reads (no table lookups).
        indexes = [
            models.Index(
                fields=["charged_on", "classification", "defendant"], name="charge_charged_year"
            ),
            models.Index(
                fields=[
                    "outcome_on",
                    "classification",
                    "outcome",
                    "defendant",
                    "sentence_days",
                    "compensation_ordered",
                    "compensation_currency",
                ],
                name="charge_decided_year",
            ),
            models.Index(
                fields=["institution", "charged_on", "classification", "defendant"],
                name="charge_inst_charged",
            ),
            models.Index(
                fields=[
                    "institution",
                    "outcome_on",
                    "classification",
                    "outcome",
                    "defendant",
                    "sentence_days",
                    "compensation_ordered",
                    "compensation_currency",
                ],
                name="charge_inst_decided",
            ),
            # "Convicted on any charge of this classification, ever" (acquittals).
            models.Index(
                fields=["defendant", "classification", "outcome"], name="charge_convicted"
            ),
        ]

    def __str__(self) -> str:
        return str(self.offence)


class Appeal(VersionedModel):
    file = models.ForeignKey(
        CriminalFile, on_delete=models.CASCADE, related_name="appeals", verbose_name=_("file")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=AppealKind.choices)
    appealed_by = models.CharField(_("appealed by"), max_length=12, choices=AppealedBy.choices)
    filed_on = models.DateField(_("filed on"))
    court = models.CharField(_("court"), max_length=200)
    result = models.CharField(_("result"), max_length=12, choices=AppealResult.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["filed_on", "created_at"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self) -> str:
        return self.get_kind_display()


class Verdict(BaseModel):
    """A court's decision on one charge: at trial, or on appeal (then ``appeal`` is set).
    The charge's current outcome is its last verdict."""

    charge = models.ForeignKey(
        Charge, on_delete=models.CASCADE, related_name="verdicts", verbose_name=_("charge")
    )
    appeal = models.ForeignKey(
        Appeal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verdicts",
        verbose_name=_("appeal"),
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=VerdictOutcome.choices)
    decided_on = models.DateField(_("decided on"))
    sentence_years = models.PositiveSmallIntegerField(_("years"), default=0)
    sentence_months = models.PositiveSmallIntegerField(_("months"), default=0)
    sentence_days = models.PositiveSmallIntegerField(_("days"), default=0)
    fine_amount = models.DecimalField(
        _("fine"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine_currency = models.CharField(
        _("currency of the fine"), max_length=3, choices=Currency.choices, blank=True
    )
    compensation_ordered = models.DecimalField(
        _("compensation ordered"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    compensation_currency = models.CharField(
        _("currency of the compensation"), max_length=3, choices=Currency.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["decided_on", "created_at"]
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        indexes = [models.Index(fields=["decided_on"], name="verdict_decided_year")]

    def __str__(self) -> str:
        return self.get_outcome_display()

    @property
    def total_sentence_days(self) -> int:
        return self.sentence_years * 365 + self.sentence_months * 30 + self.sentence_days

    @property
    def sentence_text(self) -> str:
        """ "15 years, 6 months" in the reader's language; empty without a sentence."""
        parts = []
        for value, singular, plural in (
            (self.sentence_years, "%(n)d year", "%(n)d years"),
            (self.sentence_months, "%(n)d month", "%(n)d months"),
            (self.sentence_days, "%(n)d day", "%(n)d days"),
        ):
            if value:
                parts.append(ngettext(singular, plural, value) % {"n": value})
        return ", ".join(parts)


class CompensationPayment(BaseModel):
    defendant = models.ForeignKey(
        Defendant, on_delete=models.CASCADE, related_name="payments", verbose_name=_("defendant")
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["paid_on"]
        verbose_name = _("compensation paid")
        verbose_name_plural = _("compensation paid")
        indexes = [models.Index(fields=["paid_on"], name="payment_paid_year")]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


class ConfiscatedAsset(BaseModel):
    defendant = models.ForeignKey(
        Defendant, on_delete=models.CASCADE, related_name="assets", verbose_name=_("defendant")
    )
    description = models.CharField(_("description"), max_length=300)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    confiscated_on = models.DateField(_("confiscated on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["confiscated_on"]
        verbose_name = _("confiscated asset")
        verbose_name_plural = _("confiscated assets")

    def __str__(self) -> str:
        return self.description


class FileVictim(VersionedModel):
    """A survivor taking part in the file. Through their protection case (a legal referral
    the institution accepted: identity and facts are read from the case while the grant
    lasts), or recorded by the prosecutor directly (a person of the institution's own)."""

    file = models.ForeignKey(
        CriminalFile, on_delete=models.CASCADE, related_name="victims", verbose_name=_("file")
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="criminal_participations",
        verbose_name=_("protection case"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    # The file's own code for the victim ("V-1"): shown instead of the name when the identity
    # is reserved, or no longer reachable.
    code = models.CharField(_("code"), max_length=12)
    role = models.CharField(
        _("procedural role"),
        max_length=20,
        choices=ProceduralRole.choices,
        default=ProceduralRole.VICTIM,
    )
    participation = models.CharField(
        _("participation"),
        max_length=15,
        choices=Participation.choices,
        default=Participation.PARTICIPATING,
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("victim in the file")
        verbose_name_plural = _("victims in the file")
        constraints = [
            models.UniqueConstraint(fields=["file", "code"], name="file_victim_code"),
            models.UniqueConstraint(
                fields=["file", "case"],
                condition=models.Q(case__isnull=False),
                name="file_victim_case",
            ),
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(person__isnull=False),
                name="file_victim_case_or_person",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class ProtectionMeasure(VersionedModel):
    victim = models.ForeignKey(
        FileVictim, on_delete=models.CASCADE, related_name="measures", verbose_name=_("victim")
    )
    type = models.CharField(_("measure"), max_length=20, choices=MeasureType.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.REQUESTED
    )
    requested_on = models.DateField(_("requested on"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["requested_on", "created_at"]
        verbose_name = _("protection measure")
        verbose_name_plural = _("protection measures")
        constraints = [
            models.UniqueConstraint(fields=["victim", "type"], name="measure_one_per_type")
        ]

    def __str__(self) -> str:
        return self.get_type_display()
