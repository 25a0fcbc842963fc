"""Recording a participant (staff of an institution, never a survivor) and correcting their
details. The details' rules are ``prevention.rules.participant_errors`` (shared with the
import); the e-mail's uniqueness and the link to a platform user are checked here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ruta.accounts.models import User
from ruta.core.actor import Actor
from ruta.core.errors import check_version, require
from ruta.prevention import policies
from ruta.prevention.models import Participant
from ruta.prevention.rules import participant_errors
from ruta.prevention.services._common import bump, record

# What the participant form changes (the link to a user is handled apart).
DETAIL_FIELDS = (
    "institution",
    "unit",
    "given_names",
    "family_names",
    "rank_or_role",
    "sex",
    "department",
    "email",
)
_TEXT = ("given_names", "family_names", "rank_or_role", "sex", "email")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for name in _TEXT:
        out[name] = (out.get(name) or "").strip()
    out["email"] = out["email"].lower()
    return out


def email_taken(email: str, *, exclude_pk=None) -> bool:
    """Another participant already has this e-mail (case-insensitive)."""
    if not email:
        return False
    qs = Participant.objects.filter(email__iexact=email)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def _works_in(user: User, institution) -> bool:
    return user.memberships.filter(institution=institution, is_active=True).exists()


def _user_link(
    values: dict[str, Any], user: User | None, participant: Participant | None, errors: dict
) -> User | None:
    """The platform user: the one chosen (of the participant's institution, not another
    participant's), else the institution's user with the same e-mail when there is one."""
    institution = values.get("institution")
    if institution is None:
        return None
    if user is not None:
        taken = Participant.objects.filter(user=user)
        if participant is not None:
            taken = taken.exclude(pk=participant.pk)
        if not _works_in(user, institution):
            errors["user"] = [_("This user does not work in the participant's institution.")]
        elif taken.exists():
            errors["user"] = [_("This user is already another participant.")]
        return user
    kept = participant.user if participant is not None else None
    if kept is not None and _works_in(kept, institution):
        return kept  # kept (the form says so explicitly to unlink)
    email = values.get("email") or ""
    if not email:
        return None
    return (
        User.objects.filter(
            email__iexact=email,
            memberships__institution=institution,
            memberships__is_active=True,
            participant__isnull=True,
        )
        .distinct()
        .first()
    )


def _validate(values: dict[str, Any], participant: Participant | None) -> dict:
    errors: dict = participant_errors(values)
    if "email" not in errors and email_taken(
        values["email"], exclude_pk=participant.pk if participant else None
    ):
        errors["email"] = [
            _(
                "A participant with this e-mail is already recorded: enrol them in a session "
                "by their e-mail."
            )
        ]
    return errors


@transaction.atomic
def participant_create(*, actor: Actor, user: User | None = None, **details: Any) -> Participant:
    """Record a participant; the actor's institution is the one that recorded them.

    ``details``: the fields of ``DETAIL_FIELDS``. ``user``: a platform user of the
    participant's institution to link; without it, the institution's user with the same
    e-mail is linked when there is one."""
    require(policies.can_create_participant(actor))
    values = _clean({name: details.get(name) for name in DETAIL_FIELDS})
    errors = _validate(values, None)
    linked = _user_link(values, user, None, errors)
    if errors:
        raise ValidationError(errors)
    participant = Participant(**values, user=linked, recorded_by_id=actor.institution_id)
    participant.save()
    record(
        "participant.created",
        actor,
        participant,
        participant.recorded_by_id,
        data={"institution": str(participant.institution_id), "user_linked": bool(linked)},
    )
    return participant


@transaction.atomic
def participant_update(
    *,
    actor: Actor,
    participant: Participant,
    version: int | None,
    user: User | None = None,
    unlink_user: bool = False,
    **details: Any,
) -> Participant:
    """Correct a participant's details (the institution that recorded them)."""
    require(policies.can_edit_participant(actor, participant))
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    check_version(participant, version)
    current = {name: getattr(participant, name) for name in DETAIL_FIELDS}
    values = _clean({**current, **{k: v for k, v in details.items() if k in DETAIL_FIELDS}})
    errors = _validate(values, participant)
    linked = None if unlink_user else _user_link(values, user, participant, errors)
    if errors:
        raise ValidationError(errors)
    changed = [name for name in DETAIL_FIELDS if values[name] != current[name]]
    if (linked.pk if linked else None) != participant.user_id:
        changed.append("user")
    for name in DETAIL_FIELDS:
        setattr(participant, name, values[name])
    participant.user = linked
    if not changed:
        return participant
    bump(participant, changed)
    record(
        "participant.updated",
        actor,
        participant,
        participant.recorded_by_id,
        changed_fields=changed,
    )
    return participant
