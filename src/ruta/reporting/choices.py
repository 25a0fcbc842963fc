from django.db import models
from django.utils.translation import gettext_lazy as _


class AgeGroup(models.TextChoices):
    """Age at identification, as the UNODC questionnaire splits it."""

    CHILD = "child", _("Child (under 18)")
    ADULT = "adult", _("Adult")
    UNKNOWN = "unknown", _("Age unknown")


class AgeCell(models.TextChoices):
    """Sex and age together: the four cells every report on victims shows, and the rest."""

    GIRL = "girl", _("Girls")
    BOY = "boy", _("Boys")
    WOMAN = "woman", _("Women")
    MAN = "man", _("Men")
    OTHER = "other", _("Sex or age not recorded")


class DetectionStatus(models.TextChoices):
    """The identification statuses the statistics count (the UNODC's "victims detected")."""

    PRESUMED = "presumed", _("Presumed victim")
    IDENTIFIED = "identified", _("Identified victim")


class ReleaseStatus(models.TextChoices):
    DRAFT = "draft", _("Prepared, awaiting publication")
    PUBLISHED = "published", _("Published")


class ExportKind(models.TextChoices):
    HTCDS = "htcds", _("HTCDS v2.0 spreadsheet (case data, names included)")
    CTDC = "ctdc", _("CTDC extract (k-anonymous)")
    UNODC = "unodc", _("UNODC questionnaire tables")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
