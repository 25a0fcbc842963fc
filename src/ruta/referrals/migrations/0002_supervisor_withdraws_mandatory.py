"""Supervisors may withdraw a referral the law requires (with a reason)."""

from django.db import migrations

CAPABILITY = "referrals.withdraw_mandatory"


def add(apps, schema_editor):
    for role in apps.get_model("accounts", "Role").objects.filter(code="supervisor"):
        if CAPABILITY not in role.capabilities:
            role.capabilities = sorted([*role.capabilities, CAPABILITY])
            role.save(update_fields=["capabilities"])


def remove(apps, schema_editor):
    for role in apps.get_model("accounts", "Role").objects.filter(code="supervisor"):
        role.capabilities = [c for c in role.capabilities if c != CAPABILITY]
        role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial"), ("accounts", "0002_role_templates")]
    operations = [migrations.RunPython(add, remove)]
