"""Results frameworks (a project's logic model, a national action plan) and their results
(the tree of nodes: a node's parent is exactly one level up, the top level has none).

The acting institution owns the frameworks it creates; the committee that follows one must be
a committee the actor sees (``coordination.policies.scope_committees``)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.coordination.models import Committee
from ruta.coordination.policies import scope_committees
from ruta.core.actor import Actor
from ruta.core.errors import DomainError, check_version, require
from ruta.core.validation import bump, choice, text
from ruta.results import policies
from ruta.results.choices import LEVELS, FrameworkKind
from ruta.results.models import ResultNode, ResultsFramework

FRAMEWORK_FIELDS = (
    "code",
    "title",
    "description",
    "committee",
    "starts_on",
    "ends_on",
    "iati_identifier",
    "iati_reporting_org",
)
NODE_FIELDS = ("code", "title", "description", "order")
MAX_ORDER = 32_000


def record(action: str, actor: Actor, target, framework: ResultsFramework, **kwargs) -> None:
    """Record ``results.<model>.<verb>`` about ``target`` of ``framework``'s owner."""
    audit.record(
        action=f"results.{action}",
        actor=actor,
        target=target,
        target_institution_id=framework.institution_id,
        **kwargs,
    )


def framework_for_write(actor: Actor, framework: ResultsFramework) -> ResultsFramework:
    """The framework, locked, once the actor may manage it (404 otherwise)."""
    require(policies.scope_results_frameworks(actor).filter(pk=framework.pk).exists())
    framework = ResultsFramework.objects.select_for_update().get(pk=framework.pk)
    require(policies.can_manage_results_framework(actor, framework))
    return framework


# --- frameworks ------------------------------------------------------------------------------
def _validate_framework(
    actor: Actor, values: dict, errors: dict, current: ResultsFramework | None
) -> dict:
    out: dict = {}
    if "code" in values:
        code = text(errors, "code", values["code"], required=True, limit=40).lower()
        if code and not all(c.isalnum() or c in "-_" for c in code):
            errors["code"] = [_("Use letters, digits, hyphens and underscores only.")]
        elif code:
            taken = ResultsFramework.objects.filter(code=code)
            if current is not None:
                taken = taken.exclude(pk=current.pk)
            if taken.exists():
                errors["code"] = [_("Another results framework already has this code.")]
        out["code"] = code
    if "title" in values:
        out["title"] = text(errors, "title", values["title"], required=True, limit=300)
    if "description" in values:
        out["description"] = text(errors, "description", values["description"], required=False)
    for name, limit in (("iati_identifier", 100), ("iati_reporting_org", 100)):
        if name in values:
            out[name] = text(errors, name, values[name], required=False, limit=limit)
    if "committee" in values:
        committee = values["committee"]
        if committee is not None and (
            not isinstance(committee, Committee)
            or not scope_committees(actor).filter(pk=committee.pk).exists()
        ):
            errors["committee"] = [_("Choose a committee your institution sits on.")]
        out["committee"] = committee
    starts_on = values.get("starts_on", current.starts_on if current else None)
    ends_on = values.get("ends_on", current.ends_on if current else None)
    for name in ("starts_on", "ends_on"):
        if name in values:
            if values[name] is None:
                errors[name] = [_("This field is required.")]
            out[name] = values[name]
    if isinstance(starts_on, date) and isinstance(ends_on, date) and ends_on < starts_on:
        errors["ends_on"] = [_("A framework cannot end before it starts.")]
    return out


@transaction.atomic
def framework_create(
    *,
    actor: Actor,
    kind: str,
    code: str,
    title: str,
    starts_on: date | None,
    ends_on: date | None,
    description: str = "",
    committee: Committee | None = None,
    iati_identifier: str = "",
    iati_reporting_org: str = "",
) -> ResultsFramework:
    """A framework of the acting institution (its owner)."""
    require(policies.can_create_results_framework(actor))
    errors: dict = {}
    choice(errors, "kind", kind, FrameworkKind.values)
    values = _validate_framework(
        actor,
        {
            "code": code,
            "title": title,
            "description": description,
            "committee": committee,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "iati_identifier": iati_identifier,
            "iati_reporting_org": iati_reporting_org,
        },
        errors,
        None,
    )
    if errors:
        raise ValidationError(errors)
    framework = ResultsFramework.objects.create(
        kind=kind, institution_id=actor.institution_id, **values
    )
    record(
        "framework.created",
        actor,
        framework,
        framework,
        data={"kind": kind, "committee": str(committee.pk) if committee else None},
    )
    return framework


@transaction.atomic
def framework_update(
    *, actor: Actor, framework: ResultsFramework, version: int | None, **changes
) -> ResultsFramework:
    """Change the details sent (its owner only), naming the version read. The kind stays."""
    framework = framework_for_write(actor, framework)
    check_version(framework, version)
    unknown = set(changes) - set(FRAMEWORK_FIELDS)
    if unknown:
        raise ValueError(f"not a detail of the framework: {sorted(unknown)}")
    errors: dict = {}
    values = _validate_framework(actor, changes, errors, framework)
    if errors:
        raise ValidationError(errors)
    changed = [name for name, value in values.items() if getattr(framework, name) != value]
    if not changed:
        return framework
    for name in changed:
        setattr(framework, name, values[name])
    bump(framework, changed)
    record("framework.updated", actor, framework, framework, changed_fields=changed)
    return framework


# --- results (nodes) -----------------------------------------------------------------------------
def _node_values(errors: dict, framework: ResultsFramework, values: dict, current) -> dict:
    out: dict = {}
    if "code" in values:
        code = text(errors, "code", values["code"], required=True, limit=20)
        taken = ResultNode.objects.filter(framework=framework, code=code)
        if current is not None:
            taken = taken.exclude(pk=current.pk)
        if code and taken.exists():
            errors["code"] = [_("Another result of this framework already has this code.")]
        out["code"] = code
    if "title" in values:
        out["title"] = text(errors, "title", values["title"], required=True, limit=400)
    if "description" in values:
        out["description"] = text(errors, "description", values["description"], required=False)
    if "order" in values:
        order = values["order"] if values["order"] is not None else 0
        if not isinstance(order, int) or not 0 <= order <= MAX_ORDER:
            errors["order"] = [_("Enter a number between 0 and %(n)s.") % {"n": MAX_ORDER}]
        out["order"] = order
    return out


@transaction.atomic
def node_create(
    *,
    actor: Actor,
    framework: ResultsFramework,
    level: str,
    code: str,
    title: str,
    parent: ResultNode | None = None,
    description: str = "",
    order: int | None = 0,
) -> ResultNode:
    """A result at one of the framework kind's levels; its parent is exactly one level up
    (the top level has none)."""
    framework = framework_for_write(actor, framework)
    errors: dict = {}
    levels = tuple(LEVELS[FrameworkKind(framework.kind)])
    if level not in levels:
        errors["level"] = [_("This level does not belong to this kind of framework.")]
    elif levels.index(level) == 0:
        if parent is not None:
            errors["parent"] = [_("A result of the top level has no parent.")]
    elif parent is None:
        errors["parent"] = [_("Choose the result this one contributes to.")]
    elif parent.framework_id != framework.pk or parent.level != levels[levels.index(level) - 1]:
        errors["parent"] = [_("The parent must be a result of this framework one level up.")]
    values = _node_values(
        errors,
        framework,
        {"code": code, "title": title, "description": description, "order": order},
        None,
    )
    if errors:
        raise ValidationError(errors)
    node = ResultNode.objects.create(framework=framework, level=level, parent=parent, **values)
    record(
        "node.created",
        actor,
        node,
        framework,
        data={"level": level, "parent": str(parent.pk) if parent else None},
    )
    return node


@transaction.atomic
def node_update(*, actor: Actor, node: ResultNode, **changes) -> ResultNode:
    """Change a result's code, title, description or order (its level and parent stay)."""
    framework = framework_for_write(actor, node.framework)
    node = ResultNode.objects.select_for_update().get(pk=node.pk)
    unknown = set(changes) - set(NODE_FIELDS)
    if unknown:
        raise ValueError(f"not a detail of the result: {sorted(unknown)}")
    errors: dict = {}
    values = _node_values(errors, framework, changes, node)
    if errors:
        raise ValidationError(errors)
    changed = [name for name, value in values.items() if getattr(node, name) != value]
    if changed:
        for name in changed:
            setattr(node, name, values[name])
        node.save(update_fields=[*changed, "updated_at"])
        record("node.updated", actor, node, framework, changed_fields=changed)
    return node


@transaction.atomic
def node_remove(*, actor: Actor, node: ResultNode) -> None:
    """Remove a result without indicators or results under it."""
    framework = framework_for_write(actor, node.framework)
    node = ResultNode.objects.select_for_update().get(pk=node.pk)
    if node.children.exists():
        raise DomainError(_("Remove the results under this one first."))
    if node.indicators.exists():
        raise DomainError(_("Remove or move this result's indicators first."))
    node_id = str(node.pk)
    node.delete()
    record("node.removed", actor, framework, framework, data={"node": node_id})
