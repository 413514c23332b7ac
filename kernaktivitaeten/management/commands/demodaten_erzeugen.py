"""Generates demo Kernaktivitäten (flagged and labelled "Beispieldaten")."""

from django.core.management.base import BaseCommand, CommandError

from bochum_strategie.lib.seitencache import datenstand_erhoehen
from kernaktivitaeten.demodaten import demodaten_erzeugen
from kernaktivitaeten.models import Kernaktivitaet, Organisation, Ratsbeschluss, Statusbericht
from kernaktivitaeten.suchindex import suchindex_aktualisieren

ZIEL_GESAMT = 125  # about 125 Kernaktivitäten by 2030 (5 × 5 × 5)


class Command(BaseCommand):
    help = "Erzeugt Beispiel-Kernaktivitäten (als Beispieldaten gekennzeichnet)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--anzahl",
            type=int,
            default=None,
            help=f"Wie viele; ohne Angabe bis insgesamt {ZIEL_GESAMT} Kernaktivitäten.",
        )
        parser.add_argument("--seed", type=int, default=2030, help="Zufallsstartwert.")
        parser.add_argument(
            "--loeschen", action="store_true", help="Vorher alle Beispieldaten entfernen."
        )
        parser.add_argument(
            "--ohne-details", action="store_true", help="Ohne Meilensteine und Kennzahlen."
        )
        parser.add_argument("--ohne-berichte", action="store_true", help="Ohne Statusberichte.")

    def handle(self, *args, anzahl, seed, loeschen, ohne_details, ohne_berichte, **options):
        if anzahl is not None and anzahl < 0:
            raise CommandError("--anzahl darf nicht negativ sein.")
        if loeschen:
            Statusbericht.objects.filter(kernaktivitaet__demo=True).delete()  # PROTECTed
            geloescht = Kernaktivitaet.objects.filter(demo=True).delete()[0]
            Organisation.objects.filter(demo=True, kernaktivitaeten=None).delete()
            Ratsbeschluss.objects.filter(demo=True, kernaktivitaeten=None).delete()
            suchindex_aktualisieren()  # the vocabulary's counts
            datenstand_erhoehen()  # cached pages still show the demo banner and projects
            self.stdout.write(f"{geloescht} Beispieldatensätze entfernt.")
        if anzahl is None:
            anzahl = max(0, ZIEL_GESAMT - Kernaktivitaet.objects.count())
        try:
            erzeugt = demodaten_erzeugen(
                anzahl=anzahl,
                seed=seed,
                mit_details=not ohne_details,
                mit_berichten=not ohne_berichte,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{erzeugt} Beispiel-Kernaktivitäten erzeugt."))
