"""Imports or updates council decisions from an OParl 1.1 endpoint or a saved JSON file."""

from django.core.management.base import BaseCommand, CommandError

from kernaktivitaeten.beschluesse.oparl import OParlFehler, oparl_importieren, quelle_pruefen


class Command(BaseCommand):
    help = (
        "Importiert Beschlüsse (Vorlagen) aus einem OParl-1.1-Endpunkt (Adresse eines System, "
        "Body, einer Paper-Liste oder eines Paper) oder einer gespeicherten JSON-Datei."
    )

    def add_arguments(self, parser):
        parser.add_argument("quelle", help="Adresse (http/https) oder Pfad einer JSON-Datei")
        parser.add_argument(
            "--probelauf", action="store_true", help="nur zeigen, was sich ändern würde"
        )
        parser.add_argument(
            "--nur-bekannte",
            action="store_true",
            help="nur Beschlüsse aktualisieren, die schon im Register stehen",
        )

    def handle(self, *args, quelle, probelauf, nur_bekannte, **options):
        try:
            ergebnis = oparl_importieren(
                quelle=quelle_pruefen(quelle), trocken=probelauf, nur_bekannte=nur_bekannte
            )
        except OParlFehler as fehler:
            raise CommandError(f"OParl-Import abgebrochen, nichts gespeichert: {fehler}") from None
        for v in ergebnis.vorgaenge:
            details = v.hinweis or ", ".join(v.felder)
            self.stdout.write(f"{v.vorlagennummer or '–'}\t{v.aktion}\t{v.oparl_id}\t{details}")
        self.stdout.write(self.style.SUCCESS(ergebnis.zusammenfassung()))
