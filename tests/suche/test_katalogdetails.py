"""Catalogue details found on the way (issue 16, deliverable 6)."""

import re

import pytest

from tests.factories import KernaktivitaetFactory
from zielsystem.models import Kompetenz, Schwerpunkt

pytestmark = pytest.mark.django_db

KATALOG = "/kernaktivitaeten/"


def _select(html: str, name: str) -> str:
    return html.split(f'<select name="{name}"', 1)[1].split("</select>", 1)[0]


def test_every_empty_label_once(client):
    html = client.get(f"{KATALOG}?phase=umgesetzt").content.decode()
    assert _select(html, "phase").count("Alle Phasen") == 1
    assert _select(html, "jahr").count("Alle Jahre") == 1


def test_projects_without_phase_can_be_filtered(client):
    from kernaktivitaeten.models import Kernaktivitaet

    ohne = Kernaktivitaet.objects.oeffentlich().filter(phase="").count()
    assert ohne > 0  # real projects whose phase no source states
    html = client.get(f"{KATALOG}?phase=ohne").content.decode()
    assert f"{ohne} Kernaktivitäten gefunden" in html
    assert re.search(rf'value="ohne" selected>Stand nicht erfasst \({ohne}\)</option>', html)


def test_schwerpunkte_narrowed_by_kompetenz(client):
    kultur = Kompetenz.objects.get(slug="hotspot-der-live-kultur")
    html = client.get(f"{KATALOG}?kompetenz={kultur.slug}").content.decode()
    optionen = re.findall(r'<option value="(\d+)"', _select(html, "schwerpunkt"))
    assert sorted(map(int, optionen)) == sorted(kultur.schwerpunkte.values_list("pk", flat=True))
    # a Schwerpunkt of another Kompetenz still chosen stays shown (no form error)
    fremd = Schwerpunkt.objects.exclude(kompetenz=kultur).first()
    antwort = client.get(f"{KATALOG}?kompetenz={kultur.slug}&schwerpunkt={fremd.pk}")
    assert antwort.status_code == 200
    assert f'value="{fremd.pk}" selected lang="de"' in _select(
        antwort.content.decode(), "schwerpunkt"
    )


def test_cut_off_schwerpunkt_marked_in_the_catalogue(client):
    abgeschnitten = Schwerpunkt.objects.filter(unvollstaendig=True).first()
    assert abgeschnitten is not None
    html = client.get(KATALOG).content.decode()
    assert re.search(
        rf'value="{abgeschnitten.pk}"[^>]*>[^<]*– unvollständig \(\d+\)</option>', html
    )


def test_page_past_the_end_shows_the_last_page(client):
    for i in range(25):
        KernaktivitaetFactory(titel=f"Seitenprojekt {i:02d}", slug=f"seitenprojekt-{i}")
    antwort = client.get(f"{KATALOG}?q=Seitenprojekt&seite=99&sortierung=titel")
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert "keine Seite 99" in html and "letzte Seite (2)" in html
    assert "Seitenprojekt 24" in html and "Seitenprojekt 00" not in html
    assert client.get(f"{KATALOG}?seite=0").status_code == 404
