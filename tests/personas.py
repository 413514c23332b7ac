"""Named people and objects for back-office tests (one place, used by every back-office test).

Kompetenz "Hotspot der Live-Kultur": projekt_a (lead: projektleitung_a), projekt_b (lead:
projektleitung_b), Vorstand vorstand_kultur. Kompetenz "Talentschmiede": vorstand_bildung.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from kernaktivitaeten.models import Berichtsstatus, Berichtszeitraum, Statusbericht
from kernaktivitaeten.rules import ADMINISTRATOR, PROJEKTLEITUNG, REFERAT, VORSTAND
from tests.factories import KennzahlFactory, KernaktivitaetFactory, MeilensteinFactory, UserFactory
from zielsystem.models import Kompetenz


def person(name, *rollen, **extra):
    user = UserFactory(username=name, first_name=name.split("_")[0].title(), **extra)
    user.groups.set([Group.objects.get(name=rolle) for rolle in rollen])
    return user


@pytest.fixture
def kultur():
    return Kompetenz.objects.get(slug="hotspot-der-live-kultur")


@pytest.fixture
def projektleitung_a():
    return person("projektleitung_a", PROJEKTLEITUNG)


@pytest.fixture
def projektleitung_b():
    return person("projektleitung_b", PROJEKTLEITUNG)


@pytest.fixture
def vorstand_kultur(kultur):
    user = person("vorstand_kultur", VORSTAND)
    kultur.vorstandsmitglieder.add(user)
    return user


@pytest.fixture
def vorstand_bildung():
    user = person("vorstand_bildung", VORSTAND)
    Kompetenz.objects.get(slug="talentschmiede-im-ruhrgebiet").vorstandsmitglieder.add(user)
    return user


@pytest.fixture
def referat():
    return person("referat", REFERAT)


@pytest.fixture
def administrator():
    return person("administrator", ADMINISTRATOR)


@pytest.fixture
def projekt_a(kultur, projektleitung_a):
    projekt = KernaktivitaetFactory(
        titel="Projekt A", slug="projekt-a", kompetenz=kultur, phase="umsetzung", fortschritt=20
    )
    projekt.projektleitungen.add(projektleitung_a)
    KennzahlFactory(kernaktivitaet=projekt, name="Besuchende", zielwert=1000)
    MeilensteinFactory(
        kernaktivitaet=projekt, titel="Auftakt", geplant=timezone.localdate() + timedelta(days=10)
    )
    return projekt


@pytest.fixture
def projekt_b(kultur, projektleitung_b):
    projekt = KernaktivitaetFactory(titel="Projekt B", slug="projekt-b", kompetenz=kultur)
    projekt.projektleitungen.add(projektleitung_b)
    return projekt


@pytest.fixture
def zeitraum():
    heute = timezone.localdate()
    return Berichtszeitraum.objects.create(
        name="2026 – 2. Halbjahr",
        beginn=heute - timedelta(days=150),
        ende=heute + timedelta(days=30),
        faellig_am=heute + timedelta(days=14),
    )


@pytest.fixture
def frueherer_zeitraum():
    heute = timezone.localdate()
    return Berichtszeitraum.objects.create(
        name="2026 – 1. Halbjahr",
        beginn=heute - timedelta(days=330),
        ende=heute - timedelta(days=151),
        faellig_am=heute - timedelta(days=120),
    )


def bericht(projekt, zeitraum, status=Berichtsstatus.ENTWURF, **felder):
    return Statusbericht.objects.create(
        kernaktivitaet=projekt,
        berichtszeitraum=zeitraum,
        status=status,
        phase=felder.pop("phase", "umsetzung"),
        fortschritt=felder.pop("fortschritt", 30),
        erreicht=felder.pop("erreicht", "Erste Schritte."),
        **felder,
    )


@pytest.fixture
def projekt_a2(projektleitung_a):
    """A second project of projektleitung_a, in another Kompetenz (Talentschmiede): a report of
    projekt_a must never write into it."""
    projekt = KernaktivitaetFactory(
        titel="Projekt A2",
        slug="projekt-a2",
        kompetenz=Kompetenz.objects.get(slug="talentschmiede-im-ruhrgebiet"),
    )
    projekt.projektleitungen.add(projektleitung_a)
    KennzahlFactory(kernaktivitaet=projekt, name="Teilnehmende A2", zielwert=500)
    MeilensteinFactory(
        kernaktivitaet=projekt,
        titel="Start A2",
        geplant=timezone.localdate() + timedelta(days=20),
    )
    return projekt
