"""Prosecutors and police investigators record the identity of suspects and of victims known
only to the file, and investigators own the files of a police investigation unit; the
platform administrator edits the code lists. Only the shipped templates are changed, and only
by adding what they lack."""

from django.db import migrations

ADD = {
    "prosecutor": (["prosecution.edit"], ["identity"]),
    "investigator": (["prosecution.edit"], ["identity"]),
    # The platform administrator keeps the code lists (penal code articles, time limits).
    "platform_admin": (["codelists.manage"], []),
}


def add(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, (caps, write) in ADD.items():
        role = Role.objects.filter(code=code).first()
        if role is None:
            continue
        role.capabilities = sorted(set(role.capabilities) | set(caps))
        role.write_sensitivities = sorted(set(role.write_sensitivities) | set(write))
        role.save(update_fields=["capabilities", "write_sensitivities"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_membership_territories")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
