"""Zielsystem, theme and SDG pages list their projects with a phase summary."""

import pytest

from kernaktivitaeten.demodaten import demodaten_erzeugen
from kernaktivitaeten.models import Kernaktivitaet, Phase
from tests.factories import KernaktivitaetFactory
from tests.helpers import links, text
from zielsystem.models import Kompetenz

pytestmark = pytest.mark.django_db


def test_kompetenz_page_lists_projects_and_phases(client):
    kultur = Kompetenz.objects.get(slug="hotspot-der-live-kultur")
    KernaktivitaetFactory(titel="Fertiges Festival", kompetenz=kultur, phase=Phase.UMGESETZT)
    KernaktivitaetFactory(titel="Verstecktes Projekt", kompetenz=kultur, veroeffentlicht=False)
    response = client.get(kultur.get_absolute_url())
    page = text(response)
    anzahl = Kernaktivitaet.objects.oeffentlich().filter(kompetenz=kultur).count()
    assert f"{anzahl} veröffentlichte Kernaktivitäten" in page
    assert "Fertiges Festival" in page and "Verstecktes Projekt" not in page
    umgesetzt = (
        Kernaktivitaet.objects.oeffentlich().filter(kompetenz=kultur, phase=Phase.UMGESETZT).count()
    )
    assert umgesetzt >= 2  # "Fertiges Festival" and a real one ("Starke freie Kultur")
    assert f"umgesetzt {umgesetzt}" in page  # phase table row
    assert "/kernaktivitaeten/?kompetenz=hotspot-der-live-kultur" in links(response)


@pytest.mark.parametrize(
    "url",
    [
        "/kompetenzen/hotspot-der-live-kultur/",
        "/kompetenzen/hotspot-der-live-kultur/erstklassige-pop-kultur/",
        "/querschnittsthemen/klima/",
        "/nachhaltigkeitsziele/13/",
        "/",
    ],
)
def test_zielsystem_pages_have_constant_queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    demodaten_erzeugen(anzahl=20)
    with CaptureQueriesContext(connection) as klein:
        assert client.get(url).status_code == 200
    demodaten_erzeugen(anzahl=2000, mit_details=False)
    with django_assert_max_num_queries(len(klein)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(klein) <= 10


def test_home_shows_overall_counts_and_latest_changes(client):
    demodaten_erzeugen(anzahl=40)  # invented: counted by no figure, listed nowhere here
    echte = Kernaktivitaet.objects.oeffentlich().filter(demo=False)
    umgesetzt = echte.filter(phase__in=[Phase.UMGESETZT, Phase.REGELBETRIEB]).count()
    response = client.get("/")
    page = text(response)
    assert f"{umgesetzt} von {echte.count()} Kernaktivitäten umgesetzt" in page
    neueste = echte.order_by("-aktualisiert").first()
    assert neueste.get_absolute_url() in links(response)
    demo = Kernaktivitaet.objects.filter(demo=True).order_by("-aktualisiert").first()
    assert demo.get_absolute_url() not in links(response)
