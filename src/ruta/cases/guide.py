"""The guided case page: the case's stage, its flags, the next step the policies allow, and
the menu of its sections. Pure functions over what the page has already loaded (the case, its
policies' answers and the cards other apps add through ``ruta.core.registry.case_panels``):
they make no query and hold no rule of access of their own, they ask ``policies``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ruta.cases import policies
from ruta.cases.models import Case
from ruta.core.actor import Actor


@dataclass(frozen=True)
class Step:
    """A thing to do next on the case: ``code`` names it (for tests and the page), ``label``
    says it in the reader's language, ``url`` leads to where it is done."""

    code: str
    label: str
    url: str


@dataclass(frozen=True)
class Flag:
    code: str  # child, urgent, overdue, consent_missing
    label: str
    tone: str  # the badge's style: danger, warn


@dataclass(frozen=True)
class Count:
    label: str
    value: int
    url: str


@dataclass(frozen=True)
class MenuEntry:
    anchor: str
    label: str


def _case_url(case: Case, anchor: str) -> str:
    return reverse("cases:case-detail", kwargs={"case_id": case.pk}) + f"#{anchor}"


def next_step(
    actor: Actor,
    case: Case,
    panels: Iterable[Mapping[str, Any]] = (),
    *,
    assistance_consent: bool,
    screened: bool,
) -> Step | None:
    """The first thing the case still lacks, in the order the work goes, among the steps the
    actor may take: first contact, consent to assistance, screening, the identification
    decision, then the cards' own next steps (care: assess, plan). None on a closed case, and
    for a reader the case was only shared with (the work is the owner's)."""
    if case.is_closed or not policies.owns(actor, case):
        return None
    actions = policies.case_actions(actor, case)
    if case.first_contact_at is None and actions["edit"]:
        return Step("first_contact", _("Record first contact"), _case_url(case, "overview"))
    if not assistance_consent and actions["record_consent"]:
        return Step("consent", _("Record consent"), _case_url(case, "consent"))
    if not screened and actions["screen"]:
        return Step(
            "screen", _("Screen"), reverse("cases:case-screening", kwargs={"case_id": case.pk})
        )
    if not _has_identification(case) and actions["identify"]:
        return Step("identify", _("Decide identification"), _case_url(case, "identification"))
    for panel in panels:
        step = panel.get("next_step")
        if step:
            return Step(step["code"], str(step["label"]), step["url"])
    return None


def _has_identification(case: Case) -> bool:
    return bool(case.identifications.all())  # prefetched by the case page's selector


def stage(case: Case, *, owner: bool, step: Step | None) -> str:
    """Where the case stands, in a word or two: its status once closed or asked to close;
    for the owner, the step it waits on; else its status."""
    if case.is_closed:
        return case.get_status_display()
    if case.closure_pending:
        return _("Closure requested")
    if not owner or step is None:
        return case.get_status_display()
    return {
        "first_contact": _("First contact"),
        "consent": _("Consent"),
        "screen": _("Screening"),
        "identify": _("Identification"),
        "assess": _("Assessment"),
        "plan": _("Care planning"),
    }.get(step.code, case.get_status_display())


def flags(
    case: Case,
    *,
    owner: bool,
    assistance_consent: bool,
    tasks: Iterable[Any] = (),
    panels: Iterable[Mapping[str, Any]] = (),
    now: datetime,
) -> list[Flag]:
    """The case's warnings. Every reader sees that it is a child's; urgency (the report's
    imminent danger), lateness (tasks, the cards' own) and missing consent are the owner's."""
    found = []
    if case.is_child:
        found.append(Flag("child", _("Child"), "danger"))
    if not owner:
        return found
    if case.report is not None and case.report.imminent_danger and not case.is_closed:
        found.append(Flag("urgent", _("Urgent"), "danger"))
    late_task = any(t.done_at is None and t.due_at < now for t in tasks)
    if not case.is_closed and (late_task or any(p.get("overdue") for p in panels)):
        found.append(Flag("overdue", _("Overdue"), "danger"))
    if not assistance_consent and not case.is_closed:
        found.append(Flag("consent_missing", _("Consent missing"), "warn"))
    return found


def menu(
    *,
    owner: bool,
    show_identity: bool,
    show_facts: bool,
    panels: Iterable[Mapping[str, Any]] = (),
) -> list[MenuEntry]:
    """The sections the page shows the reader, in order; a card another app adds names its
    own (``section`` in its dict). A shared reader's menu lists only what the grant shows."""
    # The owner reads the identity on the person's page, linked from the header; a reader
    # the identity was shared with reads it here, beside the summary.
    shared_identity = show_identity and not owner
    entries = [MenuEntry("overview", _("Identity") if shared_identity else _("Summary"))]
    if owner:
        entries.append(MenuEntry("tasks", _("Tasks")))
        entries.append(MenuEntry("identification", _("Screening and identification")))
    else:
        entries.append(MenuEntry("identification", _("Identification")))
    if show_facts:
        entries.append(MenuEntry("facts", _("Facts of exploitation")))
    if owner:
        entries.append(MenuEntry("consent", _("Consent")))
    for panel in panels:
        section = panel.get("section")
        if section:
            entries.append(MenuEntry(section["id"], str(section["label"])))
    entries.append(MenuEntry("notes", _("Notes and files")))
    if owner:
        entries.append(MenuEntry("timeline", _("Timeline")))
        entries.append(MenuEntry("closure", _("Closure")))
    return entries


def counts(
    case: Case,
    *,
    open_tasks: int | None,
    notes: int,
    files: int,
    panels: Iterable[Mapping[str, Any]] = (),
) -> list[Count]:
    """Numbers for the header, each a link to its list: tasks (the owner's), the notes and
    files the reader may read, and the cards' own counts (``count`` in a card's dict)."""
    found = []
    if open_tasks is not None:
        found.append(Count(_("Open tasks"), open_tasks, _case_url(case, "tasks")))
    found.append(Count(_("Notes"), notes, _case_url(case, "notes")))
    found.append(Count(_("Files"), files, _case_url(case, "notes")))
    found.extend(
        Count(str(item["label"]), item["value"], item["url"])
        for panel in panels
        for item in panel.get("counts", ())
    )
    return found
