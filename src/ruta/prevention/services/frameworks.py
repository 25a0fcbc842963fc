"""Competency frameworks: a training institution creates its own or copies one (the shipped
framework has no owner and is read-only), then edits its titles, competencies and behavioural
indicators in Spanish, English and French."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ruta.core.actor import Actor
from ruta.core.errors import check_version, require
from ruta.prevention import policies
from ruta.prevention.models import BehaviouralIndicator, Competency, CompetencyFramework
from ruta.prevention.services._common import bump, record, text

LANGUAGES = ("es", "en", "fr")


def labels_of(errors: dict, labels: dict | None, *, field: str = "label", limit: int = 500):
    """Labels in every language, each required (errors on ``<field>_<language>``)."""
    labels = labels or {}
    return {
        language: text(
            errors, f"{field}_{language}", labels.get(language), required=True, limit=limit
        )
        for language in LANGUAGES
    }


def _optional_labels(errors: dict, labels: dict | None, *, field: str) -> dict:
    labels = labels or {}
    values = {
        language: text(errors, f"{field}_{language}", labels.get(language), required=False)
        for language in LANGUAGES
    }
    return {k: v for k, v in values.items() if v}


def _code(errors: dict, code: str | None, *, taken, limit: int = 60) -> str:
    value = slugify(code or "")[:limit]
    if not value:
        errors["code"] = [_("Enter a code: letters, digits and hyphens.")]
    elif taken(value):
        errors["code"] = [_("This code is already in use.")]
    return value


# --- frameworks ----------------------------------------------------------------------------
@transaction.atomic
def framework_create(
    *, actor: Actor, code: str, labels: dict, descriptions: dict | None = None
) -> CompetencyFramework:
    require(policies.can_create_framework(actor))
    errors: dict = {}
    values = {
        "code": _code(
            errors, code, taken=lambda c: CompetencyFramework.objects.filter(code=c).exists()
        ),
        "labels": labels_of(errors, labels),
        "descriptions": _optional_labels(errors, descriptions, field="description"),
    }
    if errors:
        raise ValidationError(errors)
    framework = CompetencyFramework.objects.create(institution_id=actor.institution_id, **values)
    record(
        "framework.created",
        actor,
        framework,
        framework.institution_id,
        changed_fields=sorted(values),
        data={"code": framework.code},
    )
    return framework


@transaction.atomic
def framework_copy(
    *, actor: Actor, framework: CompetencyFramework, code: str
) -> CompetencyFramework:
    """A copy owned by the actor's institution, with every competency and indicator."""
    require(policies.can_create_framework(actor))
    require(policies.scope_frameworks(actor).filter(pk=framework.pk).exists())
    errors: dict = {}
    new_code = _code(
        errors, code, taken=lambda c: CompetencyFramework.objects.filter(code=c).exists()
    )
    if errors:
        raise ValidationError(errors)
    copy = CompetencyFramework.objects.create(
        institution_id=actor.institution_id,
        code=new_code,
        labels=dict(framework.labels),
        descriptions=dict(framework.descriptions),
    )
    competencies = list(framework.competencies.prefetch_related("indicators"))
    for competency in competencies:
        new = Competency.objects.create(
            framework=copy,
            code=competency.code,
            labels=dict(competency.labels),
            position=competency.position,
        )
        BehaviouralIndicator.objects.bulk_create(
            BehaviouralIndicator(
                competency=new, code=i.code, labels=dict(i.labels), position=i.position
            )
            for i in competency.indicators.all()
        )
    record(
        "framework.copied",
        actor,
        copy,
        copy.institution_id,
        data={"code": copy.code, "from": framework.code, "competencies": len(competencies)},
    )
    return copy


@transaction.atomic
def framework_update(
    *,
    actor: Actor,
    framework: CompetencyFramework,
    version: int | None,
    labels: dict,
    descriptions: dict | None = None,
    is_active: bool = True,
) -> CompetencyFramework:
    require(policies.can_edit_framework(actor, framework))
    framework = CompetencyFramework.objects.select_for_update().get(pk=framework.pk)
    check_version(framework, version)
    errors: dict = {}
    values = {
        "labels": labels_of(errors, labels),
        "descriptions": _optional_labels(errors, descriptions, field="description"),
        "is_active": bool(is_active),
    }
    if errors:
        raise ValidationError(errors)
    changed = [k for k, v in values.items() if getattr(framework, k) != v]
    if not changed:
        return framework
    for name in changed:
        setattr(framework, name, values[name])
    bump(framework, changed)
    record(
        "framework.updated",
        actor,
        framework,
        framework.institution_id,
        changed_fields=changed,
        data={"code": framework.code},
    )
    return framework


def _touch(framework: CompetencyFramework) -> None:
    """A change to a framework's competencies moves the framework's version on."""
    CompetencyFramework.objects.filter(pk=framework.pk).update(version=framework.version + 1)
    framework.version += 1


# --- competencies --------------------------------------------------------------------------
@transaction.atomic
def competency_add(
    *, actor: Actor, framework: CompetencyFramework, code: str, labels: dict
) -> Competency:
    require(policies.can_edit_framework(actor, framework))
    errors: dict = {}
    values = {
        "code": _code(errors, code, taken=lambda c: framework.competencies.filter(code=c).exists()),
        "labels": labels_of(errors, labels),
    }
    if errors:
        raise ValidationError(errors)
    last = framework.competencies.aggregate(m=Max("position"))["m"] or 0
    competency = Competency.objects.create(framework=framework, position=last + 1, **values)
    _touch(framework)
    record(
        "framework.competency_added",
        actor,
        framework,
        framework.institution_id,
        data={"code": framework.code, "competency": competency.code},
    )
    return competency


@transaction.atomic
def competency_update(
    *, actor: Actor, competency: Competency, labels: dict, position: int | None = None
) -> Competency:
    framework = competency.framework
    require(policies.can_edit_framework(actor, framework))
    errors: dict = {}
    new_labels = labels_of(errors, labels)
    if position is not None and not 0 <= position <= 999:
        errors["position"] = [_("Enter a number from 0 to 999.")]
    if errors:
        raise ValidationError(errors)
    changed = []
    if new_labels != competency.labels:
        competency.labels = new_labels
        changed.append("labels")
    if position is not None and position != competency.position:
        competency.position = position
        changed.append("position")
    if not changed:
        return competency
    competency.save(update_fields=[*changed, "updated_at"])
    _touch(framework)
    record(
        "framework.competency_updated",
        actor,
        framework,
        framework.institution_id,
        changed_fields=changed,
        data={"code": framework.code, "competency": competency.code},
    )
    return competency


@transaction.atomic
def competency_remove(*, actor: Actor, competency: Competency) -> CompetencyFramework:
    """Remove a competency and its indicators, unless a course covers it."""
    framework = competency.framework
    require(policies.can_edit_framework(actor, framework))
    if competency.courses.exists():
        raise ValidationError(
            _("A course covers this competency: take it off the course before removing it.")
        )
    code = competency.code
    competency.delete()
    _touch(framework)
    record(
        "framework.competency_removed",
        actor,
        framework,
        framework.institution_id,
        data={"code": framework.code, "competency": code},
    )
    return framework


# --- behavioural indicators ---------------------------------------------------------------
@transaction.atomic
def indicator_add(
    *, actor: Actor, competency: Competency, code: str, labels: dict
) -> BehaviouralIndicator:
    framework = competency.framework
    require(policies.can_edit_framework(actor, framework))
    errors: dict = {}
    values = {
        "code": _code(errors, code, taken=lambda c: competency.indicators.filter(code=c).exists()),
        "labels": labels_of(errors, labels, limit=1000),
    }
    if errors:
        raise ValidationError(errors)
    last = competency.indicators.aggregate(m=Max("position"))["m"] or 0
    indicator = BehaviouralIndicator.objects.create(
        competency=competency, position=last + 1, **values
    )
    _touch(framework)
    record(
        "framework.indicator_added",
        actor,
        framework,
        framework.institution_id,
        data={"code": framework.code, "competency": competency.code, "indicator": indicator.code},
    )
    return indicator


@transaction.atomic
def indicator_update(
    *, actor: Actor, indicator: BehaviouralIndicator, labels: dict
) -> BehaviouralIndicator:
    competency = indicator.competency
    framework = competency.framework
    require(policies.can_edit_framework(actor, framework))
    errors: dict = {}
    new_labels = labels_of(errors, labels, limit=1000)
    if errors:
        raise ValidationError(errors)
    if new_labels == indicator.labels:
        return indicator
    indicator.labels = new_labels
    indicator.save(update_fields=["labels", "updated_at"])
    _touch(framework)
    record(
        "framework.indicator_updated",
        actor,
        framework,
        framework.institution_id,
        changed_fields=["labels"],
        data={"code": framework.code, "competency": competency.code, "indicator": indicator.code},
    )
    return indicator


@transaction.atomic
def indicator_remove(*, actor: Actor, indicator: BehaviouralIndicator) -> CompetencyFramework:
    competency = indicator.competency
    framework = competency.framework
    require(policies.can_edit_framework(actor, framework))
    code = indicator.code
    indicator.delete()
    _touch(framework)
    record(
        "framework.indicator_removed",
        actor,
        framework,
        framework.institution_id,
        data={"code": framework.code, "competency": competency.code, "indicator": code},
    )
    return framework
