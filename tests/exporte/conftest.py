"""Personas and a known set of reports for the export tests (on top of the real strategy).

The personas (referat, vorstand_kultur, projektleitung_a) are the shared ones of
tests/personas.py. Two Kompetenzen, four projects (one unpublished, one with a formula as title), two
Berichtszeiträume and reports in every state, with internal text and people's names that
must never reach a public export.
"""

from datetime import date, datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from kernaktivitaeten import rules
from kernaktivitaeten.models import (
    Ampel,
    Berichtsstatus,
    Berichtszeitraum,
    Phase,
    Statusbericht,
)
from querschnitt.models import Nachhaltigkeitsziel, Querschnittsthema
from tests.factories import (
    KennzahlFactory,
    KernaktivitaetFactory,
    MeilensteinFactory,
    MesswertFactory,
    OrganisationFactory,
    UserFactory,
)
from zielsystem.models import Kompetenz

FORMEL_TITEL = '=HYPERLINK("http://evil")'
# Text that only internal exports may contain.
INTERN = [
    "Lieferverzug bei Bühnentechnik",
    "Zweite Bühne planen",
    "Mehr Personal für den Einlass",
    "Kommentar der Prüfung XYZ",
]
# Text that no public export may contain (unpublished, drafts, submitted, people).
NICHT_OEFFENTLICH = [
    *INTERN,
    "Geheimes Vorhaben",
    "Geheimer Bericht",
    "Entwurfstext",
    "Eingereichter Text",
    "Erika Mustermann",
    "Vera Vorstandsfrau",
    "vera.vorstandsfrau",
]


def _person(username, *rollen, **felder):
    person = UserFactory(username=username, **felder)
    for rolle in rollen:
        person.groups.add(Group.objects.get_or_create(name=rolle)[0])
    return person


# kultur, referat, vorstand_kultur and projektleitung_a come from tests/personas.py.


@pytest.fixture
def grossstadt():
    return Kompetenz.objects.get(slug="grossstadt-mit-lebensgefuehl")


@pytest.fixture
def ohne_rolle(db):
    return _person("ohne.rolle")


@pytest.fixture
def pruefende(kultur):
    """A Vorstand with a full personal name, who approved the reports: never public."""
    person = _person(
        "vera.vorstandsfrau", rules.VORSTAND, first_name="Vera", last_name="Vorstandsfrau"
    )
    kultur.vorstandsmitglieder.add(person)
    return person


def _geprueft(tag, stunde=10):
    return datetime(tag.year, tag.month, tag.day, stunde, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def daten(kultur, grossstadt, pruefende, projektleitung_a):
    z1 = Berichtszeitraum.objects.create(
        name="2026 – 1. Halbjahr",
        beginn=date(2026, 1, 1),
        ende=date(2026, 6, 30),
        faellig_am=date(2026, 7, 15),
        offen=False,
    )
    z2 = Berichtszeitraum.objects.create(
        name="2026 – 2. Halbjahr",
        beginn=date(2026, 7, 1),
        ende=date(2026, 12, 31),
        faellig_am=date(2027, 1, 15),
        offen=True,
    )
    org = OrganisationFactory(name="Kulturbüro Test", slug="kulturbuero-test")
    festival = KernaktivitaetFactory(
        titel="Festivalsommer",
        nummer=7001,
        kompetenz=kultur,
        phase=Phase.UMSETZUNG,
        fortschritt=60,
        organisation=org,
        schwerpunkte=list(kultur.schwerpunkte.filter(reihenfolge__in=[1, 2])),
        kontakt_name="Erika Mustermann",
        kontakt_name_oeffentlich=False,
    )
    festival.projektleitungen.add(projektleitung_a)
    festival.querschnittsthemen.add(Querschnittsthema.objects.get(slug="klima"))
    festival.nachhaltigkeitsziele.add(Nachhaltigkeitsziel.objects.get(nummer=11))
    kennzahl = KennzahlFactory(
        kernaktivitaet=festival, name="Besucher", einheit="Personen", zielwert=1000
    )
    MesswertFactory(kennzahl=kennzahl, datum=date(2026, 6, 30), wert="1250.50")
    MeilensteinFactory(
        kernaktivitaet=festival,
        titel="Bühne steht",
        geplant=date(2026, 5, 1),
        erreicht=date(2026, 5, 20),
    )
    formel = KernaktivitaetFactory(
        titel=FORMEL_TITEL, nummer=7002, kompetenz=kultur, phase=Phase.VORBEREITUNG, fortschritt=5
    )
    klima = KernaktivitaetFactory(
        titel="Klimaquartier",
        nummer=7003,
        kompetenz=grossstadt,
        phase=Phase.UMGESETZT,
        fortschritt=100,
        schwerpunkte=list(grossstadt.schwerpunkte.filter(reihenfolge=1)),
    )
    geheim = KernaktivitaetFactory(
        titel="Geheimes Vorhaben", nummer=7004, kompetenz=kultur, veroeffentlicht=False
    )

    def bericht(projekt, zeitraum, status, erreicht, **felder):
        return Statusbericht.objects.create(
            kernaktivitaet=projekt,
            berichtszeitraum=zeitraum,
            status=status,
            phase=felder.pop("phase", projekt.phase or Phase.UMSETZUNG),
            fortschritt=felder.pop("fortschritt", projekt.fortschritt or 0),
            erreicht=erreicht,
            **felder,
        )

    berichte = {
        "festival_alt": bericht(
            festival,
            z1,
            Berichtsstatus.FREIGEGEBEN,
            "Erster Bericht: Konzept steht.",
            ampel=Ampel.GEFAEHRDET,
            fortschritt=30,
            geprueft_am=_geprueft(date(2026, 7, 20)),
            geprueft_von=pruefende,
        ),
        "festival": bericht(
            festival,
            z2,
            Berichtsstatus.FREIGEGEBEN,
            "Bühne gebaut und 1.250 Gäste begrüßt.",
            ampel=Ampel.KRITISCH,
            naechste_schritte="Zweite Bühne planen",
            risiken="Lieferverzug bei Bühnentechnik",
            unterstuetzungsbedarf="Mehr Personal für den Einlass",
            pruefkommentar="Kommentar der Prüfung XYZ",
            geprueft_am=_geprueft(date(2026, 11, 20)),
            geprueft_von=pruefende,
        ),
        "formel": bericht(formel, z2, Berichtsstatus.EINGEREICHT, "Eingereichter Text"),
        "klima": bericht(
            klima,
            z2,
            Berichtsstatus.FREIGEGEBEN,
            "Quartier fertig gestellt.",
            geprueft_am=_geprueft(date(2026, 11, 25)),
        ),
        "klima_entwurf": bericht(klima, z1, Berichtsstatus.ENTWURF, "Entwurfstext"),
        "geheim": bericht(
            geheim,
            z2,
            Berichtsstatus.FREIGEGEBEN,
            "Geheimer Bericht",
            geprueft_am=_geprueft(date(2026, 11, 26)),
        ),
    }
    return {
        "z1": z1,
        "z2": z2,
        "festival": festival,
        "formel": formel,
        "klima": klima,
        "geheim": geheim,
        "kennzahl": kennzahl,
        "berichte": berichte,
    }
