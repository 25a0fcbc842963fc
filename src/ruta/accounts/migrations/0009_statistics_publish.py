"""Statistics releases (issue 14): the commission's technical secretariat (the committee
secretary) publishes the releases the analysts prepare. Only the shipped template is
changed, and only by adding what it lacks."""

from django.db import migrations

ADD = {"committee_secretary": ["reporting.publish"]}


def add(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, caps in ADD.items():
        role = Role.objects.filter(code=code).first()
        if role is None:
            continue
        role.capabilities = sorted(set(role.capabilities) | set(caps))
        role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_people_merge")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
