from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    INTERSEX = "intersex", _("Intersex")
    UNKNOWN = "unknown", _("Unknown")


class Gender(models.TextChoices):
    """HTCDS v2.0 prs_Gender."""

    FEMININE = "Feminine", _("Feminine")
    MASCULINE = "Masculine", _("Masculine")
    TRANSGENDER_FEMININE = "TransgenderFeminine", _("Transgender feminine")
    TRANSGENDER_MASCULINE = "TransgenderMasculine", _("Transgender masculine")
    NON_CONFORMING = "NonConforming", _("Non-conforming")
    NOT_SPECIFIED = "NonSpecifiedUnknown", _("Not specified / unknown")


class DocumentType(models.TextChoices):
    NATIONAL_ID = "national_id", _("National identity card (DNI)")
    PASSPORT = "passport", _("Passport")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    OTHER = "other", _("Other document")


class PopulationGroup(models.TextChoices):
    LENCA = "lenca", "Lenca"
    MISKITO = "miskito", "Miskito"
    GARIFUNA = "garifuna", "Garífuna"
    TOLUPAN = "tolupan", "Tolupán"
    PECH = "pech", "Pech"
    TAWAHKA = "tawahka", "Tawahka"
    MAYA_CHORTI = "maya_chorti", "Maya Chortí"
    AFRO_ENGLISH = "afro_english", _("Afro-Honduran English-speaking")
    LGBTIQ = "lgbtiq", "LGBTIQ+"


class MatchReason(models.TextChoices):
    """What agreed between what was typed and a record a search found."""

    DOCUMENT = "document", _("same identity document")
    GIVEN_NAME = "given_name", _("given name")
    FIRST_SURNAME = "first_surname", _("first surname")
    SECOND_SURNAME = "second_surname", _("second surname")
    ALIAS = "alias", _("alias")
    NICKNAME = "nickname", _("nickname for the name")
    SPELLING = "spelling", _("spelled differently")
    SURNAMES_SWAPPED = "surnames_swapped", _("surnames in the other order")
    BIRTH = "birth", _("same date of birth")
    BIRTH_CLOSE = "birth_close", _("close date of birth (day and month swapped, or one digit off)")
    AGE = "age", _("age agrees")


class LinkageStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("running")
    DONE = "done", _("finished")
    FAILED = "failed", _("failed")


class PairStatus(models.TextChoices):
    OPEN = "open", _("to review")
    MERGED = "merged", _("merged")
    DISMISSED = "dismissed", _("not the same person")


class LinkField(models.TextChoices):
    """The fields batch linkage compares (``linkage.PERSON_COMPARISONS``)."""

    GIVEN_NAME = "given_name", _("given name")
    SURNAMES = "surnames", _("surnames")
    BIRTH = "birth", _("birth")
    SEX = "sex", _("sex")
    GIVEN_NAME2 = "given_name2", _("second given name")
    DOCUMENT = "document", _("identity document")


class LinkLevel(models.TextChoices):
    """How a compared field agreed (the level names of ``linkage.PERSON_COMPARISONS``)."""

    NULL = "null", _("unknown on one side")
    ELSE = "else", _("different")
    EXACT = "exact", _("the same")
    NICKNAME = "nickname", _("a nickname of the other")
    SOUND = "sound", _("spelled differently, same sound")
    TYPO = "typo", _("one letter apart")
    OTHER_WORD = "other_word", _("another of the given names agrees")
    ONE_OF_TWO = "one_of_two", _("one of the two agrees")
    ONE_KNOWN = "one_known", _("one agrees, the other is missing")
    SWAPPED = "swapped", _("both agree, in the other order")
    CLOSE = "close", _("both agree, one spelled differently")
    WITHIN_TWO_YEARS = "within_two_years", _("born within two years")
    YEAR = "year", _("born the same year or the next")
    DATE_SLIP = "date_slip", _("day and month swapped, or one digit off")
