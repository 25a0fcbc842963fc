"""Code lists of assessment and care: service types (HTCDS support-plan types and the ones
Honduran practice adds), statuses, and the levels an assessment answers with."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceType(models.TextChoices):
    # HTCDS v2.0 support-plan types (spl_Type), codes as the standard spells them.
    EDUCATION = "Education", _("Education")
    FINANCIAL = "Financial", _("Financial support")
    HEALTH = "Health", _("Health")
    LABOUR_REHABILITATION = (
        "LabourExploitationRehabilitation",
        _("Rehabilitation after labour exploitation"),
    )
    LEGAL = "Legal", _("Legal assistance")
    LIVELIHOOD = "Livelihood", _("Livelihood")
    RIGHTS_TRAINING = "RightsBasedTraining", _("Rights-based training")
    SEXUAL_REHABILITATION = (
        "SexualExploitationRehabilitation",
        _("Rehabilitation after sexual exploitation"),
    )
    SOCIAL_CARE = "SocialCare", _("Social care")
    # Added by Ruta: the services the Honduran referral pathway plans one by one.
    SHELTER = "Shelter", _("Shelter")
    MEDICAL = "Medical", _("Medical care")
    PSYCHOLOGICAL = "Psychological", _("Psychological care")
    DOCUMENTATION = "Documentation", _("Identity documents")
    CONSULAR = "ConsularRepatriation", _("Consular assistance and repatriation")
    FAMILY = "FamilyReintegration", _("Family reintegration")
    CHILD_PROTECTION = "ChildProtection", _("Child protection measures")
    CRIMINAL_JUSTICE = "CriminalJustice", _("Criminal investigation and prosecution")


# Ruta's additions -> the HTCDS support-plan type they are reported under.
HTCDS_SUPPORT_PLAN_TYPE = {
    **{t.value: t.value for t in list(ServiceType)[:9]},
    ServiceType.SHELTER: ServiceType.SOCIAL_CARE.value,
    ServiceType.MEDICAL: ServiceType.HEALTH.value,
    ServiceType.PSYCHOLOGICAL: ServiceType.HEALTH.value,
    ServiceType.DOCUMENTATION: ServiceType.LEGAL.value,
    ServiceType.CONSULAR: ServiceType.SOCIAL_CARE.value,
    ServiceType.FAMILY: ServiceType.SOCIAL_CARE.value,
    ServiceType.CHILD_PROTECTION: ServiceType.SOCIAL_CARE.value,
    ServiceType.CRIMINAL_JUSTICE: ServiceType.LEGAL.value,
}


class AssessmentKind(models.TextChoices):
    NEEDS = "needs", _("Needs assessment")
    RISK = "risk", _("Risk assessment")


class Level(models.TextChoices):
    """One scale for needs (how pressing) and risks (how serious)."""

    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")
    NONE = "none", _("None")
    UNKNOWN = "unknown", _("Unknown")


# Highest first; "unknown" never raises a result.
LEVEL_ORDER = {"none": 0, "low": 1, "medium": 2, "high": 3}


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    DROPPED = "dropped", _("No longer pursued")


class ServiceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("Being delivered")
    DELIVERED = "delivered", _("Delivered")
    NOT_DELIVERED = "not_delivered", _("Not delivered")
    CANCELLED = "cancelled", _("Cancelled")


SERVICE_OPEN = (ServiceStatus.PLANNED, ServiceStatus.IN_PROGRESS)


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", _("The plan continues as it is")
    ADJUSTED = "adjusted", _("The plan was adjusted")
    COMPLETED = "completed", _("The plan's objectives are met")
