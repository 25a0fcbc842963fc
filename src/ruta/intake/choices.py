from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportChannel(models.TextChoices):
    HOTLINE = "hotline", _("Hotline 145")
    ERI_PHONE = "eri_phone", _("ERI phone")
    WALK_IN = "walk_in", _("Walk-in")
    POLICE = "police", _("Police")
    PROSECUTOR = "prosecutor", _("Public prosecutor")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
    CONSULATE = "consulate", _("Consulate")
    NGO = "ngo", _("NGO")
    PUBLIC_WEB = "public_web", _("Public web form")
    OTHER = "other", _("Other")


class ReportStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_TRIAGE = "in_triage", _("In triage")
    ACCEPTED = "accepted", _("Accepted into the ERI queue")
    CLOSED = "closed", _("Closed: not trafficking")


class NotTraffickingReason(models.TextChoices):
    SMUGGLING = "smuggling", _("Smuggling of migrants")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence")
    LABOUR_DISPUTE = "labour_dispute", _("Labour dispute")
    OTHER = "other", _("Other")


class InvolvedRole(models.TextChoices):
    POSSIBLE_VICTIM = "possible_victim", _("Possible victim")
    POSSIBLE_PERPETRATOR = "possible_perpetrator", _("Possible perpetrator")


class ReportedSex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Unknown")
