"""Findable: sitemap.xml, robots.txt, one canonical address per page, titles, descriptions,
Open Graph; and no cookies for people who only read."""

import html
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import translation

from kernaktivitaeten.models import Kernaktivitaet
from querschnitt.models import Nachhaltigkeitsziel, Querschnittsthema
from tests.factories import KernaktivitaetFactory
from zielsystem.models import Kompetenz, Schwerpunkt

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client, **extra):
    """All addresses of the sitemap: the index at /sitemap.xml and every part it names, as
    one urlset."""
    index = client.get("/sitemap.xml", **extra)
    assert index.status_code == 200
    assert index["Content-Type"].startswith("application/xml")
    wurzel = ET.fromstring(index.getvalue())
    assert wurzel.tag == f"{{{NS['s']}}}sitemapindex"
    alle = ET.Element(f"{{{NS['s']}}}urlset")
    for ort in wurzel.findall("s:sitemap/s:loc", NS):
        teil = urlsplit(ort.text)
        antwort = client.get(teil.path + (f"?{teil.query}" if teil.query else ""), **extra)
        assert antwort.status_code == 200, ort.text
        alle.extend(ET.fromstring(antwort.getvalue()).findall("s:url", NS))
    return alle


def orte(baum) -> set[str]:
    return {element.text for element in baum.findall("s:url/s:loc", NS)}


def test_sitemap_lists_every_public_page_in_german_with_english_alternates(client):
    versteckt = KernaktivitaetFactory(titel="Geheimprojekt", slug="geheim", veroeffentlicht=False)
    baum = sitemap(client)
    adressen = orte(baum)
    site = settings.SITE_URL
    for pfad in (
        "/",
        "/zielsystem/",
        "/kernaktivitaeten/",
        "/beschluesse/",
        "/fortschritt/",
        "/daten/",
        "/querschnittsthemen/",
        "/nachhaltigkeitsziele/",
        "/barrierefreiheit/",
        "/leichte-sprache/",
        "/impressum/",
        "/datenschutz/",
        "/en/",
        "/en/kernaktivitaeten/",
    ):
        assert site + pfad in adressen, pfad
    with translation.override("de"):
        objekte = [
            *Kompetenz.objects.all(),
            *Schwerpunkt.objects.all(),
            *Querschnittsthema.objects.all(),
            *Nachhaltigkeitsziel.objects.all(),
            *Kernaktivitaet.objects.oeffentlich(),
        ]
        erwartet = {site + objekt.get_absolute_url() for objekt in objekte}
        assert erwartet <= adressen
        assert site + versteckt.get_absolute_url() not in adressen
    assert len(objekte) > 25 + 5 + 5 + 17
    # The feedback form and its thank-you page are not for search engines.
    assert not any("rueckmeldung" in adresse for adresse in adressen)
    # Each German address names its English version and the German one as x-default.
    start = next(u for u in baum.findall("s:url", NS) if u.find("s:loc", NS).text == site + "/")
    alternativen = {link.get("hreflang"): link.get("href") for link in start.findall("x:link", NS)}
    assert alternativen == {"de": site + "/", "en": site + "/en/", "x-default": site + "/"}


def test_sitemap_uses_the_public_address_not_the_host_header(client, settings):
    settings.SITE_URL = "https://strategie.bochum.example"
    settings.ALLOWED_HOSTS = ["*"]
    adressen = orte(sitemap(client, HTTP_HOST="intern.example:8080"))
    assert "https://strategie.bochum.example/zielsystem/" in adressen
    assert not any("intern.example" in adresse for adresse in adressen)


def test_sitemap_needs_few_queries_however_many_projects(client, django_assert_max_num_queries):
    KernaktivitaetFactory.create_batch(40)
    # The index and its seven parts: a COUNT per part and section, the items, the lastmods.
    with django_assert_max_num_queries(24):
        baum = sitemap(client)
    assert len(orte(baum)) > 2 * 40


def test_robots_txt_allows_all_but_the_back_office_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    zeilen = response.content.decode().splitlines()
    assert zeilen[0] == "User-agent: *"
    assert "Disallow: /verwaltung/" in zeilen and "Disallow: /en/verwaltung/" in zeilen
    assert not any(zeile in ("Disallow: /", "Disallow: /*") for zeile in zeilen)
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in zeilen


def kanonisch(response) -> list[str]:
    treffer = re.findall(r'<link rel="canonical" href="([^"]*)">', response.content.decode())
    return [html.unescape(adresse) for adresse in treffer]


OEFFENTLICHE_SEITEN = [
    "/",
    "/zielsystem/",
    "/kompetenzen/hotspot-der-live-kultur/",
    "/querschnittsthemen/",
    "/querschnittsthemen/klima/",
    "/nachhaltigkeitsziele/",
    "/nachhaltigkeitsziele/13/",
    "/kernaktivitaeten/",
    "/beschluesse/",
    "/beschluesse/20230262/",
    "/fortschritt/",
    "/daten/",
    "/barrierefreiheit/",
    "/leichte-sprache/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/rueckmeldung/",
    "/en/",
    "/en/zielsystem/",
]


def oeffentliche_seiten():
    schwerpunkt = Schwerpunkt.objects.select_related("kompetenz").first()
    projekt = Kernaktivitaet.objects.oeffentlich().first()
    with translation.override("de"):
        return [*OEFFENTLICHE_SEITEN, schwerpunkt.get_absolute_url(), projekt.get_absolute_url()]


def test_every_public_page_has_one_canonical_address_of_itself(client):
    for pfad in oeffentliche_seiten():
        response = client.get(pfad)
        assert response.status_code == 200, pfad
        assert kanonisch(response) == [settings.SITE_URL + pfad], pfad


def test_every_public_page_has_its_own_title_and_a_description(client):
    titel = {}
    for pfad in oeffentliche_seiten():
        seite = client.get(pfad).content.decode().split("</head>", 1)[0]
        (seitentitel,) = re.findall(r"<title>([^<]+)</title>", seite)
        (beschreibung,) = re.findall(r'<meta name="description" content="([^"]*)">', seite)
        assert re.fullmatch(r"\S.{3,} · Bochum \S+", seitentitel), pfad  # "Seite · Portal"
        assert len(beschreibung) >= 40, pfad
        if not pfad.startswith("/en/"):
            titel.setdefault(seitentitel, []).append(pfad)
    assert {t: p for t, p in titel.items() if len(p) > 1} == {}


def test_catalogue_canonical_keeps_filters_and_page_but_not_sorting_or_search(client):
    KernaktivitaetFactory.create_batch(25, phase="umsetzung")
    response = client.get("/kernaktivitaeten/?sortierung=-fortschritt&q=&phase=umsetzung&seite=2")
    assert response.status_code == 200
    assert kanonisch(response) == [f"{settings.SITE_URL}/kernaktivitaeten/?phase=umsetzung&seite=2"]
    erste = client.get("/kernaktivitaeten/?seite=1&sortierung=titel&q=Park")
    assert kanonisch(erste) == [f"{settings.SITE_URL}/kernaktivitaeten/"]


def test_error_pages_have_no_canonical_address(client):
    assert kanonisch(client.get("/kompetenzen/gibt-es-nicht/")) == []
    fehler = client.get("/kernaktivitaeten/?kompetenz=gibt-es-nicht")
    assert fehler.status_code == 400 and kanonisch(fehler) == []


def test_project_page_has_open_graph_site_name_and_locale(client):
    projekt = Kernaktivitaet.objects.oeffentlich().first()
    with translation.override("de"):
        html = client.get(projekt.get_absolute_url()).content.decode()
    assert '<meta property="og:site_name" content="Bochum Strategie">' in html
    assert '<meta property="og:locale" content="de_DE">' in html
    assert '<meta property="og:locale:alternate" content="en_GB">' in html
    with translation.override("en"):
        englisch = client.get(projekt.get_absolute_url()).content.decode()
    assert '<meta property="og:locale" content="en_GB">' in englisch


def test_readers_get_no_cookie(client):
    """What the privacy statement promises: only forms set a cookie (the CSRF token)."""
    for pfad in [*oeffentliche_seiten(), "/sitemap.xml", "/robots.txt", "/kernaktivitaeten/?q=x"]:
        response = client.get(pfad)
        erwartet = {"csrftoken"} if "rueckmeldung" in pfad else set()
        assert set(response.cookies) == erwartet, pfad
