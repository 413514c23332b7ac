"""Writes the Fortschrittsbericht of all data (Referat view, internal columns included).

manage.py fortschrittsbericht --format xlsx|pdf|csv|json [--ausgabe PFAD]
    [--kompetenz SLUG] [--zeitraum ID] [--phase PHASE] [--ohne-intern]
"""

import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kernaktivitaeten.exporte.ausgabe import (
    FORMATE,
    bericht_dateiname,
    fortschrittsbericht_schreiben,
)
from kernaktivitaeten.exporte.fortschritt import Auswahl, Zugriff, standard_zeitraum
from kernaktivitaeten.models import Berichtszeitraum, Phase
from zielsystem.models import Kompetenz


class Command(BaseCommand):
    help = (
        "Schreibt den Fortschrittsbericht aller Kernaktivitäten als Excel, PDF, CSV oder JSON "
        "(mit internen Angaben, außer mit --ohne-intern)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=list(FORMATE), default="xlsx", help="Dateiformat.")
        parser.add_argument(
            "--ausgabe",
            help="Zieldatei; ohne Angabe z. B. fortschrittsbericht-2026-11-29.xlsx im "
            "aktuellen Verzeichnis, „-“ schreibt auf die Standardausgabe.",
        )
        parser.add_argument(
            "--kompetenz", help="Nur diese Kompetenz (Kurzname, z. B. hotspot-der-live-kultur)."
        )
        parser.add_argument("--zeitraum", help="ID des Berichtszeitraums (Standard: der aktuelle).")
        parser.add_argument(
            "--phase", choices=Phase.values, help="Nur Kernaktivitäten dieser Phase."
        )
        parser.add_argument(
            "--ohne-intern",
            action="store_true",
            help="Ohne Ampel, nächste Schritte, Risiken und Unterstützungsbedarf.",
        )

    def handle(self, *args, format, ausgabe, kompetenz, zeitraum, phase, ohne_intern, **options):
        auswahl = Auswahl(
            zugriff=Zugriff.vollstaendig(intern=not ohne_intern),
            kompetenz=self._kompetenz(kompetenz),
            zeitraum=self._zeitraum(zeitraum),
            phase=phase or "",
        )
        if ausgabe == "-":
            fortschrittsbericht_schreiben(auswahl, format, sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return
        ziel = Path(ausgabe or bericht_dateiname(auswahl, format))
        if not ziel.parent.is_dir():
            raise CommandError(f"--ausgabe: das Verzeichnis {ziel.parent} gibt es nicht.")
        # Written next to the target and renamed at the end: never a half-written report.
        # mkstemp's mode 0600 stays: the report may contain internal fields.
        handle, vorlaeufig = tempfile.mkstemp(dir=ziel.parent, prefix=".fortschrittsbericht-")
        try:
            with os.fdopen(handle, "wb") as datei:
                fortschrittsbericht_schreiben(auswahl, format, datei)
            os.replace(vorlaeufig, ziel)
        except BaseException:
            Path(vorlaeufig).unlink(missing_ok=True)
            raise
        anzahl = auswahl.projekte().count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Fortschrittsbericht geschrieben: {ziel} ({anzahl} Kernaktivitäten, "
                f"{ziel.stat().st_size // 1024} KB)."
            )
        )

    def _kompetenz(self, slug):
        if not slug:
            return None
        try:
            return Kompetenz.objects.get(slug=slug)
        except Kompetenz.DoesNotExist:
            bekannte = ", ".join(Kompetenz.objects.values_list("slug", flat=True))
            raise CommandError(
                f"--kompetenz: „{slug}“ gibt es nicht. Bekannt sind: {bekannte}."
            ) from None

    def _zeitraum(self, kennung):
        if not kennung:
            return standard_zeitraum()
        try:
            return Berichtszeitraum.objects.get(pk=int(kennung))
        except (ValueError, Berichtszeitraum.DoesNotExist):
            bekannte = ", ".join(
                f"{z.pk} ({z.name})" for z in Berichtszeitraum.objects.order_by("-ende")
            )
            raise CommandError(
                f"--zeitraum: „{kennung}“ ist kein Berichtszeitraum. Bekannt sind: {bekannte or 'keine'}."
            ) from None
