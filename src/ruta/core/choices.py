"""Code lists shared by every app: record scopes, sensitivity levels, institution types."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordScope(models.TextChoices):
    """Which records a role reaches inside its institution."""

    OWN = "own", _("Own records (assigned to me)")
    UNIT = "unit", _("My unit")
    INSTITUTION = "institution", _("Whole institution")
    TERRITORY = "territory", _("Territories served")
    AGGREGATE = "aggregate", _("Aggregates only")


class Sensitivity(models.TextChoices):
    """Sensitivity levels of the sections of a case."""

    IDENTITY = "identity", _("Identity")
    CONTACT = "contact", _("Contact and location")
    FACTS = "facts", _("Facts of exploitation")
    HEALTH = "health", _("Health and psychosocial")
    LEGAL = "legal", _("Legal")


class InstitutionType(models.TextChoices):
    COMMISSION = "commission", _("Inter-institutional commission")
    RESPONSE_TEAM = "response_team", _("Immediate response team")
    LOCAL_COMMITTEE = "local_committee", _("Local committee")
    POLICE = "police", _("Police")
    POLICE_ACADEMY = "police_academy", _("Police academy")
    PROSECUTION = "prosecution", _("Public prosecutor")
    JUDICIARY = "judiciary", _("Judiciary")
    LABOUR = "labour", _("Labour ministry / inspectorate")
    CHILD_PROTECTION = "child_protection", _("Child-protection agency")
    IMMIGRATION = "immigration", _("Immigration")
    CONSULAR = "consular", _("Foreign affairs / consular service")
    HEALTH = "health", _("Health service")
    SOCIAL_SERVICES = "social_services", _("Social services")
    SHELTER = "shelter", _("Shelter")
    NGO = "ngo", _("Non-governmental organisation")
    MUNICIPALITY = "municipality", _("Municipality")
    INTERNATIONAL_PARTNER = "international_partner", _("International partner")
    DONOR = "donor", _("Donor")
