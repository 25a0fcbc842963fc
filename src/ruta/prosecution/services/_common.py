"""What every write on a criminal file shares: locking the file, checking the policy and the
version, validating text and dates, and recording the audit event."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.core.errors import DomainError, check_version, require
from ruta.prosecution import policies
from ruta.prosecution.models import CriminalFile

MAX_TEXT = 10_000


T = TypeVar("T")


def present(value: T | None) -> T:
    """A value the validation above has already required (for the type checker)."""
    if value is None:
        raise ValueError("a required value was not validated")
    return value


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


def bump(obj, fields: list[str]) -> None:
    obj.version += 1
    obj.save(update_fields=[*fields, "version", "updated_at"])


def text(errors: dict, field: str, value: str | None, *, required: bool, limit: int = MAX_TEXT):
    value = (value or "").strip()
    if required and not value:
        errors[field] = [_("This field is required.")]
    elif len(value) > limit:
        errors[field] = [_("At most %(n)s characters.") % {"n": limit}]
    return value


def day(
    errors: dict,
    field: str,
    value: date | None,
    *,
    required: bool = True,
    not_before: date | None = None,
    future: bool = False,
) -> None:
    if value is None:
        if required:
            errors[field] = [_("This field is required.")]
        return
    if not future and value > timezone.localdate():
        errors[field] = [_("This date is in the future.")]
    elif not_before is not None and value < not_before:
        errors[field] = [
            _("This date is before %(day)s.") % {"day": not_before.strftime("%d/%m/%Y")}
        ]


def choice(errors: dict, field: str, value: str, allowed, *, required: bool = True) -> None:
    if not value:
        if required:
            errors[field] = [_("This field is required.")]
        return
    if value not in allowed:
        errors[field] = [_("Unknown code: %(code)s") % {"code": value}]


def record(action: str, actor: Actor, target, file: CriminalFile, **kwargs) -> None:
    """An audit event about the file; ``data`` holds codes and ids, never names."""
    audit.record(
        action=f"prosecution.{action}",
        actor=actor,
        target=target,
        target_institution_id=file.institution_id,
        **kwargs,
    )
