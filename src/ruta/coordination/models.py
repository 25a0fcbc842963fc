"""Coordination: committees (the commission's plenary and executive board, local committees,
the project's steering committee, working groups), their member institutions and
representatives, meetings with agenda, attendance and minutes, agreements (acuerdos)
numbered per committee and year, the action items they assign to institutions, and
inter-institutional cooperation agreements (convenios, memoranda).

Nothing here is about survivors: names are those of officials acting for their institution.
The action item carries its committee (copied from its agreement) so that the owner
institution's queue and the committee's page are one indexed filter each."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruta.coordination.choices import (
    ActionStatus,
    CommitteeKind,
    CooperationKind,
    CooperationStatus,
    MeetingStatus,
    MemberRole,
    Presence,
    QuorumRule,
    RepresentativeKind,
)
from ruta.core.models import BaseModel, Department, VersionedModel

LANGUAGES = [("es", "Español"), ("en", "English"), ("fr", "Français")]


class Committee(VersionedModel):
    kind = models.CharField(_("type"), max_length=20, choices=CommitteeKind.choices)
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=20)
    description = models.TextField(_("description"), blank=True)
    # The institution that convenes, keeps the minutes and follows up: it manages the
    # committee's meetings, agreements and action items.
    secretariat = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("secretariat"),
    )
    # A local committee's territory.
    departments = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name=_("departments")
    )
    language = models.CharField(_("language of the minutes"), max_length=2, choices=LANGUAGES)
    quorum_rule = models.CharField(
        _("quorum"), max_length=12, choices=QuorumRule.choices, default=QuorumRule.MAJORITY
    )
    quorum_fixed = models.PositiveSmallIntegerField(
        _("members needed (fixed quorum)"), null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = [models.UniqueConstraint(fields=["acronym"], name="committee_unique_acronym")]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(BaseModel):
    """A member institution of a committee (observers do not count for quorum)."""

    # Set by selectors_committees.committee_members (not columns).
    principal: Representative | None
    alternate: Representative | None
    focal_points: list[Representative]

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    joined_on = models.DateField(_("member since"), null=True, blank=True)

    class Meta:
        ordering = ["committee", "institution__name"]
        verbose_name = _("member institution")
        verbose_name_plural = _("member institutions")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "institution"], name="committee_member_unique"
            )
        ]
        indexes = [models.Index(fields=["institution", "committee"], name="cm_inst_committee")]


class Representative(BaseModel):
    """A person appointed by a member institution: principal, alternate or focal point, for a
    term."""

    member = models.ForeignKey(
        CommitteeMember, on_delete=models.CASCADE, related_name="representatives"
    )
    kind = models.CharField(_("appointed as"), max_length=12, choices=RepresentativeKind.choices)
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    term_starts_on = models.DateField(_("term starts on"))
    term_ends_on = models.DateField(_("term ends on"), null=True, blank=True)

    class Meta:
        ordering = ["member", "kind", "name"]
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")


class Meeting(VersionedModel):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    # Numbered per committee and year: "Sesión 3/2026".
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    is_extraordinary = models.BooleanField(_("extraordinary session"), default=False)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    minutes = models.TextField(_("minutes"), blank=True)
    # Set when the secretariat closes the minutes: they no longer change.
    minutes_closed_at = models.DateTimeField(_("minutes closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "number"], name="meeting_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.year} {self.title}"


class AgendaItem(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("item"), max_length=300)
    presenter = models.CharField(_("presented by"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")


class MeetingAttendance(BaseModel):
    """One line per member institution: who came for it, or whether it was excused."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    presence = models.CharField(_("attendance"), max_length=8, choices=Presence.choices)
    person = models.CharField(_("represented by"), max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "institution__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "institution"], name="meeting_attendance_unique"
            )
        ]


class MeetingAttachment(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    storage_key = models.CharField(max_length=80)  # name of the file in the data directory
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )


class Agreement(VersionedModel):
    """An agreement (acuerdo) taken at a meeting, numbered per committee and year."""

    # Set by the action selectors (not a column): the agreement's items, each marked.
    items: list[ActionItem]

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="agreements")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agreements")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number"))
    # e.g. "CICESCT-ACU-2026-003"
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    text = models.TextField(_("agreement"))

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "number"], name="agreement_unique_number"
            )
        ]

    def __str__(self) -> str:
        return self.reference


class ActionItem(VersionedModel):
    # Set by the action selectors (not a column): open and past its due date.
    overdue: bool
    # Set by the agreement page (not columns): what the viewer may do with the item.
    can_edit: bool
    can_update: bool

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="actions")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="actions")
    owner_institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible institution"),
    )
    responsible = models.CharField(_("responsible person"), max_length=200, blank=True)
    description = models.TextField(_("action"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PENDING
    )
    progress_note = models.TextField(_("progress"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)  # required when done
    evidence_url = models.URLField(_("link to the evidence"), max_length=500, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    last_reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [
            models.Index(fields=["owner_institution", "status", "due_on"], name="action_owner_q"),
            models.Index(fields=["committee", "status", "due_on"], name="action_committee_q"),
        ]

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.PENDING, ActionStatus.IN_PROGRESS)


class CooperationAgreement(VersionedModel):
    """An inter-institutional agreement (convenio, memorandum, protocol)."""

    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    kind = models.CharField(_("type"), max_length=12, choices=CooperationKind.choices)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=300)
    scope = models.TextField(_("scope"), blank=True)
    parties = models.ManyToManyField(
        "institutions.Institution", related_name="+", verbose_name=_("parties")
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("in force from"), null=True, blank=True)
    ends_on = models.DateField(_("in force until"), null=True, blank=True)
    renewal_on = models.DateField(_("renewal date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CooperationStatus.choices,
        default=CooperationStatus.DRAFT,
    )
    document_name = models.CharField(_("document"), max_length=200, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    document_size = models.PositiveIntegerField(null=True, blank=True)
    document_key = models.CharField(max_length=80, blank=True)
    last_reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["renewal_on", "title"]
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")

    def __str__(self) -> str:
        return self.title
