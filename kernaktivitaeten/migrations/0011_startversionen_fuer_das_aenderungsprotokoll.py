"""Starting versions in the audit history for the objects the public change log reads
(Zielsystem goals, Kernaktivitäten, Kennzahlen) that have no history yet, e.g. loaded from
fixtures. Without them, the first real change of such an object would have no "before" and
could not appear in the change log. Reverse: nothing to undo (the versions are history).
"""

from django.db import migrations
from django.utils import timezone

QUELLEN = [
    ("zielsystem", "Kompetenz"),
    ("zielsystem", "StrategischesZiel"),
    ("zielsystem", "Schwerpunkt"),
    ("zielsystem", "ProgrammatischesZiel"),
    ("kernaktivitaeten", "Kernaktivitaet"),
    ("kernaktivitaeten", "Kennzahl"),
]


def startversionen(apps, schema_editor):
    jetzt = timezone.now()
    for app, name in QUELLEN:
        modell = apps.get_model(app, name)
        history = apps.get_model(app, f"Historical{name}")
        felder = [f.attname for f in modell._meta.concrete_fields]
        ohne = modell.objects.exclude(pk__in=history.objects.values("id")).order_by("pk")
        neue = [
            history(
                **{feld: getattr(objekt, feld) for feld in felder},
                history_date=jetzt,
                history_type="+",
                history_change_reason="",
            )
            for objekt in ohne.iterator(chunk_size=1000)
        ]
        history.objects.bulk_create(neue, batch_size=1000)
        if name == "Kernaktivitaet" and neue:
            # Their Schwerpunkte as they are now, so a later change has a "before".
            through = apps.get_model(app, "HistoricalKernaktivitaet_schwerpunkte")
            zu_history = {
                h.id: h
                for h in history.objects.filter(history_date=jetzt, history_type="+")
            }
            verbindung = modell.schwerpunkte.through
            through.objects.bulk_create(
                [
                    through(kernaktivitaet_id=a, schwerpunkt_id=b, history=zu_history[a])
                    for a, b in verbindung.objects.filter(
                        kernaktivitaet_id__in=list(zu_history)
                    ).values_list("kernaktivitaet_id", "schwerpunkt_id")
                ],
                batch_size=1000,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("kernaktivitaeten", "0010_basisplan_aus_der_historie"),
        ("zielsystem", "0004_historie_der_zieltexte"),
    ]

    operations = [migrations.RunPython(startversionen, migrations.RunPython.noop)]
