"""Demo accounts for trying the back office locally (only with DJANGO_DEBUG on).

Creates one account per role, a demo reporting period and assigns the demo lead to a few demo
projects, so a newcomer can write, submit and approve a report right after `make run`.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kernaktivitaeten.models import Berichtszeitraum, Kernaktivitaet
from kernaktivitaeten.rules import ADMINISTRATOR, PROJEKTLEITUNG, REFERAT, VORSTAND

PASSWORT = "bochum-demo-2030"
KONTEN = [
    ("demo-projektleitung", PROJEKTLEITUNG),
    ("demo-vorstand", VORSTAND),
    ("demo-referat", REFERAT),
    ("demo-admin", ADMINISTRATOR),
]


class Command(BaseCommand):
    help = "Legt Demo-Konten je Rolle an (nur im Entwicklungsmodus)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo-Konten gibt es nur mit DJANGO_DEBUG=1 (nie in Produktion).")
        user_model = get_user_model()
        konten = {}
        for name, rolle in KONTEN:
            user, neu = user_model.objects.get_or_create(
                username=name, defaults={"email": f"{name}@example.invalid", "first_name": "Demo"}
            )
            if neu:
                user.set_password(PASSWORT)
                user.save()
            user.groups.add(Group.objects.get(name=rolle))
            konten[rolle] = user
        projekte = list(
            Kernaktivitaet.objects.filter(demo=True, kompetenz__isnull=False).order_by("pk")[:3]
        )
        for projekt in projekte:
            projekt.projektleitungen.add(konten[PROJEKTLEITUNG])
        kompetenzen = {p.kompetenz for p in projekte}
        for kompetenz in kompetenzen:
            kompetenz.vorstandsmitglieder.add(konten[VORSTAND])
        heute = timezone.localdate()
        Berichtszeitraum.objects.get_or_create(
            name="Beispiel-Berichtszeitraum",
            defaults={
                "beginn": heute - timedelta(days=150),
                "ende": heute + timedelta(days=30),
                "faellig_am": heute + timedelta(days=21),
            },
        )
        self.stdout.write(
            f"Demo-Konten ({', '.join(name for name, _ in KONTEN)}), Passwort: {PASSWORT}"
        )
