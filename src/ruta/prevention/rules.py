"""Rules on a participant's details that need no database: shared by the services (pages and
API) and the spreadsheet import, so that a row is refused for the same reasons whichever way
it comes in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from ruta.people.choices import Sex

NAME_MAX = 120
RANK_MAX = 120
EMAIL_MAX = 254

# The fields ``participant_errors`` reads (any other key of ``data`` is ignored).
PARTICIPANT_FIELDS = (
    "institution",
    "unit",
    "given_names",
    "family_names",
    "rank_or_role",
    "sex",
    "department",
    "email",
)


def participant_errors(data: Mapping[str, Any]) -> dict[str, list[str]]:
    """The errors of a participant's details, field -> messages (empty: acceptable).

    ``data`` holds cleaned values: strings for ``given_names``, ``family_names``,
    ``rank_or_role``, ``sex`` (a ``people.choices.Sex`` code) and ``email`` (may be empty); an
    ``institutions.Institution`` (or None) for ``institution``, a ``Unit`` (or None) for
    ``unit``. A missing key counts as empty. Strings are judged as given (strip them first).

    Pure: no query is made (the e-mail's uniqueness and the platform user link need the
    database; the services check them)."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field in ("given_names", "family_names"):
        value = data.get(field) or ""
        if not value:
            add(field, _("This field is required."))
        elif len(value) > NAME_MAX:
            add(field, _("At most %(n)s characters.") % {"n": NAME_MAX})
    if len(data.get("rank_or_role") or "") > RANK_MAX:
        add("rank_or_role", _("At most %(n)s characters.") % {"n": RANK_MAX})
    sex = data.get("sex") or ""
    if not sex:
        add("sex", _("This field is required."))
    elif sex not in Sex.values:
        add("sex", _("Unknown code: %(code)s") % {"code": str(sex)[:20]})
    email = data.get("email") or ""
    if email:
        if len(email) > EMAIL_MAX:
            add("email", _("At most %(n)s characters.") % {"n": EMAIL_MAX})
        else:
            try:
                validate_email(email)
            except ValidationError:
                add("email", _("Enter a valid e-mail address."))
    institution = data.get("institution")
    if institution is None:
        add("institution", _("This field is required."))
    elif not institution.is_active:
        add("institution", _("This institution is closed."))
    unit = data.get("unit")
    if unit is not None and institution is not None and unit.institution_id != institution.pk:
        add("unit", _("This unit is not in the participant's institution."))
    return errors
