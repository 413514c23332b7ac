"""Creates the four back-office roles as groups with their model permissions (idempotent).

Model permissions say which kinds of records a role may touch at all; the object-level rules
in kernaktivitaeten/rules.py then narrow that to *which* records (own projects, own Kompetenz).
"""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

from kernaktivitaeten.rules import ADMINISTRATOR, PROJEKTLEITUNG, REFERAT, VORSTAND

ALLE = ["add", "change", "delete", "view"]
STAMMDATEN = {
    "zielsystem": [
        "strategie",
        "wesenskernbegriff",
        "kompetenz",
        "strategischesziel",
        "schwerpunkt",
        "programmatischesziel",
    ],
    "querschnitt": ["nachhaltigkeitsziel", "querschnittsthema"],
    "kernaktivitaeten": [
        "organisation",
        "ratsbeschluss",
        "berichtszeitraum",
        "kernaktivitaet",
        "meilenstein",
        "kennzahl",
        "messwert",
        "bild",
        "alterslug",
        "erinnerung",
        "synonymgruppe",  # the search's synonyms
    ],
}
ROLLEN = {
    REFERAT: {
        **{(app, model): ALLE for app, models in STAMMDATEN.items() for model in models},
        ("zielsystem", "kompetenz"): [*ALLE, "vorstand_zuweisen"],
        ("kernaktivitaeten", "statusbericht"): ["view", "change"],
        ("kernaktivitaeten", "berichtkennzahlwert"): ["view"],
        ("kernaktivitaeten", "berichtmeilenstein"): ["view"],
        # Page texts (fixed set: no add/delete); feedback is read, and deleted on request.
        ("portal", "inhaltsseite"): ["view", "change"],
        ("portal", "rueckmeldung"): ["view", "delete"],
    },
    VORSTAND: {
        ("kernaktivitaeten", "kernaktivitaet"): ["view"],
        # Status and reason of decisions of own Kompetenzen (rules.darf_beschluss_status_aendern).
        ("kernaktivitaeten", "ratsbeschluss"): ["view", "change"],
        ("kernaktivitaeten", "statusbericht"): ["view", "change"],
        ("kernaktivitaeten", "berichtkennzahlwert"): ["view"],
        ("kernaktivitaeten", "berichtmeilenstein"): ["view"],
        ("kernaktivitaeten", "meilenstein"): ["view"],
        ("kernaktivitaeten", "kennzahl"): ["view"],
    },
    PROJEKTLEITUNG: {
        ("kernaktivitaeten", "kernaktivitaet"): ["view", "change"],
        ("kernaktivitaeten", "meilenstein"): ALLE,
        ("kernaktivitaeten", "bild"): ALLE,
        ("kernaktivitaeten", "kennzahl"): ["view"],
        ("kernaktivitaeten", "statusbericht"): ALLE,
        ("kernaktivitaeten", "berichtkennzahlwert"): ALLE,
        ("kernaktivitaeten", "berichtmeilenstein"): ALLE,
    },
    ADMINISTRATOR: {
        # Sees everything, changes users and roles.
        **{(app, model): ["view"] for app, models in STAMMDATEN.items() for model in models},
        # Assigns the Vorstand of a Kompetenz (a role), nothing else of the strategy.
        ("zielsystem", "kompetenz"): ["view", "vorstand_zuweisen"],
        ("kernaktivitaeten", "statusbericht"): ["view"],
        ("kernaktivitaeten", "berichtkennzahlwert"): ["view"],
        ("kernaktivitaeten", "berichtmeilenstein"): ["view"],
        ("portal", "inhaltsseite"): ["view"],
        ("portal", "rueckmeldung"): ["view"],
        ("auth", "user"): ALLE,
        ("auth", "group"): ["view", "change"],
        ("axes", "accessattempt"): ["view", "delete"],
        ("axes", "accesslog"): ["view"],
        ("axes", "accessfailurelog"): ["view"],
    },
}


def rollen_einrichten() -> dict[str, int]:
    """Creates or updates the groups; returns the number of permissions per role."""
    ergebnis = {}
    for rolle, rechte in ROLLEN.items():
        gruppe, _ = Group.objects.get_or_create(name=rolle)
        codenames = [
            (app, f"{aktion}_{model}")
            for (app, model), aktionen in rechte.items()
            for aktion in aktionen
        ]
        permissions = [
            perm
            for perm in Permission.objects.select_related("content_type")
            if (perm.content_type.app_label, perm.codename) in set(codenames)
        ]
        gruppe.permissions.set(permissions)
        ergebnis[rolle] = len(permissions)
    return ergebnis


class Command(BaseCommand):
    help = "Legt die Rollen (Gruppen) Projektleitung, Vorstand, Referat und Administrator an."

    def handle(self, *args, **options):
        for rolle, anzahl in rollen_einrichten().items():
            self.stdout.write(f"{rolle}: {anzahl} Rechte")
