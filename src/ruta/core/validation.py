"""Small validators every pillar's services share: each adds an error to ``errors`` (a dict
field -> [messages] that the service raises as one ValidationError), and ``present`` narrows a
validated Optional for the type checker."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from django.utils import timezone
from django.utils.translation import gettext as _

MAX_TEXT = 10_000

T = TypeVar("T")


def present(value: T | None) -> T:
    """A value the validation above has already required (for the type checker)."""
    if value is None:
        raise ValueError("a required value was not validated")
    return value


def bump(obj, fields: list[str]) -> None:
    """Save ``fields`` of a versioned record and move its version on."""
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
