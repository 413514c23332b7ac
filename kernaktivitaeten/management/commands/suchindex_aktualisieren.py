"""Rebuilds the search index from the public content (ADR 0009).

Services keep the index current on every write; after changes that bypass them — SQL run by
hand, a restored backup, a third-party script — run this once, like `collectstatic` after a
deploy: `manage.py suchindex_aktualisieren`. It also makes cached pages and Zielsystem
blocks stale (a restored backup may hold other texts)."""

from django.core.management.base import BaseCommand

from bochum_strategie.lib.fragmentcache import zielsystemstand_erhoehen
from bochum_strategie.lib.seitencache import datenstand_erhoehen
from kernaktivitaeten.suchindex import suchindex_aktualisieren


class Command(BaseCommand):
    help = "Baut den Suchindex aus den öffentlichen Inhalten neu auf."

    def handle(self, *args, **options):
        suchindex_aktualisieren()
        datenstand_erhoehen()
        zielsystemstand_erhoehen()  # cached Zielsystem blocks too (fragmentcache.py)
        self.stdout.write("Suchindex neu aufgebaut.")
