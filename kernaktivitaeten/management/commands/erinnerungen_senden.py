"""Mails project leads whose report is missing or returned (run daily from cron)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from kernaktivitaeten.erinnerungen import erinnerungen_versenden


class Command(BaseCommand):
    help = "Erinnert Projektleitungen an fehlende oder zurückgegebene Statusberichte (einmal je Erinnerung)."

    def add_arguments(self, parser):
        parser.add_argument("--heute", help="Stichtag JJJJ-MM-TT (zum Testen; sonst heute).")

    def handle(self, *args, heute=None, **options):
        try:
            stichtag = date.fromisoformat(heute) if heute else None
        except ValueError as exc:
            raise CommandError(f"--heute: {exc}") from exc
        anzahl = erinnerungen_versenden(heute=stichtag)
        self.stdout.write(self.style.SUCCESS(f"{anzahl} Erinnerung(en) versendet."))
