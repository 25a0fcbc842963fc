"""Code lists of the criminal file (domain.md, "Prosecution"). Offences, aggravating
circumstances, perpetrator roles and stage time limits are data (``data/``), editable by the
platform administrator; these are the lists the services reason about."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Stage(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    INVESTIGATION = "investigation", _("Investigation")
    INDICTMENT = "indictment", _("Indictment")
    INITIAL_HEARING = "initial_hearing", _("Initial hearing")
    PRELIMINARY_HEARING = "preliminary_hearing", _("Preliminary hearing")
    TRIAL = "trial", _("Trial")
    VERDICT = "verdict", pgettext_lazy("stage", "Verdict")
    APPEAL = "appeal", pgettext_lazy("stage", "Appeal")
    FINAL = "final", _("Final (firme)")


# The order stages follow; a file moves forward only (a step back needs the correction path).
STAGE_ORDER: tuple[str, ...] = tuple(Stage.values)
# The date column of each stage on the file.
STAGE_DATE_FIELD = {stage: f"{stage}_on" for stage in STAGE_ORDER}
# Charges and verdicts need the file indicted; hearings may come from the investigation on.
INDICTED_STAGES = STAGE_ORDER[STAGE_ORDER.index(Stage.INDICTMENT) :]
VERDICT_STAGES = STAGE_ORDER[STAGE_ORDER.index(Stage.VERDICT) :]


def stage_index(stage: str) -> int:
    return STAGE_ORDER.index(stage)


class EarlyClosure(models.TextChoices):
    DISMISSED = "dismissed", _("Dismissed (sobreseimiento)")
    ARCHIVED = "archived", _("Archived")
    CONDITIONAL_DISCHARGE = "conditional_discharge", _("Conditional discharge")
    ABBREVIATED = "abbreviated", _("Abbreviated procedure")
    OTHER = "other", _("Other")


class OffenceClass(models.TextChoices):
    TRAFFICKING = "trafficking", _("Trafficking in persons")
    RELATED = "related", _("Related offence")


class HearingType(models.TextChoices):
    INITIAL = "initial", _("Initial hearing")
    PRELIMINARY = "preliminary", _("Preliminary hearing")
    TRIAL = "trial", _("Trial")
    VERDICT_READING = "verdict_reading", _("Reading of the verdict")
    APPEAL = "appeal", pgettext_lazy("hearing", "Appeal")
    PRECAUTIONARY = "precautionary", _("Precautionary measures")
    OTHER = "other", _("Other")


class HearingResult(models.TextChoices):
    HELD = "held", _("Held")
    POSTPONED = "postponed", _("Postponed")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")


class DetentionStatus(models.TextChoices):
    AT_LARGE = "at_large", _("At large")
    ARRESTED = "arrested", _("Arrested")
    PRETRIAL_DETENTION = "pretrial_detention", _("Pre-trial detention")
    ALTERNATIVE_MEASURES = "alternative_measures", _("Alternative measures")
    RELEASED = "released", _("Released")
    SERVING_SENTENCE = "serving_sentence", _("Serving sentence")


class Extradition(models.TextChoices):
    NONE = "none", _("Not requested")
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    EXTRADITED = "extradited", _("Extradited")


class VerdictOutcome(models.TextChoices):
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    DISMISSED = "dismissed", _("Dismissed")
    PLEA = "plea", _("Plea agreement")


# Outcomes that carry a sentence.
SENTENCED = (VerdictOutcome.CONVICTED, VerdictOutcome.PLEA)


class Currency(models.TextChoices):
    HNL = "HNL", _("Lempiras (HNL)")
    USD = "USD", _("US dollars (USD)")


class AppealKind(models.TextChoices):
    APPEAL = "appeal", _("Appeal (apelación)")
    CASSATION = "cassation", _("Cassation (casación)")


class AppealedBy(models.TextChoices):
    PROSECUTION = "prosecution", pgettext_lazy("appellant", "Public prosecutor")
    DEFENCE = "defence", _("Defence")
    VICTIM = "victim", _("Victim's representative")


class AppealResult(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    REVOKED = "revoked", _("Revoked")
    MODIFIED = "modified", _("Modified")


class ProceduralRole(models.TextChoices):
    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness")
    PROTECTED_WITNESS = "protected_witness", _("Protected witness")


class Participation(models.TextChoices):
    PARTICIPATING = "participating", _("Taking part")
    NOT_LOCATED = "not_located", _("Cannot be located")
    WITHDRAWN = "withdrawn", _("Withdrew from the proceeding")
    DECLINED = "declined", _("Declined to take part")


class MeasureType(models.TextChoices):
    GESELL = "gesell", _("Single recorded interview (Gesell chamber)")
    RESERVED_IDENTITY = "reserved_identity", _("Reserved identity")
    PROTECTED_WITNESS = "protected_witness", _("Protected witness programme")
    SUPPORT_PERSON = "support_person", _("Support person present")
    VIDEO_TESTIMONY = "video_testimony", _("Testimony by video")
    RELOCATION = "relocation", _("Relocation")


class MeasureStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
