"""Adds to the public change log what the audit history gained outside the back office
(imports, loaded facts, the shell). The back office does this after every write itself."""

from django.core.management.base import BaseCommand

from kernaktivitaeten.aenderungen import protokoll_nachtragen


class Command(BaseCommand):
    help = "Übernimmt neue Einträge der Änderungshistorie ins öffentliche Änderungsprotokoll."

    def handle(self, *args, **options):
        anzahl = protokoll_nachtragen()
        self.stdout.write(f"{anzahl} neue Einträge im Änderungsprotokoll.")
