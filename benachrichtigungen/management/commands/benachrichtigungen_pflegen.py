from django.core.management.base import BaseCommand

from benachrichtigungen import services


class Command(BaseCommand):
    help = (
        "Löscht nicht bestätigte Adressen nach 48 Stunden; mit --wochenuebersicht reiht es "
        "außerdem die wöchentlichen Zusammenfassungen (und liegengebliebene E-Mails) ein."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wochenuebersicht", action="store_true")

    def handle(self, *args, wochenuebersicht=False, **options):
        geloescht = services.unbestaetigte_loeschen()
        self.stdout.write(f"{geloescht} nicht bestätigte Adressen gelöscht.")
        if wochenuebersicht:
            anzahl = services.wochenuebersichten_einreihen()
            self.stdout.write(f"{anzahl} Zusammenfassungen eingereiht.")
