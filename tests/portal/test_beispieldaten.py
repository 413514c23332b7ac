"""Demo data only on request: without it no page says "Beispieldaten"; with it a banner on
every public page says so, and public figures, feeds and open data still count real projects
only (docs/decisions/0007)."""

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from kernaktivitaeten.demodaten import (
    ARTIKEL_DATIV,
    ARTIKEL_NOMINATIV,
    VORHABEN,
    demodaten_erzeugen,
)
from kernaktivitaeten.models import Kernaktivitaet, Meilenstein, Phase, Statusbericht
from tests.helpers import text

pytestmark = pytest.mark.django_db

SEITEN = [
    "/",
    "/zielsystem/",
    "/kompetenzen/hotspot-der-live-kultur/",
    "/kernaktivitaeten/",
    "/fortschritt/",
    "/daten/",
    "/querschnittsthemen/",
    "/nachhaltigkeitsziele/",
    "/barrierefreiheit/",
]


def _dashboard_tabelle(abschnitt_id):
    from kernaktivitaeten.exporte.dashboard import dashboard_daten

    daten = dashboard_daten()
    abschnitte = daten["abschnitte"] if isinstance(daten, dict) else daten
    abschnitt = next(a for a in abschnitte if a.id == abschnitt_id)
    return [(str(z[0]), z[1], list(z[2])) for z in abschnitt.tabelle.zeilen]


def _dashboard_zahlen() -> dict:
    """Every table of the dashboard: {section id: rows}; ``berichte`` as {period: rows}."""
    from kernaktivitaeten.exporte.dashboard import dashboard_daten

    daten = dashboard_daten()
    abschnitte = daten["abschnitte"] if isinstance(daten, dict) else daten
    zahlen = {
        a.id: [(str(z[0]), list(z[2])) for z in a.tabelle.zeilen] for a in abschnitte if a.tabelle
    }
    zahlen["berichte"] = {name: werte for name, werte in zahlen.get("berichte", [])}
    zahlen["gesamt"] = (daten["gesamt"], daten["umgesetzt"])
    return zahlen


def _startseitenzahl(client) -> tuple[int, int]:
    seite = text(client.get("/"))
    umgesetzt, gesamt = re.search(r"(\d+) von (\d+) Kernaktivitäten umgesetzt", seite).groups()
    return int(umgesetzt), int(gesamt)


@pytest.mark.parametrize("url", SEITEN)
def test_without_demo_data_no_page_mentions_it(client, url):
    assert not Kernaktivitaet.objects.filter(demo=True).exists()
    response = client.get(url)
    assert response.status_code == 200
    assert "Beispieldaten" not in response.content.decode()
    assert "Vorführmodus" not in text(response)


def test_home_figures_are_the_real_projects(client):
    echte = Kernaktivitaet.objects.oeffentlich().echt()
    umgesetzt = echte.filter(phase__in=[Phase.UMGESETZT, Phase.REGELBETRIEB]).count()
    assert _startseitenzahl(client) == (umgesetzt, echte.count())
    assert echte.count() >= 30


@pytest.mark.parametrize("url", SEITEN)
def test_with_demo_data_every_page_says_so(client, url):
    demodaten_erzeugen(anzahl=5)
    seite = text(client.get(url))
    assert "Vorführmodus" in seite
    assert "erfundene Beispielprojekte" in seite


def test_demo_project_pages_carry_the_banner_and_their_label(client):
    demodaten_erzeugen(anzahl=3)
    projekt = Kernaktivitaet.objects.filter(demo=True, veroeffentlicht=True).first()
    seite = text(client.get(projekt.get_absolute_url()))
    assert "Vorführmodus" in seite and "Beispieldaten:" in seite


def test_demo_data_changes_no_public_figure(client):
    vorher_start = _startseitenzahl(client)
    vorher_kompetenz = text(client.get("/kompetenzen/hotspot-der-live-kultur/"))
    vorher_dashboard = _dashboard_zahlen()
    demodaten_erzeugen(anzahl=60, mit_berichten=True)
    assert Statusbericht.objects.filter(kernaktivitaet__demo=True, status="freigegeben").exists()

    assert _startseitenzahl(client) == vorher_start
    nachher = _dashboard_zahlen()
    # demo reports bring their half-years along: those rows count no real report
    neue_zeitraeume = set(nachher.pop("berichte")) - set(vorher_dashboard["berichte"])
    assert neue_zeitraeume and all(
        zeile[2] == [0] for zeile in _dashboard_tabelle("berichte") if zeile[0] in neue_zeitraeume
    )
    vorher_dashboard.pop("berichte")
    assert nachher == vorher_dashboard
    kompetenz = text(client.get("/kompetenzen/hotspot-der-live-kultur/"))
    demo_titel = set(Kernaktivitaet.objects.filter(demo=True).values_list("titel", flat=True))
    assert not any(titel in kompetenz for titel in demo_titel)
    assert re.findall(r"\d+ Kernaktivität", kompetenz) == re.findall(
        r"\d+ Kernaktivität", vorher_kompetenz
    )

    # the catalogue lists them, labelled, and says that its counts include them
    katalog = text(client.get("/kernaktivitaeten/"))
    assert "enthalten die erfundenen Beispielprojekte" in katalog

    # feeds: no demo report
    feed = client.get(reverse("exporte:feed_berichte")).content.decode()
    assert not any(titel in feed for titel in demo_titel)


def test_open_data_carries_real_records_only(client):
    demodaten_erzeugen(anzahl=30, mit_berichten=True)
    response = client.get("/daten/kernaktivitaeten.csv")
    inhalt = b"".join(response.streaming_content) if response.streaming else response.content
    zeilen = list(csv.DictReader(io.StringIO(inhalt.decode("utf-8-sig")), delimiter=";"))
    ids = {int(z["id"]) for z in zeilen}
    assert ids == set(Kernaktivitaet.objects.oeffentlich().echt().values_list("pk", flat=True))
    assert "beispieldaten" not in zeilen[0]


def test_demo_texts_are_grammatical_and_titles_unique():
    demodaten_erzeugen(anzahl=400, mit_details=True, mit_berichten=True)
    genus = dict(VORHABEN)
    demo = list(Kernaktivitaet.objects.filter(demo=True))
    assert len({p.titel for p in demo}) == len(demo) == 400
    for projekt in demo:
        vorhaben = next(v for v in genus if projekt.titel.startswith(v))
        assert projekt.projektziel.startswith(
            f"Mit {ARTIKEL_DATIV[genus[vorhaben]]} {vorhaben} in "
        )
        assert (
            f"{ARTIKEL_NOMINATIV[genus[vorhaben]].capitalize()} {vorhaben} in"
            in projekt.beschreibung
        )
    assert not any("Der Mentoring-Programm" in p.beschreibung for p in demo)
    assert not any("Mit dem Medienwerkstatt" in p.projektziel for p in demo)
    # phases fit the milestones: none reached in preparation, all reached when completed
    assert not Meilenstein.objects.filter(
        kernaktivitaet__demo=True, kernaktivitaet__phase=Phase.VORBEREITUNG, erreicht__isnull=False
    ).exists()
    assert not Meilenstein.objects.filter(
        kernaktivitaet__demo=True, kernaktivitaet__phase=Phase.UMGESETZT, erreicht__isnull=True
    ).exists()
    phasen = {p.phase for p in demo}
    assert phasen == set(Phase.values)


def test_removing_demo_data_removes_the_banner(client):
    from django.core.management import call_command

    demodaten_erzeugen(anzahl=5, mit_berichten=True)
    assert "Vorführmodus" in text(client.get("/"))
    call_command("demodaten_erzeugen", "--loeschen", "--anzahl", "0", verbosity=0)
    assert "Vorführmodus" not in text(client.get("/"))


def test_feed_is_discoverable_and_readable_in_a_browser(client):
    for url in ("/", "/zielsystem/", "/kernaktivitaeten/", "/barrierefreiheit/"):
        html = client.get(url).content.decode()
        assert re.search(
            r'<link rel="alternate" type="application/atom\+xml"[^>]+href="/feeds/berichte/"', html
        )
    response = client.get("/feeds/berichte/")
    assert response["Content-Type"].startswith("application/atom+xml")
    inhalt = response.content.decode()
    assert '<?xml-stylesheet href="/static/feeds/atom.xsl"' in inhalt
    wurzel = ET.fromstring(response.content)  # still a valid Atom document for readers
    assert wurzel.tag == "{http://www.w3.org/2005/Atom}feed"
    xsl = client.get("/static/feeds/atom.xsl")
    assert xsl["Content-Type"].startswith("text/xsl")
    inhalt = b"".join(xsl.streaming_content) if xsl.streaming else xsl.content
    assert ET.fromstring(inhalt).tag == "{http://www.w3.org/1999/XSL/Transform}stylesheet"
    assert b"http://" not in inhalt.replace(b"http://www.w3.org/", b"")  # nothing from other hosts


def test_back_office_pages_show_the_demo_banner_too(client, referat):
    from tests.factories import KernaktivitaetFactory

    client.force_login(referat)
    ohne = text(client.get(reverse("admin:index")))
    assert "Vorführmodus" not in ohne
    KernaktivitaetFactory(demo=True)
    for adresse in (
        reverse("admin:index"),
        reverse("admin:kernaktivitaeten_kernaktivitaet_changelist"),
        reverse("admin:berichtsstand"),
    ):
        assert "Vorführmodus" in text(client.get(adresse)), adresse
