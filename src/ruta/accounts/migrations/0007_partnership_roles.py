"""Partnership: the institutions' leads see the committees their institution sits on and
report progress on its action items, and fill its periodic returns; the committee secretary
reads the results framework its committee follows and reviews returns. Only the shipped
templates are changed, and only by adding what they lack."""

from django.db import migrations

COORDINATION = ["coordination.view", "coordination.update_actions"]
ADD = {
    "eri_coordinator": [*COORDINATION, "returns.submit"],
    "supervisor": [*COORDINATION, "returns.submit"],
    "prosecutor": [*COORDINATION, "returns.submit"],
    "investigator": ["returns.submit"],
    "trainer": [*COORDINATION, "returns.submit"],
    "committee_secretary": ["coordination.update_actions", "results.view", "returns.review"],
}


def add(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, caps in ADD.items():
        role = Role.objects.filter(code=code).first()
        if role is None:
            continue
        role.capabilities = sorted(set(role.capabilities) | set(caps))
        role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_prosecution_roles")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
