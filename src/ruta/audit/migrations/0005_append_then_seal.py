"""Appending and chaining become two steps (see ``audit.services``).

Every event gets an ``appended`` position (existing events: their ``seq``); ``seq``,
``prev_hash`` and ``hash`` may be empty until the sealer chains the event. Existing events keep
their place and hash in the chain, so ``ruta audit verify`` still passes over them. On
PostgreSQL the positions come from a sequence, started after the highest existing one.

Before reverting, seal every event (``ruta audit seal``): the old schema has no unsealed state.
"""

from django.db import migrations, models
from django.db.models import F

import ruta.audit.models

SEQUENCE = "audit_auditevent_appended_seq"


def backfill(apps, schema_editor):
    apps.get_model("audit", "AuditEvent").objects.update(appended=F("seq"))


def create_sequence(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE} OWNED BY audit_auditevent.appended"
    )
    schema_editor.execute(
        f"SELECT setval('{SEQUENCE}', "
        "(SELECT COALESCE(MAX(appended), 0) FROM audit_auditevent) + 1, false)"
    )


def drop_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_oversight_auditor_role")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="appended",
            field=ruta.audit.models.AppendPositionField(
                editable=False, null=True, verbose_name="append order"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="appended",
            field=ruta.audit.models.AppendPositionField(
                editable=False, unique=True, verbose_name="append order"
            ),
        ),
        migrations.RunPython(create_sequence, drop_sequence),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(
                blank=True, null=True, unique=True, verbose_name="sequence"
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64, verbose_name="previous hash"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(blank=True, max_length=64, verbose_name="hash"),
        ),
        migrations.AlterModelOptions(
            name="auditevent",
            options={
                "ordering": ["-appended"],
                "verbose_name": "audit event",
                "verbose_name_plural": "audit events",
            },
        ),
        migrations.RemoveIndex(model_name="auditevent", name="audit_inst_seq"),
        migrations.RemoveIndex(model_name="auditevent", name="audit_tinst_seq"),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["institution_id", "-appended"], name="audit_inst_appended"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                fields=["target_institution_id", "-appended"], name="audit_tinst_appended"
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                condition=models.Q(("seq__isnull", True)),
                fields=["appended"],
                name="audit_unsealed",
            ),
        ),
    ]
