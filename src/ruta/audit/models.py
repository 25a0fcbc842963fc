"""The append-only, hash-chained audit trail.

Rows hold plain values (ids, codes, field names), never foreign keys, so that deleting or
anonymising a record never rewrites history, and never sensitive values. The hash chain detects an
altered, inserted or deleted event; in production the application's database role should also
lack DELETE on this table and UPDATE on every column but the three the sealer writes (``seq``,
``prev_hash``, ``hash``; see docs/operations.md).

Appending and chaining are two steps (see ``services``): ``record`` inserts an event with its
``appended`` position (a database sequence, no lock) and no chain position; the sealer gives the
unsealed events, in ``appended`` order, their ``seq``, ``prev_hash`` and ``hash``.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendPositionField(models.BigIntegerField):
    """The order in which events were appended, given by the database on insert (a sequence on
    PostgreSQL, the next number under SQLite's write lock) and read back with RETURNING."""

    db_returning = True


class AuditEvent(models.Model):
    # Display labels, not columns: set by selectors.audit_events_describe.
    action_label: str
    institution_label: str
    target_label: str

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    appended = AppendPositionField(_("append order"), unique=True, editable=False)
    # The position in the hash chain, given by the sealer; null until the event is sealed.
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, null=True, blank=True)
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    actor_user_id = models.UUIDField(_("user"), null=True, blank=True, db_index=True)
    actor_username = models.CharField(_("user name"), max_length=150, blank=True)
    institution_id = models.UUIDField(_("acting institution"), null=True, blank=True)
    membership_id = models.UUIDField(_("membership"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(_("record type"), max_length=100, blank=True)
    target_id = models.CharField(_("record"), max_length=64, blank=True, db_index=True)
    target_institution_id = models.UUIDField(_("record's institution"), null=True, blank=True)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    request_id = models.CharField(_("request id"), max_length=32, blank=True)
    ip = models.CharField(_("IP address"), max_length=45, blank=True)
    via = models.CharField(_("channel"), max_length=10, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64, blank=True)

    class Meta:
        ordering = ["-appended"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["institution_id", "-appended"], name="audit_inst_appended"),
            models.Index(
                fields=["target_institution_id", "-appended"], name="audit_tinst_appended"
            ),
            # The sealer's queue: the few events not chained yet, in append order.
            models.Index(
                fields=["appended"], condition=models.Q(seq__isnull=True), name="audit_unsealed"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq or '-'} {self.action}"


class AuditEventInstitution(models.Model):
    """A further institution an event concerns, beyond the acting and the record's institution.

    An event about a person's account (the user, one of their memberships, tokens or second
    factor) concerns every institution the person belongs to, so that each one's auditor sees it.
    The ids are part of the event's hash (see ``services.event_hash``).
    """

    event = models.ForeignKey(
        AuditEvent,
        on_delete=models.CASCADE,
        related_name="institutions",
        verbose_name=_("audit event"),
    )
    institution_id = models.UUIDField(_("institution"))

    class Meta:
        verbose_name = _("institution concerned by an audit event")
        verbose_name_plural = _("institutions concerned by audit events")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "institution_id"], name="audit_event_institution_once"
            )
        ]
        indexes = [models.Index(fields=["institution_id", "event"], name="audit_einst_inst")]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.institution_id}"


class AuditChainHead(models.Model):
    """The chain's last link. Only the sealer locks and writes it (one sealer at a time);
    appending an event never touches it."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self) -> str:
        return f"{self.last_seq}:{self.last_hash[:12]}"
