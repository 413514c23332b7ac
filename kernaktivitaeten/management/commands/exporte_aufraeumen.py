from django.core.management.base import BaseCommand

from kernaktivitaeten.exporte.auftraege import exporte_aufraeumen


class Command(BaseCommand):
    help = (
        "Löscht die Dateien von Exportaufträgen nach Ablauf der Aufbewahrungszeit "
        "(EXPORT_AUFBEWAHRUNG_TAGE), liegengebliebene halbfertige Dateien und die Dateien "
        "gelöschter Aufträge."
    )

    def handle(self, *args, **options):
        anzahl = exporte_aufraeumen()
        self.stdout.write(f"{anzahl} abgelaufene Exporte gelöscht.")
