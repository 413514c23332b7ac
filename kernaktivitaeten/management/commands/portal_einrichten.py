"""Loads the strategy's fixtures into an empty database; leaves an existing one alone.

`make run` calls this every time, so it must never overwrite what the Referat has edited in
the back office: each fixture is only loaded while its first model has no rows yet.
"""

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from bochum_strategie.seitencache import datenstand_erhoehen

FIXTURES = [
    # (fixture file, model whose emptiness means "not loaded yet")
    ("zielsystem.json", "zielsystem.Strategie"),
    ("querschnitt.json", "querschnitt.Nachhaltigkeitsziel"),
    ("kernaktivitaeten.json", "kernaktivitaeten.Kernaktivitaet"),
    ("inhaltsseiten.json", "portal.Inhaltsseite"),
]


class Command(BaseCommand):
    help = "Lädt die Strategie (Fixtures) in eine leere Datenbank."

    def handle(self, *args, **options):
        for fixture, model_label in FIXTURES:
            model = apps.get_model(model_label)
            if model.objects.exists():
                self.stdout.write(f"{fixture}: bereits geladen, unverändert.")
                continue
            call_command("loaddata", settings.BASE_DIR / "fixtures" / fixture, verbosity=0)
            self.stdout.write(self.style.SUCCESS(f"{fixture}: geladen."))
        call_command("rollen_einrichten", verbosity=0)
        datenstand_erhoehen()
        self.stdout.write("Rollen eingerichtet.")
