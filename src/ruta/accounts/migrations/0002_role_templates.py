"""The shipped role templates. Platform administrators may edit them afterwards."""

from django.db import migrations

ALL = ["identity", "contact", "facts", "health", "legal"]
CASE_WORK = ["identity", "contact", "facts", "health"]
FIELD = ["identity", "contact", "facts"]

TEMPLATES = {
    "hotline_operator": (["intake.receive"], "own", FIELD, FIELD),
    "eri_coordinator": (
        [
            "intake.receive", "intake.triage", "screening.perform", "identification.decide",
            "cases.view", "cases.create", "cases.edit", "cases.assign", "referrals.send",
            "referrals.respond", "reporting.view_aggregates",
        ],
        "institution", ALL, ALL,
    ),
    "case_worker": (
        [
            "intake.receive", "screening.perform", "cases.view", "cases.create", "cases.edit",
            "cases.request_closure", "referrals.send",
        ],
        "own", CASE_WORK, CASE_WORK,
    ),
    "supervisor": (
        [
            "intake.triage", "identification.decide", "cases.view", "cases.edit", "cases.assign",
            "cases.request_closure", "cases.approve_closure", "referrals.send",
            "referrals.respond", "consent.override", "reporting.view_aggregates",
        ],
        "unit", ALL, ALL,
    ),
    "prosecutor": (
        ["prosecution.view", "prosecution.edit", "cases.view", "referrals.respond"],
        "institution", ["identity", "contact", "facts", "legal"], ["facts", "legal"],
    ),
    "investigator": (
        ["prosecution.view", "intake.receive", "cases.view"], "own", FIELD, ["facts"],
    ),
    "labour_inspector": (["inspections.record", "intake.receive"], "own", FIELD, FIELD),
    "trainer": (["prevention.view", "prevention.manage"], "institution", [], []),
    "committee_secretary": (
        ["coordination.view", "coordination.manage", "reporting.view_aggregates"],
        "territory", [], [],
    ),
    "me_analyst": (
        [
            "results.view", "results.manage", "reporting.view_aggregates", "prevention.view",
            "coordination.view",
        ],
        "aggregate", [], [],
    ),
    "institution_admin": (
        ["accounts.manage_users", "institutions.edit_own"], "institution", [], [],
    ),
    "auditor": (["audit.view"], "institution", [], []),
    "platform_admin": (
        ["institutions.manage", "roles.manage", "accounts.manage_all_users"],
        "aggregate", [], [],
    ),
}


def create(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, (caps, scope, read, write) in TEMPLATES.items():
        Role.objects.update_or_create(
            code=code,
            defaults={
                "capabilities": sorted(caps),
                "scope": scope,
                "read_sensitivities": sorted(read),
                "write_sensitivities": sorted(write),
            },
        )


def remove(apps, schema_editor):
    apps.get_model("accounts", "Role").objects.filter(code__in=TEMPLATES).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
