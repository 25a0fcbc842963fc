"""Committees, their member institutions and the representatives each appoints.

The acting institution becomes a new committee's secretariat and manages it
(``policies.can_manage_committee``). Every write is audited on the committee
(``coordination.committee.<verb>``) with field names and ids, never a representative's name
or contact details."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.coordination import policies
from ruta.coordination.choices import (
    OPEN_ACTION_STATUSES,
    CommitteeKind,
    MemberRole,
    QuorumRule,
    RepresentativeKind,
)
from ruta.coordination.models import (
    LANGUAGES,
    ActionItem,
    Committee,
    CommitteeMember,
    Representative,
)
from ruta.core.actor import Actor
from ruta.core.errors import DomainError, check_version, require
from ruta.core.models import Department
from ruta.core.validation import bump, choice, day, text
from ruta.institutions.models import Institution

COMMITTEE_FIELDS = (
    "kind",
    "name",
    "acronym",
    "description",
    "departments",
    "language",
    "quorum_rule",
    "quorum_fixed",
    "is_active",
)
REPRESENTATIVE_FIELDS = (
    "kind",
    "name",
    "position",
    "email",
    "phone",
    "term_starts_on",
    "term_ends_on",
)
ACRONYM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")
MAX_QUORUM = 1000
# Principal and alternate: one at a time per member; focal points: as many as needed.
SINGLE_KINDS = (RepresentativeKind.PRINCIPAL, RepresentativeKind.ALTERNATE)


def _record(verb: str, actor: Actor, committee: Committee, **kwargs) -> None:
    audit.record(
        action=f"coordination.committee.{verb}",
        actor=actor,
        target=committee,
        target_institution_id=committee.secretariat_id,
        **kwargs,
    )


def _ids(items) -> list[str]:
    return sorted(str(i.pk) for i in items)


# --- committees --------------------------------------------------------------------------------
def _validate_committee(values: dict, errors: dict, current: Committee | None) -> dict:
    """Validate the values sent; the rules across fields (territory, fixed quorum) are checked
    on the committee as it would be after the change."""
    out: dict = {}
    if "kind" in values:
        choice(errors, "kind", values["kind"], CommitteeKind.values)
        out["kind"] = values["kind"]
    if "name" in values:
        out["name"] = text(errors, "name", values["name"], required=True, limit=200)
    if "acronym" in values:
        acronym = text(errors, "acronym", values["acronym"], required=True, limit=20)
        if acronym and "acronym" not in errors:
            if not ACRONYM.match(acronym):
                errors["acronym"] = [
                    _("Use letters, digits and hyphens only, starting with a letter or digit.")
                ]
            else:
                taken = Committee.objects.filter(acronym__iexact=acronym)
                if current is not None:
                    taken = taken.exclude(pk=current.pk)
                if taken.exists():
                    errors["acronym"] = [_("Another committee already uses this acronym.")]
        out["acronym"] = acronym
    if "description" in values:
        out["description"] = text(errors, "description", values["description"], required=False)
    if "language" in values:
        choice(errors, "language", values["language"], [code for code, _name in LANGUAGES])
        out["language"] = values["language"]
    if "quorum_rule" in values:
        choice(errors, "quorum_rule", values["quorum_rule"], QuorumRule.values)
        out["quorum_rule"] = values["quorum_rule"]
    if "quorum_fixed" in values:
        out["quorum_fixed"] = values["quorum_fixed"]
    if "is_active" in values:
        out["is_active"] = bool(values["is_active"])
    if "departments" in values:
        departments = list(dict.fromkeys(values["departments"] or []))
        if any(not isinstance(d, Department) for d in departments):
            errors["departments"] = [_("Unknown place code.")]
        out["departments"] = departments

    kind = out.get("kind", current.kind if current else None)
    if "departments" in out:
        departments = out["departments"]
    else:
        departments = list(current.departments.all()) if current else []
    if "departments" not in errors and "kind" not in errors:
        if kind == CommitteeKind.LOCAL and not departments:
            errors["departments"] = [_("A local committee covers at least one department.")]
        elif kind != CommitteeKind.LOCAL and departments:
            errors["departments"] = [_("Only a local committee has a territory.")]
    rule = out.get("quorum_rule", current.quorum_rule if current else QuorumRule.MAJORITY)
    fixed = out.get("quorum_fixed", current.quorum_fixed if current else None)
    if "quorum_rule" not in errors:
        if rule == QuorumRule.FIXED:
            if fixed is None:
                errors["quorum_fixed"] = [_("Say how many members a fixed quorum needs.")]
            elif not 1 <= fixed <= MAX_QUORUM:
                errors["quorum_fixed"] = [
                    _("Enter a number between 1 and %(n)s.") % {"n": MAX_QUORUM}
                ]
        elif "quorum_rule" in out or "quorum_fixed" in out:
            # Only a fixed quorum keeps a number.
            out["quorum_fixed"] = None
    return out


@transaction.atomic
def committee_create(
    *,
    actor: Actor,
    kind: str,
    name: str,
    acronym: str,
    language: str,
    description: str = "",
    departments: Iterable[Department] = (),
    quorum_rule: str = QuorumRule.MAJORITY,
    quorum_fixed: int | None = None,
) -> Committee:
    """A committee whose secretariat is the actor's institution."""
    require(policies.can_create_committee(actor))
    errors: dict = {}
    values = _validate_committee(
        {
            "kind": kind,
            "name": name,
            "acronym": acronym,
            "description": description,
            "language": language,
            "departments": departments,
            "quorum_rule": quorum_rule,
            "quorum_fixed": quorum_fixed,
        },
        errors,
        None,
    )
    if errors:
        raise ValidationError(errors)
    committee = Committee.objects.create(
        secretariat_id=actor.institution_id,
        kind=values["kind"],
        name=values["name"],
        acronym=values["acronym"],
        description=values["description"],
        language=values["language"],
        quorum_rule=values["quorum_rule"],
        quorum_fixed=values["quorum_fixed"],
    )
    committee.departments.set(values["departments"])
    _record(
        "created",
        actor,
        committee,
        data={
            "kind": committee.kind,
            "quorum_rule": committee.quorum_rule,
            "departments": _ids(values["departments"]),
        },
    )
    return committee


def _committee_for_write(actor: Actor, committee: Committee) -> Committee:
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    require(policies.can_manage_committee(actor, committee))
    return committee


@transaction.atomic
def committee_update(
    *, actor: Actor, committee: Committee, version: int | None, **changes
) -> Committee:
    """Change the details sent (the secretariat only), naming the version read."""
    committee = _committee_for_write(actor, committee)
    check_version(committee, version)
    unknown = set(changes) - set(COMMITTEE_FIELDS)
    if unknown:
        raise ValueError(f"not a detail of the committee: {sorted(unknown)}")
    errors: dict = {}
    values = _validate_committee(changes, errors, committee)
    if errors:
        raise ValidationError(errors)
    changed: list[str] = []
    for field, value in values.items():
        if field == "departments":
            if _ids(committee.departments.all()) != _ids(value):
                changed.append(field)
        elif getattr(committee, field) != value:
            changed.append(field)
            setattr(committee, field, value)
    if not changed:
        return committee
    if "departments" in changed:
        committee.departments.set(values["departments"])
    bump(committee, [f for f in changed if f != "departments"])
    _record("updated", actor, committee, changed_fields=changed)
    return committee


# --- members -----------------------------------------------------------------------------------
@transaction.atomic
def member_add(
    *,
    actor: Actor,
    committee: Committee,
    institution: Institution | None,
    role: str = MemberRole.MEMBER,
    joined_on: date | None = None,
) -> CommitteeMember:
    """Add an institution to the committee (once; the secretariat is usually a member too)."""
    committee = _committee_for_write(actor, committee)
    errors: dict = {}
    if not isinstance(institution, Institution) or not institution.is_active:
        errors["institution"] = [_("Unknown institution.")]
    elif CommitteeMember.objects.filter(committee=committee, institution=institution).exists():
        errors["institution"] = [_("This institution is already a member of the committee.")]
    choice(errors, "role", role, MemberRole.values)
    day(errors, "joined_on", joined_on, required=False)
    if errors or not isinstance(institution, Institution):
        raise ValidationError(errors)
    member = CommitteeMember.objects.create(
        committee=committee, institution=institution, role=role, joined_on=joined_on
    )
    _record(
        "member_added",
        actor,
        committee,
        data={"member": str(member.pk), "institution": str(member.institution_id), "role": role},
    )
    return member


def _member_for_write(actor: Actor, member: CommitteeMember) -> CommitteeMember:
    committee = _committee_for_write(actor, member.committee)
    member = CommitteeMember.objects.select_for_update().get(pk=member.pk)
    member.committee = committee
    return member


@transaction.atomic
def member_remove(*, actor: Actor, member: CommitteeMember) -> None:
    """Remove a member institution (and its representatives), unless it still owns open
    action items of the committee."""
    member = _member_for_write(actor, member)
    committee = member.committee
    open_items = ActionItem.objects.filter(
        committee=committee,
        owner_institution_id=member.institution_id,
        status__in=OPEN_ACTION_STATUSES,
    ).count()
    if open_items:
        raise DomainError(
            _(
                "This institution still owns %(n)s open action item(s) of the committee. "
                "Have them done, cancelled or given to another institution first."
            )
            % {"n": open_items}
        )
    data = {"member": str(member.pk), "institution": str(member.institution_id)}
    member.delete()
    _record("member_removed", actor, committee, data=data)


# --- representatives ---------------------------------------------------------------------------
def _validate_representative(
    member: CommitteeMember, values: dict, errors: dict, current: Representative | None
) -> dict:
    out: dict = {}
    if "kind" in values:
        choice(errors, "kind", values["kind"], RepresentativeKind.values)
        out["kind"] = values["kind"]
    if "name" in values:
        out["name"] = text(errors, "name", values["name"], required=True, limit=200)
    if "position" in values:
        out["position"] = text(errors, "position", values["position"], required=False, limit=200)
    if "email" in values:
        email = text(errors, "email", values["email"], required=False, limit=254)
        if email and "email" not in errors:
            try:
                validate_email(email)
            except ValidationError:
                errors["email"] = [_("Enter a valid e-mail address.")]
        out["email"] = email
    if "phone" in values:
        out["phone"] = text(errors, "phone", values["phone"], required=False, limit=40)
    if "term_starts_on" in values:
        day(errors, "term_starts_on", values["term_starts_on"], future=True)
        out["term_starts_on"] = values["term_starts_on"]
    if "term_ends_on" in values:
        out["term_ends_on"] = values["term_ends_on"]

    def now(field):
        return out.get(field, getattr(current, field) if current else None)

    starts, ends, kind = now("term_starts_on"), now("term_ends_on"), now("kind")
    if starts and ends and ends < starts and "term_starts_on" not in errors:
        errors["term_ends_on"] = [_("A term cannot end before it starts.")]
    if not errors and kind in SINGLE_KINDS and starts:
        overlapping = Representative.objects.filter(member=member, kind=kind).filter(
            Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=starts)
        )
        if ends is not None:
            overlapping = overlapping.filter(term_starts_on__lte=ends)
        if current is not None:
            overlapping = overlapping.exclude(pk=current.pk)
        if overlapping.exists():
            message = (
                _("The institution already has a principal representative for these dates.")
                if kind == RepresentativeKind.PRINCIPAL
                else _("The institution already has an alternate for these dates.")
            )
            errors["term_starts_on"] = [
                message + " " + _("End the other term first, or choose other dates.")
            ]
    return out


@transaction.atomic
def representative_add(
    *,
    actor: Actor,
    member: CommitteeMember,
    kind: str,
    name: str,
    term_starts_on: date | None,
    position: str = "",
    email: str = "",
    phone: str = "",
    term_ends_on: date | None = None,
) -> Representative:
    """Someone the member institution appoints (principal, alternate or focal point) for a
    term: at most one principal and one alternate at a time."""
    member = _member_for_write(actor, member)
    errors: dict = {}
    values = _validate_representative(
        member,
        {
            "kind": kind,
            "name": name,
            "position": position,
            "email": email,
            "phone": phone,
            "term_starts_on": term_starts_on,
            "term_ends_on": term_ends_on,
        },
        errors,
        None,
    )
    if errors:
        raise ValidationError(errors)
    representative = Representative.objects.create(member=member, **values)
    _record(
        "representative_added",
        actor,
        member.committee,
        data={
            "member": str(member.pk),
            "representative": str(representative.pk),
            "kind": representative.kind,
        },
    )
    return representative


@transaction.atomic
def representative_update(
    *, actor: Actor, representative: Representative, **changes
) -> Representative:
    """Change what is sent of a representative (a new position, the end of the term...)."""
    unknown = set(changes) - set(REPRESENTATIVE_FIELDS)
    if unknown:
        raise ValueError(f"not a detail of the representative: {sorted(unknown)}")
    member = _member_for_write(actor, representative.member)
    representative = Representative.objects.select_for_update().get(pk=representative.pk)
    errors: dict = {}
    values = _validate_representative(member, changes, errors, representative)
    if errors:
        raise ValidationError(errors)
    changed = [f for f, v in values.items() if getattr(representative, f) != v]
    if not changed:
        return representative
    for field in changed:
        setattr(representative, field, values[field])
    representative.save(update_fields=[*changed, "updated_at"])
    _record(
        "representative_updated",
        actor,
        member.committee,
        changed_fields=changed,
        data={"member": str(member.pk), "representative": str(representative.pk)},
    )
    return representative


@transaction.atomic
def representative_remove(*, actor: Actor, representative: Representative) -> None:
    """Remove a representative recorded by mistake (a term that ended is ended instead)."""
    member = _member_for_write(actor, representative.member)
    data = {
        "member": str(member.pk),
        "representative": str(representative.pk),
        "kind": representative.kind,
    }
    Representative.objects.filter(pk=representative.pk).delete()
    _record("representative_removed", actor, member.committee, data=data)
