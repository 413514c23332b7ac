"""Existing Ratsbeschlüsse (the former "Tranche" records) become Beschlüsse of the register:
every row and every link from a Kernaktivität stays as it is (same table, same keys); the new
``jahr`` is taken from a known date, and each row gets a first audit entry so its history
starts with the migrated state. Nothing else is filled: what no source states stays empty."""

from django.db import migrations
from django.utils import timezone


def jahr_und_historie(apps, schema_editor):
    Ratsbeschluss = apps.get_model("kernaktivitaeten", "Ratsbeschluss")
    Historie = apps.get_model("kernaktivitaeten", "HistoricalRatsbeschluss")
    jetzt = timezone.now()
    for beschluss in Ratsbeschluss.objects.all().order_by("pk"):
        if beschluss.datum and not beschluss.jahr:
            beschluss.jahr = beschluss.datum.year
            beschluss.save(update_fields=["jahr"])
        felder = {
            f.attname: getattr(beschluss, f.attname)
            for f in Ratsbeschluss._meta.concrete_fields
        }
        Historie.objects.create(
            **felder,
            history_date=jetzt,
            history_type="+",
            history_change_reason="Übernommen aus dem bisherigen Ratsbeschluss (Tranche)",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("kernaktivitaeten", "0009_beschlussregister"),
    ]

    operations = [
        migrations.RunPython(jahr_und_historie, migrations.RunPython.noop),
    ]
