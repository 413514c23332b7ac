"""Loads the strategy and the real Kernaktivitäten; never overwrites what was edited.

`make run` calls this every time, so it must never overwrite what the Referat has edited in
the back office: each fixture is only loaded while its first model has no rows yet, and the
facts about real Kernaktivitäten (fixtures/kernaktivitaeten-fakten.json) only fill what is
still empty (kernaktivitaeten/fakten.py). Demo data is never loaded here (`make demo`).
"""

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from bochum_strategie.lib.fragmentcache import zielsystemstand_erhoehen
from bochum_strategie.lib.seitencache import datenstand_erhoehen
from kernaktivitaeten.aenderungen import protokoll_grundstand, protokoll_nachtragen
from kernaktivitaeten.beschluesse.fakten import beschluesse_aus_fakten_laden
from kernaktivitaeten.fakten import fakten_lesen, kernaktivitaeten_aus_fakten_laden
from kernaktivitaeten.models import Suchindex
from kernaktivitaeten.suchindex import suchindex_aktualisieren

FIXTURES = [
    # (fixture file, model whose emptiness means "not loaded yet")
    ("zielsystem.json", "zielsystem.Strategie"),
    ("querschnitt.json", "querschnitt.Nachhaltigkeitsziel"),
    ("kernaktivitaeten.json", "kernaktivitaeten.Kernaktivitaet"),
    ("inhaltsseiten.json", "portal.Inhaltsseite"),
    # The first synonym groups of the search; the Referat keeps them in the back office.
    ("synonyme.json", "kernaktivitaeten.Synonymgruppe"),
]


class Command(BaseCommand):
    help = "Lädt die Strategie (Fixtures) in eine leere Datenbank."

    def handle(self, *args, **options):
        protokoll_nachtragen()  # changes before this run belong in the public change log
        geladen = []
        for fixture, model_label in FIXTURES:
            model = apps.get_model(model_label)
            if model.objects.exists():
                self.stdout.write(f"{fixture}: bereits geladen, unverändert.")
                continue
            call_command("loaddata", settings.BASE_DIR / "fixtures" / fixture, verbosity=0)
            geladen.append(fixture)
            self.stdout.write(self.style.SUCCESS(f"{fixture}: geladen."))
        fakten = fakten_lesen()
        # Fixtures are loaded without the services that keep the search index.
        if "kernaktivitaeten.json" in geladen or not Suchindex.objects.exists():
            suchindex_aktualisieren()
            self.stdout.write("Suchindex aufgebaut.")
        ergebnis = kernaktivitaeten_aus_fakten_laden(eintraege=fakten)
        self.stdout.write(
            f"kernaktivitaeten-fakten.json: {len(ergebnis.angelegt)} angelegt, "
            f"{len(ergebnis.ergaenzt)} ergänzt, {len(ergebnis.unveraendert)} unverändert."
        )
        beschluesse = beschluesse_aus_fakten_laden(eintraege=fakten)
        self.stdout.write(
            "Beschlüsse aus kernaktivitaeten-fakten.json: "
            + ", ".join(f"{nummer} {aktion}" for nummer, aktion in beschluesse.items())
        )
        # What was just loaded is the starting state of the change log, not a change.
        protokoll_grundstand()
        call_command("rollen_einrichten", verbosity=0)
        datenstand_erhoehen()
        zielsystemstand_erhoehen()  # the fixtures may have changed the Zielsystem's texts
        self.stdout.write("Rollen eingerichtet.")
