"""Ship the screening instruments (data in cases/data/*.json)."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"
FILES = [
    "ilo_forced_labour_11.json",
    "ilo_ec_operational_adults.json",
    "ilo_ec_operational_children.json",
]


def load(apps, schema_editor):
    Instrument = apps.get_model("cases", "ScreeningInstrument")
    for name in FILES:
        data = json.loads((DATA / name).read_text(encoding="utf-8"))
        Instrument.objects.update_or_create(
            code=data["code"],
            version=data["version"],
            defaults={
                "audience": data["audience"],
                "name": data["name"],
                "rule": data["rule"],
                "questions": data["questions"],
            },
        )


def unload(apps, schema_editor):
    codes = [json.loads((DATA / n).read_text(encoding="utf-8"))["code"] for n in FILES]
    apps.get_model("cases", "ScreeningInstrument").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_screening")]
    operations = [migrations.RunPython(load, unload)]
