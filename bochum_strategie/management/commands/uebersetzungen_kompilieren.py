"""Compiles the gettext catalogues (locale/*/LC_MESSAGES/*.po → .mo) without GNU gettext.

Django's `compilemessages` needs the `msgfmt` program, which a fresh laptop may not have;
polib (pure Python) writes the same .mo files. `make run` and `make test` call this, so the
compiled files are never committed and never out of date.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Kompiliert die Übersetzungen (.po → .mo)."

    def handle(self, *args, **options):
        kataloge = [
            p for pfad in settings.LOCALE_PATHS for p in Path(pfad).glob("*/LC_MESSAGES/*.po")
        ]
        if not kataloge:
            raise CommandError("Keine Übersetzungskataloge in LOCALE_PATHS gefunden.")
        for po_datei in kataloge:
            katalog = polib.pofile(str(po_datei))
            mo_datei = po_datei.with_suffix(".mo")
            if mo_datei.exists() and mo_datei.stat().st_mtime >= po_datei.stat().st_mtime:
                continue
            katalog.save_as_mofile(str(mo_datei))
            self.stdout.write(
                f"{po_datei.relative_to(settings.BASE_DIR)}: {katalog.percent_translated()} % übersetzt"
            )
