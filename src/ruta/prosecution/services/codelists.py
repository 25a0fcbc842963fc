"""The code lists the platform administrator keeps: offences (trafficking and the related
offences apart), aggravating circumstances, and the time limit of each stage."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.core.errors import check_version, require
from ruta.prosecution import policies
from ruta.prosecution.choices import STAGE_DATE_FIELD, OffenceClass, Stage
from ruta.prosecution.models import (
    AggravatingCircumstance,
    Charge,
    CriminalFile,
    Offence,
    StageTimeLimit,
)
from ruta.prosecution.services._common import choice, present, text

LANGUAGES = ("es", "en", "fr")


def _labels(errors: dict, labels: dict) -> dict:
    out = {}
    for language in LANGUAGES:
        field = f"label_{language}"
        out[language] = text(errors, field, labels.get(language), required=True, limit=300)
    return out


def _code(errors: dict, code: str, model, entry) -> str:
    code = slugify(code or "").replace("-", "_")[:60]
    if not code:
        errors["code"] = [_("This field is required.")]
    elif model.objects.filter(code=code).exclude(pk=getattr(entry, "pk", None)).exists():
        errors["code"] = [_("This code is already in use.")]
    return code


@transaction.atomic
def offence_save(
    *,
    actor: Actor,
    offence: Offence | None = None,
    version: int | None = None,
    code: str,
    classification: str,
    labels: dict,
    article: str = "",
    law: str = "",
    is_active: bool = True,
) -> Offence:
    """Add an offence, or change one. Its classification cannot change once a file or a
    charge uses it: the counts already made would silently move between trafficking and the
    related offences."""
    require(policies.can_manage_code_lists(actor))
    if offence is not None:
        offence = Offence.objects.select_for_update().get(pk=offence.pk)
        check_version(offence, version)
    errors: dict = {}
    values = {
        "code": _code(errors, code, Offence, offence),
        "labels": _labels(errors, labels),
        "article": text(errors, "article", article, required=False, limit=60),
        "law": text(errors, "law", law, required=False, limit=120),
        "is_active": bool(is_active),
    }
    choice(errors, "classification", classification, OffenceClass.values)
    values["classification"] = classification
    if (
        offence is not None
        and classification != offence.classification
        and (
            CriminalFile.objects.filter(offence=offence).exists()
            or Charge.objects.filter(offence=offence).exists()
        )
    ):
        errors["classification"] = [
            _(
                "Files or charges already use this offence: its classification cannot change. "
                "Stop using it and add a new one."
            )
        ]
    if offence is not None and values["code"] != offence.code and "code" not in errors:
        errors["code"] = [_("A code does not change once created.")]
    if errors:
        raise ValidationError(errors)
    if offence is None:
        offence = Offence.objects.create(**values)
        changed = sorted(values)
        action = "prosecution.offence.created"
    else:
        changed = [k for k, v in values.items() if getattr(offence, k) != v]
        if not changed:
            return offence
        for name in changed:
            setattr(offence, name, values[name])
        offence.version += 1
        offence.save(update_fields=[*changed, "version", "updated_at"])
        action = "prosecution.offence.updated"
    audit.record(
        action=action,
        actor=actor,
        target=offence,
        changed_fields=changed,
        data={"code": offence.code},
    )
    return offence


@transaction.atomic
def aggravating_save(
    *,
    actor: Actor,
    entry: AggravatingCircumstance | None = None,
    version: int | None = None,
    code: str,
    labels: dict,
    article: str = "",
    is_active: bool = True,
) -> AggravatingCircumstance:
    require(policies.can_manage_code_lists(actor))
    if entry is not None:
        entry = AggravatingCircumstance.objects.select_for_update().get(pk=entry.pk)
        check_version(entry, version)
    errors: dict = {}
    values = {
        "code": _code(errors, code, AggravatingCircumstance, entry),
        "labels": _labels(errors, labels),
        "article": text(errors, "article", article, required=False, limit=60),
        "is_active": bool(is_active),
    }
    if entry is not None and values["code"] != entry.code and "code" not in errors:
        errors["code"] = [_("A code does not change once created.")]
    if errors:
        raise ValidationError(errors)
    if entry is None:
        entry = AggravatingCircumstance.objects.create(**values)
        changed = sorted(values)
        action = "prosecution.aggravating.created"
    else:
        changed = [k for k, v in values.items() if getattr(entry, k) != v]
        if not changed:
            return entry
        for name in changed:
            setattr(entry, name, values[name])
        entry.version += 1
        entry.save(update_fields=[*changed, "version", "updated_at"])
        action = "prosecution.aggravating.updated"
    audit.record(
        action=action,
        actor=actor,
        target=entry,
        changed_fields=changed,
        data={"code": entry.code},
    )
    return entry


@transaction.atomic
def time_limit_save(
    *, actor: Actor, stage: str, version: int | None, days: int | None
) -> StageTimeLimit:
    """Change a stage's time limit; the open files at that stage get their new due date
    (counted from the day they entered it), so the work queues follow at once."""
    require(policies.can_manage_code_lists(actor))
    errors: dict = {}
    choice(errors, "stage", stage, [s for s in Stage.values if s != Stage.FINAL])
    if days is None or not 1 <= days <= 3650:
        errors["days"] = [_("Enter a number of days between 1 and 3650.")]
    if errors:
        raise ValidationError(errors)
    days = present(days)
    limit, _created = StageTimeLimit.objects.select_for_update().get_or_create(
        stage=stage, defaults={"days": days}
    )
    if not _created:
        check_version(limit, version)
        if limit.days == days:
            return limit
        limit.days = days
        limit.version += 1
        limit.save(update_fields=["days", "version"])
    date_field = STAGE_DATE_FIELD[stage]
    files = list(CriminalFile.objects.filter(stage=stage, closed_early="").only("pk", date_field))
    for file in files:
        file.stage_due_on = getattr(file, date_field) + timedelta(days=days)
    CriminalFile.objects.bulk_update(files, ["stage_due_on"], batch_size=500)
    audit.record(
        action="prosecution.time_limit.updated",
        actor=actor,
        target=limit,
        changed_fields=["days"],
        data={"stage": stage, "days": days, "files": len(files)},
    )
    return limit
