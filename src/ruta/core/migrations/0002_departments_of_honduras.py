import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "hn_departments.csv"


def load(apps, schema_editor):
    Department = apps.get_model("core", "Department")
    with CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            Department.objects.update_or_create(
                code=row["code"], defaults={"name": row["name"], "country": "HN"}
            )


def unload(apps, schema_editor):
    apps.get_model("core", "Department").objects.filter(country="HN").delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
