"""Batch linkage (issue 15): the response team's coordinator and the supervisor review the
possible duplicate persons of their institution and merge them. Only the shipped templates
are changed, and only by adding what they lack."""

from django.db import migrations

ADD = {"eri_coordinator": ["people.merge"], "supervisor": ["people.merge"]}


def add(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, caps in ADD.items():
        role = Role.objects.filter(code=code).first()
        if role is None:
            continue
        role.capabilities = sorted(set(role.capabilities) | set(caps))
        role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_partnership_roles")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
