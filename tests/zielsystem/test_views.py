"""The public Zielsystem pages show the strategy's own text and link everything."""

import pytest
from django.urls import reverse

from querschnitt.models import Querschnittsthema
from tests.crawler import crawl
from tests.helpers import links, text
from zielsystem.models import Kompetenz, ProgrammatischesZiel, Schwerpunkt

pytestmark = pytest.mark.django_db


def test_home_shows_wesenskern_kompetenzen_and_themes(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        response = client.get("/")
    assert response.status_code == 200
    page = text(response)
    assert "Wissen – Wandel – Wir-Gefühl" in page
    assert "(Bochumer) Rohstoff der Zukunft" in page
    hrefs = links(response)
    for kompetenz in Kompetenz.objects.all():
        assert kompetenz.get_absolute_url() in hrefs
    for thema in Querschnittsthema.objects.all():
        assert thema.get_absolute_url() in hrefs


def test_every_part_of_the_zielsystem_is_reachable_from_home(client):
    visited = crawl(client, "/")
    assert all(status == 200 for status in visited.values()), {
        path: status for path, status in visited.items() if status != 200
    }
    for kompetenz in Kompetenz.objects.all():
        assert kompetenz.get_absolute_url() in visited
    for schwerpunkt in Schwerpunkt.objects.select_related("kompetenz"):
        assert schwerpunkt.get_absolute_url() in visited
    for thema in Querschnittsthema.objects.all():
        assert thema.get_absolute_url() in visited


def test_overview_lists_all_schwerpunkte(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(reverse("zielsystem:uebersicht"))
    hrefs = links(response)
    schwerpunkte = Schwerpunkt.objects.select_related("kompetenz")
    assert len(schwerpunkte) == 25
    for schwerpunkt in schwerpunkte:
        assert schwerpunkt.get_absolute_url() in hrefs
    assert "Hochkultur der Spitzenklasse" in text(response)


def test_kompetenz_page_has_bild_goals_and_all_programmatic_goals(
    client, django_assert_max_num_queries
):
    kompetenz = Kompetenz.objects.get(slug="hotspot-der-live-kultur")
    assert kompetenz.get_absolute_url() == "/kompetenzen/hotspot-der-live-kultur/"
    with django_assert_max_num_queries(7):
        response = client.get(kompetenz.get_absolute_url())
    page = text(response)
    assert "Das Bild im Jahr 2030" in page
    for absatz in kompetenz.bild_2030_absaetze:
        assert absatz in page
    for ziel in kompetenz.strategische_ziele.all():
        assert ziel.text in page
    goals = ProgrammatischesZiel.objects.filter(schwerpunkt__kompetenz=kompetenz)
    assert goals.count() == 10
    for ziel in goals:
        assert ziel.text in page
    assert "in der Quelle unvollständig" not in page


def test_incomplete_kompetenz_says_so_and_invents_nothing(client):
    response = client.get("/kompetenzen/shootingstar-der-wissensarbeit/")
    page = text(response)
    assert "Dieser Text ist in der Quelle unvollständig" in page
    assert "„Das Bild im Jahr 2030“ fehlt in der Quelle." in page
    assert "Dieser Text liegt noch nicht vor." in page


def test_schwerpunkt_page(client, django_assert_max_num_queries):
    schwerpunkt = Schwerpunkt.objects.get(slug="zukunftsweisende-mobilitaet")
    url = schwerpunkt.get_absolute_url()
    assert url == "/kompetenzen/grossstadt-mit-lebensgefuehl/zukunftsweisende-mobilitaet/"
    with django_assert_max_num_queries(5):  # 4 + the demo banner's EXISTS (ADR 0007)
        response = client.get(url)
    page = text(response)
    assert "Wir treiben die Verkehrswende in Bochum voran" in page
    assert "Großstadt mit Lebensgefühl" in page
    assert "/kompetenzen/grossstadt-mit-lebensgefuehl/grossstaedtisches-zentrum/" in links(response)


@pytest.mark.parametrize(
    "path",
    [
        "/kompetenzen/gibt-es-nicht/",
        "/kompetenzen/hotspot-der-live-kultur/gibt-es-nicht/",
        # A Schwerpunkt under the wrong Kompetenz is not found either.
        "/kompetenzen/hotspot-der-live-kultur/zukunftsweisende-mobilitaet/",
        "/querschnittsthemen/gibt-es-nicht/",
        "/nachhaltigkeitsziele/18/",
        "/nachhaltigkeitsziele/0/",
        "/nachhaltigkeitsziele/abc/",
    ],
)
def test_unknown_paths_get_the_designed_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Seite nicht gefunden" in page
    assert 'class="skip-link"' in page and "Hauptnavigation" in page


def test_english_ui_keeps_strategy_text_german(client):
    response = client.get("/en/kompetenzen/hotspot-der-live-kultur/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert '<h1 lang="de">Hotspot der Live-Kultur</h1>' in html


def test_language_switch_links_keep_the_page(client):
    response = client.get("/kompetenzen/hotspot-der-live-kultur/")
    assert "/en/kompetenzen/hotspot-der-live-kultur/" in links(response)
    response = client.get("/en/kompetenzen/hotspot-der-live-kultur/")
    assert "/kompetenzen/hotspot-der-live-kultur/" in links(response)
