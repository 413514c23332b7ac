"""The public Beschlussregister: list with filters, page per decision, feed, open data, the
decision on the project page, the sitemap; only public fields, constant query counts."""

import json
from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.utils import timezone

from kernaktivitaeten.beschluesse.services import beschluss_status_aendern
from kernaktivitaeten.models import Beschlussstatus, Gremium, Kernaktivitaet, Phase
from tests.exporte.helpers import inhalt
from tests.factories import KernaktivitaetFactory, RatsbeschlussFactory
from tests.helpers import text
from zielsystem.models import Kompetenz

pytestmark = pytest.mark.django_db
HEUTE = timezone.localdate()
S = Beschlussstatus
GEHEIM = "Interne Notiz zum Beschluss XY"


@pytest.fixture
def register(kultur, referat):
    bildung = Kompetenz.objects.get(slug="talentschmiede-im-ruhrgebiet")
    tranche = RatsbeschlussFactory(
        vorlagennummer="20991001",
        titel="Dritte Tranche (Test)",
        datum=date(2098, 3, 2),
        jahr=2098,
        gremium=Gremium.RAT,
        zusammenfassung="Der Rat beschließt zwölf neue Kernaktivitäten.",
        tenor="Die Verwaltung wird beauftragt, die Projekte umzusetzen.",
        ris_url="https://ris.example.org/vorlage/20991001",
        frist=HEUTE - timedelta(days=10),
        status=S.OFFEN,
        anmerkungen_referat=GEHEIM,
    )
    KernaktivitaetFactory(
        titel="Fertiges Projekt", kompetenz=kultur, ratsbeschluss=tranche, phase=Phase.UMGESETZT
    )
    KernaktivitaetFactory(titel="Laufendes Projekt", kompetenz=kultur, ratsbeschluss=tranche)
    KernaktivitaetFactory(titel="Verstecktes Projekt", ratsbeschluss=tranche, veroeffentlicht=False)
    beschluss_status_aendern(
        beschluss=tranche,
        user=referat,
        status=S.UMSETZUNG,
        grund="Zwei Projekte warten auf Fördermittel.",
    )
    ausschuss = RatsbeschlussFactory(
        vorlagennummer="20991002",
        titel="Ausschussbeschluss (Test)",
        datum=date(2097, 5, 1),
        jahr=2097,
        gremium=Gremium.AUSSCHUSS,
        status=S.UMGESETZT,
    )
    ausschuss.schwerpunkte.add(bildung.schwerpunkte.first())
    RatsbeschlussFactory(
        vorlagennummer="20991003", titel="Unveröffentlicht (Test)", veroeffentlicht=False
    )
    return {"tranche": tranche, "ausschuss": ausschuss, "bildung": bildung}


def nummern(response):
    return [n for n in ("20991001", "20991002", "20991003") if f"Vorlage {n}" in text(response)]


def test_liste_zeigt_oeffentliche_beschluesse_mit_stand_und_begruendung(client, register):
    response = client.get("/beschluesse/")
    assert response.status_code == 200
    assert nummern(response) == ["20991001", "20991002"]
    seite = text(response)
    assert "Frist abgelaufen" in seite
    assert "Zwei Projekte warten auf Fördermittel." in seite  # overdue: the stated reason
    assert "1 von 2 beschlossenen Kernaktivitäten umgesetzt" in seite  # public projects only
    assert GEHEIM not in response.content.decode()
    assert "Vorlage 20202999" in seite  # the real decisions of the facts


@pytest.mark.parametrize(
    ("query", "erwartet"),
    [
        ("jahr=2098", ["20991001"]),
        ("gremium=ausschuss", ["20991002"]),
        ("status=umgesetzt", ["20991002"]),
        ("kompetenz=hotspot-der-live-kultur", ["20991001"]),
        ("kompetenz=talentschmiede-im-ruhrgebiet", ["20991002"]),
        ("ueberfaellig=on", ["20991001"]),
        ("unbekannt=1&jahr=2097", ["20991002"]),  # unknown parameters are ignored
    ],
)
def test_filter(client, register, query, erwartet):
    response = client.get(f"/beschluesse/?{query}")
    assert response.status_code == 200
    assert nummern(response) == erwartet


@pytest.mark.parametrize(
    "query",
    [
        "jahr=abc",
        "jahr=1800",
        "gremium=kaiser",
        "status=%C3%BC",
        "kompetenz=gibt-es-nicht",
        "jahr=2098&jahr=x",
    ],
)
def test_unsinnige_filter_sind_400_mit_meldung(client, register, query):
    response = client.get(f"/beschluesse/?{query}")
    assert response.status_code == 400
    assert "Die Suche konnte nicht ausgeführt werden" in text(response)


@pytest.mark.parametrize("seite", ["x", "999", "-1"])
def test_unbekannte_seite_ist_404(client, register, seite):
    assert client.get(f"/beschluesse/?seite={seite}").status_code == 404


def test_abfragen_konstant(client, register, django_assert_max_num_queries):
    with django_assert_max_num_queries(8) as vorher:
        client.get("/beschluesse/?kompetenz=hotspot-der-live-kultur")
    for n in range(15):
        b = RatsbeschlussFactory(
            vorlagennummer=f"2099200{n:02d}", jahr=2000 + n, frist=HEUTE - timedelta(days=1)
        )
        KernaktivitaetFactory(ratsbeschluss=b, kompetenz=register["bildung"])
    with django_assert_max_num_queries(len(vorher.captured_queries)):
        client.get("/beschluesse/?kompetenz=hotspot-der-live-kultur")
    with django_assert_max_num_queries(len(vorher.captured_queries)):
        assert client.get("/beschluesse/").status_code == 200


def test_beschlussseite(client, register, kultur):
    response = client.get("/beschluesse/20991001/")
    assert response.status_code == 200
    seite = text(response)
    for erwartet in (
        "Dritte Tranche (Test)",
        "Der Rat beschließt zwölf neue Kernaktivitäten.",
        "Die Verwaltung wird beauftragt, die Projekte umzusetzen.",
        "Rat der Stadt",
        "in Umsetzung",
        "Frist abgelaufen",
        "Zwei Projekte warten auf Fördermittel.",
        "1 von 2 Kernaktivitäten umgesetzt.",
        "Fertiges Projekt",
        "Laufendes Projekt",
        kultur.titel,
        "Verlauf des Umsetzungsstands",
    ):
        assert erwartet in seite, erwartet
    assert "Verstecktes Projekt" not in seite
    assert GEHEIM not in response.content.decode()
    assert 'href="https://ris.example.org/vorlage/20991001"' in response.content.decode()


def test_beschlussseite_abfragen_konstant(client, register, django_assert_max_num_queries):
    with django_assert_max_num_queries(12) as vorher:
        client.get("/beschluesse/20991001/")
    for _ in range(10):
        KernaktivitaetFactory(ratsbeschluss=register["tranche"])
    with django_assert_max_num_queries(len(vorher.captured_queries)):
        client.get("/beschluesse/20991001/")


@pytest.mark.parametrize(
    "pfad",
    ["/beschluesse/20991003/", "/beschluesse/gibt-es-nicht/", "/beschluesse/20991001/extra/"],
)
def test_unveroeffentlicht_oder_unbekannt_ist_404(client, register, pfad):
    assert client.get(pfad).status_code == 404


def test_feed_der_statusaenderungen(client, register):
    response = client.get("/beschluesse/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    baum = ElementTree.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    eintraege = baum.findall("a:entry", ns)
    titel = [e.findtext("a:title", namespaces=ns) for e in eintraege]
    assert "Vorlage 20991001: in Umsetzung" in titel
    eintrag = eintraege[titel.index("Vorlage 20991001: in Umsetzung")]
    assert "Zwei Projekte warten auf Fördermittel." in eintrag.findtext("a:summary", namespaces=ns)
    assert eintrag.find("a:link", ns).get("href").endswith("/beschluesse/20991001/#verlauf")
    assert "referat" not in response.content.decode()  # never who changed it


def test_feed_ohne_unveroeffentlichte(client, register, referat):
    beschluss_status_aendern(
        beschluss=RatsbeschlussFactory(vorlagennummer="20991009", veroeffentlicht=False),
        user=referat,
        status=S.OFFEN,
        grund="",
    )
    assert b"20991009" not in client.get("/beschluesse/feed/").content


def test_offene_daten(client, register):
    daten = json.loads(inhalt(client.get("/daten/beschluesse.json")))["daten"]
    zeilen = {z["vorlagennummer"]: z for z in daten}
    assert "20991003" not in zeilen  # unpublished
    tranche = zeilen["20991001"]
    assert tranche["status"] == "umsetzung"
    assert tranche["ueberfaellig"] is True
    assert tranche["status_grund"] == "Zwei Projekte warten auf Fördermittel."
    assert len(tranche["kernaktivitaeten"]) == 2
    assert tranche["kernaktivitaeten_umgesetzt"] == 1
    assert tranche["url"] == f"{settings.SITE_URL}/beschluesse/20991001/"
    assert GEHEIM not in json.dumps(daten, ensure_ascii=False)
    assert zeilen["20230262"]["datum"] == "2023-05-04"  # a real decision of the facts
    dcat = client.get("/daten/dcat.jsonld").content.decode()
    assert "/daten/beschluesse.schema.json" in dcat or "beschluesse" in dcat


def test_projektseite_zeigt_beschluss(client, register):
    response = client.get(
        "/kernaktivitaeten/"
        + register["tranche"].kernaktivitaeten.filter(titel="Laufendes Projekt").get().slug
        + "/"
    )
    seite = response.content.decode()
    assert 'href="/beschluesse/20991001/"' in seite
    assert "Umsetzungsstand des Beschlusses:" in text(response)
    bovelo = Kernaktivitaet.objects.get(faktenschluessel="BOvelo – Leitprojekte Radverkehr")
    seite = client.get(bovelo.get_absolute_url()).content.decode()
    assert 'href="/beschluesse/20230262/"' in seite  # a further decision that concerns it
    wohnen = Kernaktivitaet.objects.get(faktenschluessel="Wohnungsbauoffensive")
    seite = client.get(wohnen.get_absolute_url()).content.decode()
    assert seite.index("/beschluesse/20181415/") < seite.index("/beschluesse/20191481/")
    RatsbeschlussFactory(
        vorlagennummer="20991008", veroeffentlicht=False
    ).betroffene_kernaktivitaeten.add(wohnen)
    assert "20991008" not in client.get(wohnen.get_absolute_url()).content.decode()


def test_sitemap(client, register):
    def lesen(pfad):
        return inhalt(client.get(pfad)).decode()

    index = lesen("/sitemap.xml")
    assert f"{settings.SITE_URL}/sitemap-beschluesse.xml" in index
    seiten = lesen("/sitemap-seiten.xml")
    assert f"{settings.SITE_URL}/beschluesse/</loc>" in seiten
    teil = lesen("/sitemap-beschluesse.xml")
    assert f"{settings.SITE_URL}/beschluesse/20991001/</loc>" in teil
    assert f"{settings.SITE_URL}/en/beschluesse/20991001/" in teil
    assert "/beschluesse/20991003/" not in teil  # unpublished


def test_englisch(client, register):
    response = client.get("/en/beschluesse/")
    assert response.status_code == 200
    assert "Decision register" in text(response) or "register" in text(response).lower()


def test_jahr_aus_datum_auch_ohne_eingetragenes_jahr(client, register):
    """Records written without the service (factories, demo data) have a date but no year."""
    RatsbeschlussFactory(vorlagennummer="20991004", datum=date(2096, 2, 2), jahr=None)
    response = client.get("/beschluesse/?jahr=2096")
    assert response.status_code == 200
    assert "Vorlage 20991004" in text(response)
