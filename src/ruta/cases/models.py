"""Protection cases: the survivor's case, identification decisions, trafficking events, tasks
with due times, and the case's own timeline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruta.cases.choices import (
    ActivityKind,
    CaseStatus,
    ClosureReason,
    ConsentGivenBy,
    ConsentPurpose,
    DecidingOrganisationType,
    EventType,
    IdentificationStatus,
    NoteSensitivity,
    RelationshipToRecruiter,
    Suggestion,
    TaskEnd,
    TaskKind,
    VictimType,
)
from ruta.core.crypto import EncryptedTextField
from ruta.core.models import BaseModel, Department, Municipality, VersionedModel


class Case(VersionedModel):
    # Not a column: set by selectors.with_open_task_counts on a page of cases.
    open_tasks: int

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("institution"),
    )
    unit = models.ForeignKey(
        "institutions.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("unit"),
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="cases", verbose_name=_("person")
    )
    report = models.ForeignKey(
        "intake.Report",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("report"),
    )
    victim_type = models.CharField(
        _("victim"), max_length=10, choices=VictimType.choices, default=VictimType.DIRECT
    )
    related_case = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indirect_cases",
        verbose_name=_("case of the direct victim"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("case worker"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened at"))
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    is_child = models.BooleanField(_("child at identification"), default=False)
    # Facts of exploitation.
    forms_of_exploitation = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    means_of_control = models.JSONField(_("means of control"), default=list, blank=True)
    recruitment_methods = models.JSONField(_("method of recruitment"), default=list, blank=True)
    recruitment_apps = models.JSONField(_("recruitment apps"), default=list, blank=True)
    exploitation_apps = models.JSONField(_("exploitation apps"), default=list, blank=True)
    relationship_to_recruiter = models.CharField(
        _("relationship to recruiter"),
        max_length=20,
        choices=RelationshipToRecruiter.choices,
        default=RelationshipToRecruiter.UNKNOWN,
    )
    # Closure.
    closure_requested_at = models.DateTimeField(null=True, blank=True)
    closure_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closure_reason = models.CharField(
        _("closure reason"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    closure_note = EncryptedTextField(_("closure note"), blank=True)
    closure_comment = EncryptedTextField(_("supervisor's comment"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reopen_justification = EncryptedTextField(_("reason for reopening"), blank=True)
    # What the closure request carried open, with the requester's reason for each (JSON:
    # item key -> {"kind", "label", "reason"}); encrypted: a reason may name the survivor.
    closure_carried = EncryptedTextField(_("open items carried by the closure"), blank=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["institution", "status", "-opened_at"], name="case_list"),
            models.Index(fields=["institution", "-opened_at", "-id"], name="case_recent"),
            models.Index(fields=["assigned_to", "status"], name="case_assigned"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status in (CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED)

    @property
    def closure_pending(self) -> bool:
        return self.closure_requested_at is not None and not self.is_closed


class IdentificationDecision(BaseModel):
    """A person's decision, with who decided and on what basis; the history is kept."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="identifications", verbose_name=_("case")
    )
    status = models.CharField(_("status"), max_length=20, choices=IdentificationStatus.choices)
    deciding_institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("deciding institution"),
    )
    deciding_organisation_type = models.CharField(
        _("type of deciding organisation"),
        max_length=40,
        choices=DecidingOrganisationType.choices,
    )
    decided_on = models.DateField(_("date of decision"))
    basis = EncryptedTextField(_("basis"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-decided_on", "-created_at"]
        verbose_name = _("identification decision")
        verbose_name_plural = _("identification decisions")

    def __str__(self) -> str:
        return self.get_status_display()


class TraffickingEvent(BaseModel):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("case")
    )
    type = models.CharField(_("type"), max_length=20, choices=EventType.choices)
    country = models.CharField(_("country"), max_length=3)
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
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["started_on", "created_at"]
        verbose_name = _("trafficking event")
        verbose_name_plural = _("trafficking events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="event_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.get_type_display()


class Task(BaseModel):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("case")
    )
    kind = models.CharField(_("task"), max_length=40, choices=TaskKind.choices)
    due_at = models.DateTimeField(_("due"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = EncryptedTextField(_("note"), blank=True)
    ended_as = models.CharField(_("ended as"), max_length=12, choices=TaskEnd.choices, blank=True)

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        # Work queues read open tasks by due date; a partial index lets PostgreSQL walk them
        # in order and stop at the page's end (85 ms -> 0.1 ms at 100,000 open tasks).
        indexes = [
            models.Index(
                fields=["due_at"], condition=models.Q(done_at__isnull=True), name="task_open_due"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=models.Q(done_at__isnull=True),
                name="task_one_open_per_kind",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class CaseActivity(models.Model):
    """The case's timeline: what happened, when, by whom. Codes and ids, no free text."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=30, choices=ActivityKind.choices)
    at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("case activity")
        verbose_name_plural = _("case activities")

    def __str__(self) -> str:
        return self.get_kind_display()


class Note(BaseModel):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="notes", verbose_name=_("case")
    )
    sensitivity = models.CharField(_("sensitivity"), max_length=10, choices=NoteSensitivity.choices)
    body = EncryptedTextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The institution the author wrote for: an institution that received the case through a
    # referral keeps its own notes after its access ends.
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written for"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return self.get_sensitivity_display()


class Attachment(BaseModel):
    """A file kept encrypted on disk; only its name, type and size are in the database."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("case")
    )
    sensitivity = models.CharField(_("sensitivity"), max_length=10, choices=NoteSensitivity.choices)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class Consent(BaseModel):
    """Informed, specific, withdrawable consent. A child's consent records the child's assent
    and the guardian's (or the child-protection agency's) consent."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="consents", verbose_name=_("case")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    recipient = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("institution it may be shared with"),
    )
    given_by = models.CharField(_("given by"), max_length=20, choices=ConsentGivenBy.choices)
    child_assent = models.BooleanField(_("the child assents"), default=False)
    guardian_consent = models.BooleanField(_("the guardian consents"), default=False)
    given_on = models.DateField(_("date"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-given_on", "-created_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return self.get_purpose_display()

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None


class ScreeningInstrument(BaseModel):
    """A versioned screening instrument shipped as data: questions with their dimension and
    strength, and the rule that turns answers into a suggestion."""

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"))
    audience = models.CharField(_("for"), max_length=10)
    name = models.JSONField(_("name"))
    rule = models.JSONField(_("rule"))
    questions = models.JSONField(_("questions"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("screening instrument")
        verbose_name_plural = _("screening instruments")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version")
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    def label(self, language: str) -> str:
        return self.name.get(language) or self.name.get("es") or self.code


class Screening(BaseModel):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="screenings", verbose_name=_("case")
    )
    instrument = models.ForeignKey(
        ScreeningInstrument,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("instrument"),
    )
    answers = models.JSONField(_("answers"))
    dimensions = models.JSONField(_("dimensions"))
    suggestion = models.CharField(_("suggestion"), max_length=10, choices=Suggestion.choices)
    screened_on = models.DateField(_("date"))
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-screened_on", "-created_at"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self) -> str:
        return self.get_suggestion_display()


class AccessGrant(BaseModel):
    """Need-to-know access of another institution to some sections of a case. Written by the
    referral and transfer services, read by the case policies; ending it keeps the row."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="grants", verbose_name=_("case")
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="case_grants",
        verbose_name=_("institution"),
    )
    sections = models.JSONField(_("sections"))
    valid_from = models.DateTimeField(_("from"))
    valid_until = models.DateTimeField(_("until"), null=True, blank=True)
    source = models.CharField(_("granted by"), max_length=20)
    source_id = models.UUIDField()
    # Who at the receiving institution works on it: "own" and "unit" scopes follow these.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "institutions.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        indexes = [
            models.Index(fields=["institution", "valid_until"], name="grant_institution"),
            models.Index(fields=["case", "valid_until"], name="grant_case"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.source_id}"
