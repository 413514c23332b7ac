"""Gives the milestones and end dates of published projects a baseline (``basisplan``,
``ende_basisplan``): the earliest planned date the audit history knows.

Why the earliest: the baseline is the plan as it was first made public, and before this
migration a planned date could be edited without a trace other than the history. The oldest
history entry of a milestone (``history_id`` order breaks ties of equal timestamps) is the
first plan anyone saved; without history (e.g. loaded from fixtures) the current date is the
earliest known one. Projects that are not published keep no baseline: theirs is frozen when
they first become public (docs/decisions/0012-basisplan.md). Reverse: baselines removed.
"""

from django.db import migrations


def basisplan_setzen(apps, schema_editor):
    Meilenstein = apps.get_model("kernaktivitaeten", "Meilenstein")
    HistoricalMeilenstein = apps.get_model("kernaktivitaeten", "HistoricalMeilenstein")
    Kernaktivitaet = apps.get_model("kernaktivitaeten", "Kernaktivitaet")
    HistoricalKernaktivitaet = apps.get_model("kernaktivitaeten", "HistoricalKernaktivitaet")

    erste_plaene = {}
    for meilenstein_id, geplant in (
        HistoricalMeilenstein.objects.exclude(geplant__isnull=True)
        .order_by("-history_date", "-history_id")
        .values_list("id", "geplant")
        .iterator(chunk_size=2000)
    ):
        erste_plaene[meilenstein_id] = geplant  # newest first: the earliest one wins
    zu_speichern = []
    for meilenstein in (
        Meilenstein.objects.filter(kernaktivitaet__veroeffentlicht=True, basisplan__isnull=True)
        .only("pk", "geplant")
        .iterator(chunk_size=2000)
    ):
        meilenstein.basisplan = erste_plaene.get(meilenstein.pk, meilenstein.geplant)
        zu_speichern.append(meilenstein)
    Meilenstein.objects.bulk_update(zu_speichern, ["basisplan"], batch_size=1000)

    erste_enden = {}
    for projekt_id, ende in (
        HistoricalKernaktivitaet.objects.exclude(ende_geplant__isnull=True)
        .order_by("-history_date", "-history_id")
        .values_list("id", "ende_geplant")
        .iterator(chunk_size=2000)
    ):
        erste_enden[projekt_id] = ende
    zu_speichern = []
    for projekt in (
        Kernaktivitaet.objects.filter(veroeffentlicht=True, ende_basisplan__isnull=True)
        .only("pk", "ende_geplant")
        .iterator(chunk_size=2000)
    ):
        ende = erste_enden.get(projekt.pk, projekt.ende_geplant)
        if ende is not None:
            projekt.ende_basisplan = ende
            zu_speichern.append(projekt)
    Kernaktivitaet.objects.bulk_update(zu_speichern, ["ende_basisplan"], batch_size=1000)


def basisplan_entfernen(apps, schema_editor):
    apps.get_model("kernaktivitaeten", "Meilenstein").objects.update(basisplan=None)
    apps.get_model("kernaktivitaeten", "Kernaktivitaet").objects.update(ende_basisplan=None)


class Migration(migrations.Migration):
    dependencies = [
        ("kernaktivitaeten", "0009_basisplan_terminaenderungen_aenderungsprotokoll"),
    ]

    operations = [migrations.RunPython(basisplan_setzen, basisplan_entfernen)]
