"""Load the competency frameworks shipped with Ruta (data/competency_frameworks/*.json) as
frameworks without an owner: read-only; a training institution copies one to edit it.
Loading again only adds what is missing."""

from django.db import migrations

from ruta.prevention import frameworks


def load(apps, schema_editor):
    Framework = apps.get_model("prevention", "CompetencyFramework")
    Competency = apps.get_model("prevention", "Competency")
    Indicator = apps.get_model("prevention", "BehaviouralIndicator")
    for entry in frameworks.shipped():
        framework, _ = Framework.objects.get_or_create(
            code=entry["code"],
            defaults={
                "institution": None,
                "labels": entry["labels"],
                "descriptions": entry.get("descriptions", {}),
            },
        )
        for position, item in enumerate(entry["competencies"], start=1):
            competency, _ = Competency.objects.get_or_create(
                framework=framework,
                code=item["code"],
                defaults={"labels": item["labels"], "position": position},
            )
            for number, indicator in enumerate(item["indicators"], start=1):
                Indicator.objects.get_or_create(
                    competency=competency,
                    code=indicator["code"],
                    defaults={"labels": indicator["labels"], "position": number},
                )


def unload(apps, schema_editor):
    Framework = apps.get_model("prevention", "CompetencyFramework")
    codes = [entry["code"] for entry in frameworks.shipped()]
    Framework.objects.filter(code__in=codes, institution=None).delete()


class Migration(migrations.Migration):
    dependencies = [("prevention", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
