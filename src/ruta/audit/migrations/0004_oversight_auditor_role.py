"""A shipped role template for national oversight of the audit trail.

``audit.view_all`` is a platform capability: only platform administrators assign the role, so
no institution can grant itself a view of the others' trails.
"""

from django.db import migrations

CODE = "oversight_auditor"


def create(apps, schema_editor):
    apps.get_model("accounts", "Role").objects.update_or_create(
        code=CODE,
        defaults={
            "capabilities": ["audit.view_all"],
            "scope": "institution",
            "read_sensitivities": [],
            "write_sensitivities": [],
        },
    )


def remove(apps, schema_editor):
    apps.get_model("accounts", "Role").objects.filter(code=CODE, memberships__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_event_institutions"), ("accounts", "0002_role_templates")]
    operations = [migrations.RunPython(create, remove)]
