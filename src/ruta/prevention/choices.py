"""Code lists of the prevention pillar."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    MIXED = "mixed", _("Mixed")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ResultKind(models.TextChoices):
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")


class ImportKind(models.TextChoices):
    PARTICIPANTS = "participants", _("Participants")
    ANSWERS = "answers", _("Test answers")


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking")
    INVALID = "invalid", _("Has errors")
    READY = "ready", _("Ready to import")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class Channel(models.TextChoices):
    RADIO = "radio", _("Radio")
    TV = "tv", _("Television")
    SOCIAL_MEDIA = "social_media", _("Social media")
    SCHOOLS = "schools", _("Schools")
    COMMUNITY_EVENTS = "community_events", _("Community events")
    BORDER_POSTS = "border_posts", _("Border posts")
    PRINT = "print", _("Printed materials")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    GENERAL_PUBLIC = "general_public", _("General public")
    CHILDREN_YOUTH = "children_youth", _("Children and adolescents")
    PARENTS = "parents", _("Parents and caregivers")
    STUDENTS = "students", _("Students")
    TEACHERS = "teachers", _("Teachers")
    MIGRANTS = "migrants", _("Migrants and returnees")
    WORKERS = "workers", _("Workers")
    EMPLOYERS = "employers", _("Employers")
    OFFICIALS = "officials", _("Public officials")
    TRAVELLERS = "travellers", _("Travellers at border posts")


class AgeBand(models.TextChoices):
    """Age bands of campaign reach and of workers met in an inspection."""

    CHILD = "0_17", _("0 to 17")
    YOUTH = "18_29", _("18 to 29")
    ADULT = "30_59", _("30 to 59")
    OLDER = "60_plus", _("60 and over")
    UNKNOWN = "unknown", _("Age unknown")


class IsicSection(models.TextChoices):
    """ISIC Rev. 4 sections (HTCDS's exp_IndustryOfExploitation uses them)."""

    A = "A", _("Agriculture, forestry and fishing")
    B = "B", _("Mining and quarrying")
    C = "C", _("Manufacturing")
    D = "D", _("Electricity, gas, steam and air conditioning supply")
    E = "E", _("Water supply; sewerage, waste management and remediation")
    F = "F", _("Construction")
    G = "G", _("Wholesale and retail trade; repair of motor vehicles")
    H = "H", _("Transportation and storage")
    I = "I", _("Accommodation and food service activities")  # noqa: E741
    J = "J", _("Information and communication")
    K = "K", _("Financial and insurance activities")
    L = "L", _("Real estate activities")
    M = "M", _("Professional, scientific and technical activities")
    N = "N", _("Administrative and support service activities")
    O = "O", _("Public administration and defence; compulsory social security")  # noqa: E741
    P = "P", _("Education")
    Q = "Q", _("Human health and social work activities")
    R = "R", _("Arts, entertainment and recreation")
    S = "S", _("Other service activities")
    T = "T", _("Activities of households as employers")
    U = "U", _("Activities of extraterritorial organizations and bodies")


class MeasureKind(models.TextChoices):
    """What an inspection ordered."""

    FINE = "fine", _("Fine")
    ORDER = "order", _("Order to remedy")
    SUSPENSION = "suspension", _("Suspension of activities")
    CHILDREN_REMOVED = "children_removed", _("Children removed from work")
    REFERRAL = "referral", _("Referral to another authority")
    OTHER = "other", _("Other")
