"""The registry of capabilities. Roles are sets of these codes; policies test them.

A capability names what a person may do (``<app>.<verb>``), never who they are. Codes are
stable: roles store them as data, so renaming one needs a data migration.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Capability:
    code: str
    label: Promise
    group: Promise
    # Platform capabilities act across institutions (managing institutions, role templates,
    # every institution's audit trail); they never reach case content.
    platform: bool = False


_ADMIN = _("Administration")
_PROTECTION = _("Protection")
_PROSECUTION = _("Prosecution")
_PREVENTION = _("Prevention")
_PARTNERSHIP = _("Partnership")
_STATISTICS = _("Statistics")

CAPABILITIES: tuple[Capability, ...] = (
    # Administration
    Capability("accounts.manage_users", _("Manage the institution's users"), _ADMIN),
    Capability(
        "accounts.manage_all_users",
        _("Manage users of every institution (appoint administrators)"),
        _ADMIN,
        platform=True,
    ),
    Capability("institutions.edit_own", _("Edit the institution's units and contacts"), _ADMIN),
    Capability("institutions.manage", _("Create and edit institutions"), _ADMIN, platform=True),
    Capability("roles.manage", _("Edit role templates"), _ADMIN, platform=True),
    Capability("audit.view", _("Search the institution's audit trail"), _ADMIN),
    Capability("audit.view_all", _("Search every institution's audit trail"), _ADMIN, True),
    Capability("codelists.manage", _("Edit the code lists (offences, time limits)"), _ADMIN, True),
    # Protection
    Capability("intake.receive", _("Receive reports"), _PROTECTION),
    Capability("intake.triage", _("Triage reports"), _PROTECTION),
    Capability("screening.perform", _("Screen with trafficking indicators"), _PROTECTION),
    Capability("identification.decide", _("Decide identification status"), _PROTECTION),
    Capability("cases.view", _("View cases"), _PROTECTION),
    Capability("cases.create", _("Open cases"), _PROTECTION),
    Capability("cases.edit", _("Work on cases"), _PROTECTION),
    Capability("cases.assign", _("Assign cases"), _PROTECTION),
    Capability("cases.request_closure", _("Request the closure of a case"), _PROTECTION),
    Capability("cases.approve_closure", _("Approve or reject closures"), _PROTECTION),
    Capability("referrals.send", _("Send referrals"), _PROTECTION),
    Capability("referrals.respond", _("Accept or decline referrals"), _PROTECTION),
    Capability("referrals.withdraw_mandatory", _("Withdraw a mandatory referral"), _PROTECTION),
    Capability("consent.override", _("Override missing consent with a reason"), _PROTECTION),
    Capability("exports.personal_data", _("Export personal data"), _PROTECTION),
    Capability("people.merge", _("Review possible duplicate persons and merge them"), _PROTECTION),
    # Prosecution
    Capability("prosecution.view", _("View criminal files"), _PROSECUTION),
    Capability("prosecution.edit", _("Work on criminal files"), _PROSECUTION),
    # Prevention
    Capability("prevention.view", _("View trainings and campaigns"), _PREVENTION),
    Capability("prevention.manage", _("Manage trainings and campaigns"), _PREVENTION),
    Capability("inspections.record", _("Record labour inspections"), _PREVENTION),
    # Partnership
    Capability("coordination.view", _("View committees and agreements"), _PARTNERSHIP),
    Capability("coordination.manage", _("Manage committees, meetings and actions"), _PARTNERSHIP),
    Capability(
        "coordination.update_actions",
        _("Report progress on the institution's action items"),
        _PARTNERSHIP,
    ),
    Capability("results.view", _("View the results framework"), _PARTNERSHIP),
    Capability("results.manage", _("Record targets and measurements"), _PARTNERSHIP),
    Capability(
        "returns.submit", _("Fill and submit the institution's periodic returns"), _PARTNERSHIP
    ),
    Capability(
        "returns.review", _("Approve periodic returns or return them for correction"), _PARTNERSHIP
    ),
    # Statistics
    Capability("reporting.view_aggregates", _("View statistics dashboards"), _STATISTICS),
    Capability("reporting.publish", _("Publish statistics"), _STATISTICS),
)

BY_CODE: dict[str, Capability] = {c.code: c for c in CAPABILITIES}
PLATFORM_CODES: frozenset[str] = frozenset(c.code for c in CAPABILITIES if c.platform)


def unknown_codes(codes: list[str] | set[str] | tuple[str, ...]) -> list[str]:
    """Codes that are not in the registry, in the order given."""
    return [code for code in codes if code not in BY_CODE]


def choices() -> list[tuple[str, Promise]]:
    return [(c.code, c.label) for c in CAPABILITIES]
