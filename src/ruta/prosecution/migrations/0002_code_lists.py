"""Load the shipped code lists (data/*.json). The platform administrator edits them
afterwards; loading again only adds what is missing."""

from django.db import migrations

from ruta.prosecution import codelists


def load(apps, schema_editor):
    Offence = apps.get_model("prosecution", "Offence")
    Aggravating = apps.get_model("prosecution", "AggravatingCircumstance")
    Role = apps.get_model("prosecution", "PerpetratorRole")
    Limit = apps.get_model("prosecution", "StageTimeLimit")
    for entry in codelists.load("offences"):
        Offence.objects.get_or_create(
            code=entry["code"],
            defaults={
                "labels": entry["labels"],
                "classification": entry["classification"],
                "article": entry.get("article", ""),
                "law": entry.get("law", ""),
            },
        )
    for entry in codelists.load("aggravating"):
        Aggravating.objects.get_or_create(
            code=entry["code"],
            defaults={"labels": entry["labels"], "article": entry.get("article", "")},
        )
    for entry in codelists.load("perpetrator_roles"):
        Role.objects.get_or_create(code=entry["code"], defaults={"labels": entry["labels"]})
    for entry in codelists.load("stage_time_limits"):
        Limit.objects.get_or_create(
            stage=entry["code"], defaults={"days": entry["days"], "basis": entry["basis"][:300]}
        )


class Migration(migrations.Migration):
    dependencies = [("prosecution", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
