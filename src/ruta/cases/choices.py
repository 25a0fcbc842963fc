"""Code lists of protection cases, with their crosswalks to HTCDS, CTDC and UNODC."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    """HTCDS cas_Status."""

    OPEN = "open", _("Open")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")
    CLOSED_REFERRED = "closed_referred", _("Closed: referred")


class VictimType(models.TextChoices):
    DIRECT = "direct", _("Direct victim")
    INDIRECT = "indirect", _("Indirect victim (family member)")


class IdentificationStatus(models.TextChoices):
    POSSIBLE = "possible", _("Possible victim")
    PRESUMED = "presumed", _("Presumed victim")
    IDENTIFIED = "identified", _("Identified victim")
    NOT_VICTIM = "not_victim", _("Not a victim")


# Identification status -> HTCDS vic_TraffickingStatus.
HTCDS_TRAFFICKING_STATUS = {
    "possible": "PossibleVictimOfTrafficking",
    "presumed": "PossibleVictimOfTrafficking",
    "identified": "ActualVictimOfTrafficking",
    "not_victim": "NotAVictimOfTrafficking",
}


class DecidingOrganisationType(models.TextChoices):
    """HTCDS vic_TraffickingStatusDecisionMakingOrg."""

    POLICE = "Police", _("Police")
    NGO = "NGO", _("NGO")
    COURT_OR_PROSECUTION = "CourtOrProsecution", _("Court or prosecution")
    NON_POLICE_GOVERNMENT = (
        "NonPoliceGovernmentalOrganization",
        _("Non-police governmental organisation"),
    )
    OTHER = "Other", _("Other")


# Institution type -> the deciding-organisation type suggested for its decisions.
DECIDING_TYPE_FOR_INSTITUTION = {
    "police": "Police",
    "police_academy": "Police",
    "prosecution": "CourtOrProsecution",
    "judiciary": "CourtOrProsecution",
    "ngo": "NGO",
    "shelter": "NGO",
    "international_partner": "Other",
    "donor": "Other",
}


class FormOfExploitation(models.TextChoices):
    """Forms of exploitation in Honduran law (the interface's list)."""

    SEXUAL = "sexual", _("Sexual exploitation, including child sexual abuse material")
    FORCED_LABOUR = "forced_labour", _("Forced labour or services")
    SERVITUDE = "servitude", _("Servitude")
    SLAVERY = "slavery", _("Slavery or similar practices")
    BEGGING = "begging", _("Forced begging")
    MARRIAGE = "marriage", _("Forced or servile marriage")
    PREGNANCY = "pregnancy", _("Forced pregnancy")
    ADOPTION = "adoption", _("Irregular adoption")
    ORGANS = "organs", _("Trafficking in organs and tissues")
    CRIMINAL = "criminal", _("Use of children in criminal activities")
    OTHER = "other", _("Other")


# Honduran form -> (HTCDS vic_TypeOfExploitation, CTDC flag, UNODC category).
EXPLOITATION_CROSSWALK = {
    "sexual": ("SexualExploitation", "isSexualExploit", "sexual_exploitation"),
    "forced_labour": ("ForcedLabour", "isForcedLabour", "forced_labour"),
    "servitude": ("Servitude", "isForcedLabour", "forced_labour"),
    "slavery": ("Servitude", "isForcedLabour", "forced_labour"),
    "begging": ("ForcedBegging", "isForcedLabour", "other_begging"),
    "marriage": ("ForcedMarriage", "isOtherExploit", "other_forced_marriage"),
    "pregnancy": ("Other", "isOtherExploit", "other"),
    "adoption": ("ForcedAdoption", "isOtherExploit", "other_illegal_adoption"),
    "organs": ("OrganRemoval", "isOtherExploit", "other_organ_removal"),
    "criminal": ("Other", "isForcedLabour", "other_criminal_activity"),
    "other": ("Other", "isOtherExploit", "other"),
}


class MeansOfControl(models.TextChoices):
    """HTCDS vic_MethodsOfControl (16)."""

    PHYSICAL_THREATS = "PhysicalThreats", _("Physical threats")
    THREATS_LAW_ENFORCEMENT = "ThreatsLawEnforcement", _("Threats of law enforcement")
    THREATENS_FAMILY = "ThreatensChildrenFamily", _("Threatens children or family")
    DEBT_BONDAGE = "DebtBondage", _("Debt bondage")
    FALSE_PROMISES = "FalsePromises", _("False promises")
    PHYSICAL_ABUSE = "PhysicalAbuse", _("Physical abuse")
    SEXUAL_ABUSE = "SexualAbuse", _("Sexual abuse")
    TAKES_EARNINGS = "TakesEarnings", _("Takes earnings")
    RESTRICTS_FINANCIAL = "RestrictsFinancialAccess", _("Restricts financial access")
    RESTRICTS_MEDICAL = "RestrictsMedicalCare", _("Restricts medical care")
    WITHHOLDS_NECESSITIES = "WithholdsNecessities", _("Withholds necessities")
    PSYCHOLOGICAL_ABUSE = "PsychologicalAbuse", _("Psychological abuse")
    PSYCHOACTIVE = "PsychoactiveSubstance", _("Psychoactive substances")
    EXCESSIVE_HOURS = "ExcessiveWorkingHours", _("Excessive working hours")
    WITHHOLDS_DOCUMENTS = "WithholdsDocuments", _("Withholds documents")
    OTHER = "Other", _("Other")


class RecruitmentMethod(models.TextChoices):
    """HTCDS vic_MethodOfRecruitment."""

    PLACE_OF_BUSINESS = "AtAPlaceOfBusiness", _("At a place of business")
    EDUCATIONAL = "AtAnEducationalInstitution", _("At an educational institution")
    AT_WORK = "AtWork", _("At work")
    SOCIAL_NETWORKS = "ThroughOnlineSocialNetworks", _("Through online social networks")
    ONLINE_AD = "ThroughAnOnlineAdvertisement", _("Through an online advertisement")
    TV_AD = "ThroughATelevisionAdvert", _("Through a television advert")
    NEWSPAPER_AD = "ThroughANewspaperAdvert", _("Through a newspaper advert")
    FAMILY = "ThroughFamilyOrFamilyEvents", _("Through family or family events")
    FRIENDS = "ThroughFriendsOrSocialEvents", _("Through friends or social events")
    OTHER = "Other", _("Other")


class App(models.TextChoices):
    """HTCDS recruitment and exploitation websites and apps."""

    FACEBOOK = "Facebook", "Facebook"
    INSTAGRAM = "Instagram", "Instagram"
    WHATSAPP = "WhatsApp", "WhatsApp"
    TELEGRAM = "Telegram", "Telegram"
    MESSENGER = "FacebookMessenger", "Facebook Messenger"
    VIBER = "Viber", "Viber"
    SNAPCHAT = "SnapChat", "SnapChat"
    LINE = "Line", "Line"
    FOUR_SALE = "4Sale", "4Sale"
    WECHAT = "WeChat", "WeChat"
    QQ = "QQ", "QQ"
    QZONE = "QZone", "QZone"
    TIKTOK = "TikTok", "TikTok"
    TWITTER = "Twitter", "Twitter"
    OTHER = "Other", _("Other")


class RelationshipToRecruiter(models.TextChoices):
    """HTCDS vic_RelationshipToTrafficker, with CTDC's finer recruiter relations."""

    INTIMATE_PARTNER = "intimate_partner", _("Intimate partner")
    FAMILY = "family", _("Family member")
    FRIEND = "friend", _("Friend")
    ACQUAINTANCE = "acquaintance", _("Acquaintance")
    STRANGER = "stranger", _("Unacquainted")
    UNKNOWN = "unknown", _("Unknown")


class EventType(models.TextChoices):
    RECRUITMENT = "recruitment", _("Recruitment")
    TRANSIT = "transit", _("Transit")
    EXPLOITATION = "exploitation", _("Exploitation")


class ClosureReason(models.TextChoices):
    OBJECTIVES_MET = "objectives_met", _("Objectives of the care plan met")
    MOVED = "moved", _("Moved away")
    REFUSED = "refused", _("Refused services")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    DECEASED = "deceased", _("Deceased")
    TRANSFERRED = "transferred", _("Transferred to another institution")


class TaskKind(models.TextChoices):
    CHILD_PROTECTION_NOTIFICATION = (
        "child_protection_notification",
        _("Notify the child-protection agency"),
    )
    FIRST_CONTACT = "first_contact", _("First contact with the survivor")
    PLAN_REVIEW = "plan_review", _("Review the care plan")


class TaskEnd(models.TextChoices):
    """How an open task ended: done by a person, by the record that is the task (the
    child-protection referral sent is the notification), or with its case."""

    DONE = "done", _("Done")
    BY_RECORD = "by_record", _("Done by the record it asked for")
    CASE_CLOSED = "case_closed", _("Closed with the case")


# Tasks that close only through their own record (a plan review), not "mark as done".
TASKS_DONE_BY_RECORD = {TaskKind.PLAN_REVIEW}


class ActivityKind(models.TextChoices):
    OPENED = "opened", _("Case opened")
    ASSIGNED = "assigned", _("Case assigned")
    FIRST_CONTACT = "first_contact", _("First contact")
    IDENTIFICATION = "identification", _("Identification decision")
    DETAILS = "details", _("Case details updated")
    EVENT = "event", _("Trafficking event recorded")
    TASK_DONE = "task_done", _("Task done")
    CLOSURE_REQUESTED = "closure_requested", _("Closure requested")
    CLOSURE_APPROVED = "closure_approved", _("Closure approved")
    CLOSURE_REJECTED = "closure_rejected", _("Closure rejected")
    REOPENED = "reopened", _("Case reopened")
    NOTE = "note", _("Note added")
    ATTACHMENT = "attachment", _("File attached")
    CONSENT = "consent", _("Consent recorded")
    SCREENING = "screening", _("Screening recorded")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    ASSESSMENT = "assessment", _("Assessment recorded")
    CARE_PLAN = "care_plan", _("Care plan drawn up")
    CARE_PLAN_CHANGED = "care_plan_changed", _("Care plan changed")
    SERVICE_PLANNED = "service_planned", _("Service planned")
    SERVICE_STATUS = "service_status", _("Service status changed")
    SERVICE_DELIVERED = "service_delivered", _("Service delivered")
    PLAN_REVIEW = "plan_review", _("Care plan reviewed")
    REFERRAL_SENT = "referral_sent", _("Referral sent")
    REFERRAL_ANSWERED = "referral_answered", _("Referral answered")
    REFERRAL_CLOSED = "referral_closed", _("Referral ended")
    CONSENT_OVERRIDDEN = "consent_overridden", _("Sharing without consent (override)")
    TRANSFERRED = "transferred", _("Case transferred")


class NoteSensitivity(models.TextChoices):
    GENERAL = "general", _("General")
    CARE = "care", _("Care and services")
    HEALTH = "health", _("Health and psychosocial")
    LEGAL = "legal", _("Legal")


class ConsentPurpose(models.TextChoices):
    ASSISTANCE = "assistance", _("Assistance")
    SHARING = "sharing", _("Sharing with a named institution")
    PROCEEDINGS = "proceedings", _("Use in legal proceedings")
    STATISTICS = "statistics", _("Use in statistics")


class ConsentGivenBy(models.TextChoices):
    PERSON = "person", _("The person")
    GUARDIAN = "guardian", _("Parent or guardian")
    CHILD_PROTECTION = "child_protection", _("Child-protection agency")


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")
    NOT_ASKED = "not_asked", _("Not asked")


class Suggestion(models.TextChoices):
    NONE = "none", _("No indicators")
    REFER = "refer", _("Indicators present: refer for identification")
    PRESUMED = "presumed", _("Presumed victim")


DIMENSION_LABELS = {
    "forced_labour": _("Forced labour"),
    "deceptive_recruitment": _("Deceptive recruitment"),
    "coercive_recruitment": _("Coercive recruitment"),
    "vulnerability_recruitment": _("Recruitment by abuse of vulnerability"),
    "exploitative_conditions": _("Exploitative conditions"),
    "coercion_destination": _("Coercion at destination"),
    "vulnerability_destination": _("Abuse of vulnerability at destination"),
}


STRENGTH_LABELS = {"strong": _("Strong"), "medium": _("Medium"), "weak": _("Weak")}
