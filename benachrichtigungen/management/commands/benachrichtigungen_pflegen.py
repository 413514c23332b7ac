from django.core.management.base import BaseCommand

from benachrichtigungen import services


class Command(BaseCommand):
    help = (
        "Löscht nicht bestätigte Adressen nach 48 Stunden und reiht liegengebliebene E-Mails "
        "ein; mit --wochenuebersicht auch die wöchentlichen Zusammenfassungen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wochenuebersicht", action="store_true")

    def handle(self, *args, wochenuebersicht=False, **options):
        geloescht = services.unbestaetigte_loeschen()
        self.stdout.write(f"{geloescht} nicht bestätigte Adressen gelöscht.")
        anzahl = services.wochenuebersichten_einreihen(woechentliche=wochenuebersicht)
        self.stdout.write(f"{anzahl} Adressen mit wartenden Benachrichtigungen eingereiht.")
