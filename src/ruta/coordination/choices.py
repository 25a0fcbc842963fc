"""Code lists of the coordination part of the partnership pillar."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitteeKind(models.TextChoices):
    PLENARY = "plenary", _("National commission plenary")
    EXECUTIVE_BOARD = "executive_board", _("Executive board")
    LOCAL = "local", _("Local committee")
    STEERING = "steering", _("Project steering committee")
    WORKING_GROUP = "working_group", _("Technical working group")


class QuorumRule(models.TextChoices):
    """How many member institutions must be present for the meeting to decide."""

    MAJORITY = "majority", _("Half of the members plus one")
    TWO_THIRDS = "two_thirds", _("Two thirds of the members")
    FIXED = "fixed", _("A fixed number of members")


class MemberRole(models.TextChoices):
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer (no vote, not counted for quorum)")


class RepresentativeKind(models.TextChoices):
    PRINCIPAL = "principal", _("Principal representative")
    ALTERNATE = "alternate", _("Alternate")
    FOCAL_POINT = "focal_point", _("Focal point")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class ActionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_ACTION_STATUSES = (ActionStatus.PENDING, ActionStatus.IN_PROGRESS)


class CooperationKind(models.TextChoices):
    AGREEMENT = "agreement", _("Cooperation agreement (convenio)")
    MEMORANDUM = "memorandum", _("Memorandum of understanding")
    PROTOCOL = "protocol", _("Inter-institutional protocol")


class CooperationStatus(models.TextChoices):
    DRAFT = "draft", _("In negotiation")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")
