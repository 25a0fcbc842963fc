"""Prevention: trainings (competency frameworks, courses, sessions, participants, attendance,
tests, certificates, bulk imports), awareness campaigns and labour inspections.

Participants are staff of institutions, never survivors: they are not ``people.Person`` rows
and never reach a case. A participant may be a platform user (``user``) or not. Scores are
copied on the enrolment (``pre_score``, ``post_score``, ``gain``) by the service that records
a test, so that reports count with plain indexed aggregates; the answers stay as rows.

A certificate copies what it certifies (name, course, hours, issuing institution) as it was
on the day of issue: the public verification page and the signed credential show exactly
that, whatever changes later."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from ruta.core.crypto import EncryptedTextField
from ruta.core.models import BaseModel, Department, Municipality, VersionedModel
from ruta.prevention.choices import (
    EnrolmentStatus,
    ImportKind,
    ImportStatus,
    IsicSection,
    MeasureKind,
    Modality,
    ResultKind,
    SessionStatus,
)


# --- Competency frameworks (data, editable by the training institution) ------------------
class CompetencyFramework(VersionedModel):
    """framework -> competency -> behavioural indicator; labels in es/en/fr."""

    # None: shipped with Ruta (read-only; a training institution copies it to edit it).
    institution = models.ForeignKey(
        "institutions.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    labels = models.JSONField(_("title"))  # {"es": ..., "en": ..., "fr": ...}
    descriptions = models.JSONField(_("description"), default=dict)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")

    def __str__(self) -> str:
        return self.label("es")

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels.get("es") or self.code


class Competency(BaseModel):
    framework = models.ForeignKey(
        CompetencyFramework, on_delete=models.CASCADE, related_name="competencies"
    )
    code = models.SlugField(_("code"), max_length=60)
    labels = models.JSONField(_("title"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["framework", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="competency_code_unique")
        ]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")

    def __str__(self) -> str:
        return self.label("es")

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels.get("es") or self.code


class BehaviouralIndicator(BaseModel):
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("code"), max_length=60)
    labels = models.JSONField(_("text"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["competency", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["competency", "code"], name="behavioural_indicator_code_unique"
            )
        ]
        verbose_name = _("behavioural indicator")
        verbose_name_plural = _("behavioural indicators")

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels.get("es") or self.code


# --- Courses ----------------------------------------------------------------------------
class Course(VersionedModel):
    """One version of a course of a training institution (a new version is a new row: its
    instrument and its certificates belong to the version they were given under)."""

    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    code = models.SlugField(_("code"), max_length=40)
    edition = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    modality = models.CharField(_("modality"), max_length=12, choices=Modality.choices)
    competencies = models.ManyToManyField(
        Competency, blank=True, related_name="courses", verbose_name=_("competencies covered")
    )
    # Role codes (accounts.Role.code) and institution types the course is meant for.
    target_roles = models.JSONField(_("target roles"), default=list, blank=True)
    target_institution_types = models.JSONField(
        _("target institution types"), default=list, blank=True
    )
    # A certificate needs this share of the session's days attended and this post-test score.
    min_attendance_pct = models.PositiveSmallIntegerField(_("minimum attendance (%)"), default=80)
    pass_score_pct = models.PositiveSmallIntegerField(_("pass score (%)"), default=70)
    # A trainers' course: a participant certified in it becomes a certified trainer.
    trains_trainers = models.BooleanField(_("trains trainers"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["code", "-edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "code", "edition"], name="course_code_edition_unique"
            )
        ]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return f"{self.code} v{self.edition} · {self.title}"


class CourseModule(BaseModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["course", "position"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")


class MandatoryCourse(BaseModel):
    """Every holder of ``role`` in an institution of ``institution_type`` must hold a valid
    certificate of a course with this code (any version) of the owner."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="mandatory_for")
    role = models.CharField(_("role"), max_length=40)
    institution_type = models.CharField(_("institution type"), max_length=30)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["course", "role", "institution_type"], name="mandatory_course_unique"
            )
        ]
        verbose_name = _("mandatory course")
        verbose_name_plural = _("mandatory courses")


# --- Test instruments (one per course version) ------------------------------------------
class Instrument(VersionedModel):
    """The pre- and post-test of a course version: the same questions, answered twice."""

    course = models.OneToOneField(Course, on_delete=models.CASCADE, related_name="instrument")
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("test")
        verbose_name_plural = _("tests")


class Question(BaseModel):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("question"))
    # Options as a list of {"key": "a", "text": "..."}; ``answer`` is the right key.
    options = models.JSONField(_("options"), default=list)
    answer = models.CharField(_("right answer"), max_length=10)
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    competency = models.ForeignKey(
        Competency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "position"], name="question_position_unique"
            )
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")


# --- Sessions -----------------------------------------------------------------------------
class TrainingSession(VersionedModel):
    """A course given on dates at a place. Owned by the course's institution (which manages
    it); hosted by any institution. Open to institution types and named institutions."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organiser"),
    )
    host = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("hosting institution"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    status = models.CharField(
        _("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    open_to_institutions = models.ManyToManyField(
        "institutions.Institution",
        blank=True,
        related_name="+",
        verbose_name=_("open to institutions"),
    )

    class Meta:
        ordering = ["-starts_on", "reference"]
        indexes = [models.Index(fields=["institution", "-starts_on"], name="session_inst_start")]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return self.reference

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class SessionOpenType(models.Model):
    """The session is open to every institution of this type (rows, so that the scope is an
    indexed EXISTS on both databases)."""

    id = models.BigAutoField(primary_key=True)
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="open_types"
    )
    institution_type = models.CharField(_("institution type"), max_length=30)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "institution_type"], name="session_open_type_unique"
            )
        ]
        indexes = [models.Index(fields=["institution_type", "session"], name="session_open_type")]

    def __str__(self) -> str:
        return self.institution_type


class Participant(VersionedModel):
    """A member of an institution's staff who takes part in trainings (never a survivor)."""

    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    unit = models.ForeignKey(
        "institutions.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unit"),
    )
    given_names = models.CharField(_("given names"), max_length=120)
    family_names = models.CharField(_("family names"), max_length=120)
    rank_or_role = models.CharField(_("rank or role"), max_length=120, blank=True)
    sex = models.CharField(_("sex"), max_length=10)  # people.choices.Sex
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participant",
    )
    # The training institution that recorded the participant.
    recorded_by = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="+"
    )
    # Set when the participant is certified in a trainers' course.
    certified_trainer_on = models.DateField(_("certified trainer since"), null=True, blank=True)

    class Meta:
        ordering = ["family_names", "given_names"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="participant_email_unique",
            )
        ]
        indexes = [
            models.Index(fields=["institution", "family_names"], name="participant_inst"),
            # The training report's GROUP BYs read a participant's institution and sex
            # by id from the index alone (reports slice).
            models.Index(fields=["id", "institution", "sex"], name="participant_report"),
            # Certified trainers by institution (a few among many participants).
            models.Index(
                fields=["institution", "certified_trainer_on"],
                condition=models.Q(certified_trainer_on__isnull=False),
                name="participant_trainers",
            ),
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_names}".strip()


class SessionTrainer(BaseModel):
    """A trainer of a session: a participant (staff, possibly a certified trainer) or an
    external trainer known by name only."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="trainers")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    external_name = models.CharField(_("external trainer"), max_length=200, blank=True)
    external_organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")


class Enrolment(VersionedModel):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="enrolments"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ENROLLED,
    )
    # Copied by the services that record attendance and tests (reports count these).
    days_present = models.PositiveSmallIntegerField(_("days present"), default=0)
    pre_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    post_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    # (post - pre) / (max - pre), null while either test is missing or pre == max.
    gain = models.FloatField(_("normalised gain"), null=True, blank=True)

    class Meta:
        ordering = ["session", "participant__family_names"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="enrolment_session_participant"
            )
        ]
        # The training report counts from this index alone: a session's enrolments, their
        # status, participant and gain (reports slice).
        indexes = [
            models.Index(
                fields=["session", "status", "participant", "gain"], name="enrolment_report"
            )
        ]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")


class Attendance(BaseModel):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("day"))
    present = models.BooleanField(_("present"))

    class Meta:
        ordering = ["enrolment", "day"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "day"], name="attendance_day_unique")
        ]


class Result(BaseModel):
    """A pre-test or post-test taken by an enrolled participant (its answers are rows)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="tests")
    kind = models.CharField(_("test"), max_length=4, choices=ResultKind.choices)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    max_score = models.DecimalField(_("maximum"), max_digits=6, decimal_places=2)
    taken_on = models.DateField(_("taken on"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "kind"], name="result_kind_unique")
        ]


class Answer(models.Model):
    id = models.BigAutoField(primary_key=True)
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=10, blank=True)
    points = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["result", "question"], name="answer_unique")]

    def __str__(self) -> str:
        return self.answer


class FollowUp(BaseModel):
    """The questionnaire three months after a session on applying what was learnt, answered
    through a one-time link sent by e-mail (only the token's hash is kept)."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="follow_up")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("expires at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    applied = models.BooleanField(_("applied at work"), null=True, blank=True)
    uses = models.JSONField(_("how it was used"), default=list, blank=True)
    comment = EncryptedTextField(_("comment"), blank=True)


class Certificate(BaseModel):
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # As certified on the day of issue (the public page and the credential show these).
    holder_name = models.CharField(_("name"), max_length=250)
    course_title = models.CharField(_("course"), max_length=200)
    course_code = models.CharField(_("course code"), max_length=40)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)
    issuer_name = models.CharField(_("issuing institution"), max_length=200)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = EncryptedTextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "code"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.code


class ImportJob(BaseModel):
    """A spreadsheet checked (dry run) and, once clean, imported all or nothing. The file is
    kept encrypted until it is imported or abandoned; errors are codes with parameters,
    rendered in the reader's language."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+"
    )
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="imports")
    kind = models.CharField(_("kind"), max_length=14, choices=ImportKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    filename = models.CharField(_("file"), max_length=200)
    content = EncryptedTextField(blank=True)  # base64 of the uploaded bytes
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


# --- Campaigns ------------------------------------------------------------------------------
class Campaign(VersionedModel):
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organiser"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    departments = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name=_("departments")
    )
    channels = models.JSONField(_("channels"), default=list, blank=True)
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    partners = models.ManyToManyField(
        "institutions.Institution",
        blank=True,
        related_name="+",
        verbose_name=_("partner institutions"),
    )

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name


class CampaignReach(BaseModel):
    """People reached through one channel, by sex and by age band where known (each
    breakdown, when given, adds up to the total)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reach")
    channel = models.CharField(_("channel"), max_length=20)
    people = models.PositiveIntegerField(_("people reached"))
    female = models.PositiveIntegerField(_("women and girls"), null=True, blank=True)
    male = models.PositiveIntegerField(_("men and boys"), null=True, blank=True)
    age_0_17 = models.PositiveIntegerField(_("0 to 17"), null=True, blank=True)
    age_18_29 = models.PositiveIntegerField(_("18 to 29"), null=True, blank=True)
    age_30_59 = models.PositiveIntegerField(_("30 to 59"), null=True, blank=True)
    age_60_plus = models.PositiveIntegerField(_("60 and over"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "channel"], name="campaign_reach_channel")
        ]


class CampaignMaterial(BaseModel):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    storage_key = models.CharField(max_length=80)  # name of the file in the data directory
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )


# --- Labour inspections ------------------------------------------------------------------
class Inspection(VersionedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("inspectorate"),
    )
    unit = models.ForeignKey(
        "institutions.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    establishment = models.CharField(_("establishment"), max_length=200)
    sector = models.CharField(_("sector (ISIC section)"), max_length=1, choices=IsicSection.choices)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    inspected_on = models.DateField(_("date"))
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("inspectors")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    workers_female = models.PositiveIntegerField(_("women interviewed"), default=0)
    workers_male = models.PositiveIntegerField(_("men interviewed"), default=0)
    workers_0_17 = models.PositiveIntegerField(_("children found (under 18)"), default=0)
    workers_18_29 = models.PositiveIntegerField(_("18 to 29"), default=0)
    workers_30_59 = models.PositiveIntegerField(_("30 to 59"), default=0)
    workers_60_plus = models.PositiveIntegerField(_("60 and over"), default=0)
    # The forced-labour screening (cases.ScreeningInstrument) answered for the workplace.
    instrument = models.ForeignKey(
        "cases.ScreeningInstrument", null=True, on_delete=models.PROTECT, related_name="+"
    )
    answers = models.JSONField(_("screening answers"), default=dict, blank=True)
    indicators_present = models.PositiveSmallIntegerField(_("indicators present"), default=0)
    suggestion = models.CharField(_("screening suggestion"), max_length=10, blank=True)
    findings = EncryptedTextField(_("findings"), blank=True)
    # The report raised into the protection intake when indicators are present.
    report = models.OneToOneField(
        "intake.Report",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection",
    )

    class Meta:
        ordering = ["-inspected_on", "reference"]
        indexes = [
            models.Index(fields=["institution", "-inspected_on"], name="inspection_inst_date")
        ]
        verbose_name = _("labour inspection")
        verbose_name_plural = _("labour inspections")

    def __str__(self) -> str:
        return self.reference


class InspectionMeasure(BaseModel):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("measure"), max_length=20, choices=MeasureKind.choices)
    description = models.CharField(_("description"), max_length=500, blank=True)
    amount = models.DecimalField(
        _("amount (HNL)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
