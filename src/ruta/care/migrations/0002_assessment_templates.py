"""Ship the assessment templates (data in care/data/*.json)."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"
FILES = ["needs_v1.json", "risk_v1.json"]


def load(apps, schema_editor):
    Template = apps.get_model("care", "AssessmentTemplate")
    for name in FILES:
        data = json.loads((DATA / name).read_text(encoding="utf-8"))
        Template.objects.update_or_create(
            code=data["code"],
            version=data["version"],
            defaults={
                "kind": data["kind"],
                "name": data["name"],
                "groups": data["groups"],
                "items": data["items"],
            },
        )


def unload(apps, schema_editor):
    codes = [json.loads((DATA / n).read_text(encoding="utf-8"))["code"] for n in FILES]
    apps.get_model("care", "AssessmentTemplate").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
