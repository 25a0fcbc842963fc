"""What every write on a criminal file shares: locking the file, checking the policy and the
version, validating text and dates, and recording the audit event."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.core.errors import DomainError, check_version, require
from ruta.core.validation import MAX_TEXT, bump, choice, day, present, text
from ruta.prosecution import policies
from ruta.prosecution.models import CriminalFile

__all__ = [
    "MAX_TEXT",
    "FileClosed",
    "bump",
    "choice",
    "day",
    "file_for_write",
    "present",
    "record",
    "text",
]


class FileClosed(DomainError):
    status = 409

    def __init__(self) -> None:
        super().__init__(
            _("This file is closed: it can no longer change. Correct its stage to reopen it.")
        )


def file_for_write(
    actor: Actor,
    file: CriminalFile,
    version: int | None = None,
    *,
    versioned: bool = False,
    allow_closed: bool = False,
    allowed=None,
) -> CriminalFile:
    """Lock the file and check the actor may write it (404 otherwise); a versioned write must
    name the current version; a closed file refuses everything but a correction."""
    file = (
        CriminalFile.objects.select_for_update(of=("self",))
        .select_related("institution", "municipality")
        .get(pk=file.pk)
    )
    require((allowed or policies.can_edit_file)(actor, file))
    if versioned:
        check_version(file, version)
    if not allow_closed and not file.is_open:
        raise FileClosed
    return file


def record(action: str, actor: Actor, target, file: CriminalFile, **kwargs) -> None:
    """An audit event about the file; ``data`` holds codes and ids, never names."""
    audit.record(
        action=f"prosecution.{action}",
        actor=actor,
        target=target,
        target_institution_id=file.institution_id,
        **kwargs,
    )
