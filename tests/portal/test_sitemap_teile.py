"""The sitemap as an index of parts (issue 20): complete (every public address exactly once,
both languages), parts of bounded size, kept per Datenstand, gzipped on request, and bad part
addresses answered with 404."""

import gzip
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from bochum_strategie.lib.seitencache import datenstand_erhoehen
from bochum_strategie.sitemaps import PortalSitemap
from kernaktivitaeten.models import Kernaktivitaet
from tests.factories import KernaktivitaetFactory
from tests.portal.test_auffindbarkeit import NS, orte, sitemap

pytestmark = pytest.mark.django_db


def _teile(client) -> list[str]:
    wurzel = ET.fromstring(client.get("/sitemap.xml").getvalue())
    return [
        ort.text.removeprefix(settings.SITE_URL) for ort in wurzel.findall("s:sitemap/s:loc", NS)
    ]


def test_parts_are_bounded_and_together_name_every_address_exactly_once(client, monkeypatch):
    monkeypatch.setattr(PortalSitemap, "limit", 10)
    teile = _teile(client)
    projekte = [p for p in teile if p.startswith("/sitemap-kernaktivitaeten.xml")]
    anzahl = Kernaktivitaet.objects.fuer_auswertung().count()
    assert len(projekte) == -(-anzahl * 2 // 10) > 1  # two languages, ten per part
    alle = []
    for teil in teile:
        urls = ET.fromstring(client.get(teil).getvalue()).findall("s:url", NS)
        assert 1 <= len(urls) <= 10, teil
        alle += [u.find("s:loc", NS).text for u in urls]
    assert len(alle) == len(set(alle)), "an address in two parts"
    site = settings.SITE_URL
    for projekt in Kernaktivitaet.objects.fuer_auswertung():
        assert site + projekt.get_absolute_url() in alle
        assert site + "/en" + projekt.get_absolute_url() in alle
    assert set(alle) == orte(sitemap(client))


@pytest.mark.parametrize(
    "pfad",
    [
        "/sitemap-gibtsnicht.xml",
        "/sitemap-kernaktivitaeten.xml?p=0",
        "/sitemap-kernaktivitaeten.xml?p=999",
        "/sitemap-kernaktivitaeten.xml?p=abc",
        "/sitemap-kernaktivitaeten.xml?p=%D9%A3",
        "/sitemap-kernaktivitaeten.xml?p=-1",
    ],
)
def test_unknown_parts_are_404(client, pfad):
    assert client.get(pfad).status_code == 404


def test_gzip_for_clients_that_accept_it(client):
    klar = client.get("/sitemap-kernaktivitaeten.xml")
    gepackt = client.get("/sitemap-kernaktivitaeten.xml", HTTP_ACCEPT_ENCODING="gzip, br")
    assert "Content-Encoding" not in klar and gepackt["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in gepackt["Vary"] and "Accept-Encoding" in klar["Vary"]
    assert gzip.decompress(gepackt.getvalue()) == klar.getvalue()


def test_lastmod_comes_from_the_data(client):
    projekt = Kernaktivitaet.objects.fuer_auswertung().order_by("-aktualisiert").first()
    wurzel = ET.fromstring(client.get("/sitemap.xml").getvalue())
    (eintrag,) = [
        e
        for e in wurzel.findall("s:sitemap", NS)
        if e.find("s:loc", NS).text.endswith("/sitemap-kernaktivitaeten.xml")
    ]
    assert eintrag.find("s:lastmod", NS).text.startswith(projekt.aktualisiert.date().isoformat())


def test_parts_are_kept_per_datenstand_and_follow_a_change(
    client, settings, tmp_path, django_assert_max_num_queries
):
    settings.SEITENCACHE_AKTIV = True
    settings.DATEICACHE_VERZEICHNIS = str(tmp_path)
    datenstand_erhoehen()
    erste = client.get("/sitemap-kernaktivitaeten.xml")
    assert erste["X-Seitencache"] == "neu"
    inhalt = erste.getvalue()
    # A kept part is served without asking the database whether it exists.
    with django_assert_max_num_queries(1):  # the Datenstand (a database cache table here)
        zweite = client.get("/sitemap-kernaktivitaeten.xml")
    assert zweite["X-Seitencache"] == "treffer" and zweite.getvalue() == inhalt
    neu = KernaktivitaetFactory(titel="Neu im Plan", slug="neu-im-plan")
    datenstand_erhoehen()  # what every service does after a change
    dritte = client.get("/sitemap-kernaktivitaeten.xml")
    assert dritte["X-Seitencache"] == "neu"
    assert neu.get_absolute_url().encode() in dritte.getvalue()


def test_queries_do_not_grow_with_the_projects(client, django_assert_max_num_queries):
    def abfragen():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as erfasst:
            teile = _teile(client)
            for teil in teile:
                client.get(teil)
        return len(erfasst), len(teile)

    vorher, teile = abfragen()
    KernaktivitaetFactory.create_batch(30)
    nachher, teile_nachher = abfragen()
    assert teile_nachher == teile and nachher == vorher
