"""The navigation: each entry names the policy that decides whether the actor sees it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ruta.accounts.policies import can_list_users, can_manage_roles
from ruta.audit.policies import can_view_audit
from ruta.cases.policies import can_list_cases
from ruta.coordination.policies import can_use_coordination
from ruta.core.actor import Actor
from ruta.intake.policies import can_list_reports
from ruta.people.policies import can_search_persons
from ruta.prevention.policies import can_record_inspection, can_use_prevention
from ruta.prosecution.policies import can_list_files, can_manage_code_lists
from ruta.referrals.policies import can_list_referrals
from ruta.reporting.policies import can_view_statistics
from ruta.results.policies import can_use_results, can_use_returns


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    visible: Callable[[Actor], bool]
    section: str  # the first path segment that marks the item as current


NAV_ITEMS = (
    NavItem(_("Home"), "web:home", lambda actor: True, ""),
    NavItem(_("Reports"), "intake:report-queue", can_list_reports, "intake"),
    NavItem(_("Cases"), "cases:case-list", can_list_cases, "cases"),
    NavItem(_("Referrals"), "referrals:referral-list", can_list_referrals, "referrals"),
    NavItem(_("Criminal files"), "prosecution:file-list", can_list_files, "prosecution"),
    # slice outreach: the labour inspectorate's inspections.
    NavItem(
        _("Inspections"),
        "prevention:inspection-list",
        can_record_inspection,
        "prevention/inspections",
    ),
    NavItem(_("Trainings"), "prevention:home", can_use_prevention, "prevention"),
    NavItem(
        _("Committees"),
        "coordination:committee-list",
        can_use_coordination,
        "coordination",
    ),
    NavItem(_("Results"), "results:framework-list", can_use_results, "results/frameworks"),
    NavItem(_("Returns"), "results:return-list", can_use_returns, "results/returns"),
    NavItem(_("Statistics"), "reporting:dashboard", can_view_statistics, "statistics"),
    NavItem(_("Persons"), "people:person-search", can_search_persons, "people"),
    NavItem(_("Institutions"), "institutions:institution-list", lambda actor: True, "institutions"),
    NavItem(_("Users"), "accounts:user-list", can_list_users, "accounts/users"),
    NavItem(_("Roles"), "accounts:role-list", can_manage_roles, "accounts/roles"),
    NavItem(
        _("Code lists"), "prosecution:code-lists", can_manage_code_lists, "prosecution/code-lists"
    ),
    NavItem(_("Audit trail"), "audit:event-list", can_view_audit, "audit"),
)


def items_for(actor: Actor | None, path: str) -> list[dict]:
    if actor is None:
        return []
    items = []
    for item in NAV_ITEMS:
        if not item.visible(actor):
            continue
        url = reverse(item.url_name)
        current = path == url if not item.section else path.startswith(f"/{item.section}")
        items.append({"label": item.label, "url": url, "current": current})
    return items
