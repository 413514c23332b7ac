"""Fortschrittsbericht as PDF: tagged (PDF/UA), cover, contents, chart, status paragraphs."""

import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from kernaktivitaeten.exporte.fortschritt import Auswahl, Zugriff
from kernaktivitaeten.exporte.pdf import fortschrittsbericht_html

from .helpers import dateiname, inhalt, struktur, ueberschriften_in_ordnung

pytestmark = pytest.mark.django_db

URL = "/verwaltung/exporte/fortschrittsbericht/"


@pytest.fixture
def pdf(client, referat, daten, kultur):
    client.force_login(referat)
    response = client.get(URL, {"format": "pdf", "kompetenz": kultur.slug})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response


def _text(reader) -> str:
    return re.sub(r"\s+", " ", " ".join(seite.extract_text() for seite in reader.pages))


def test_pdf_is_tagged_with_language_and_title(pdf, kultur):
    heute = timezone.localdate().isoformat()
    assert dateiname(pdf) == f"fortschrittsbericht-{kultur.slug}-{heute}.pdf"
    reader = PdfReader(io.BytesIO(inhalt(pdf)))
    katalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in katalog
    assert bool(katalog["/MarkInfo"]["/Marked"])
    assert katalog["/Lang"] == "de"
    assert reader.metadata.title.startswith("Fortschrittsbericht Bochum Strategie 2030")
    assert len(reader.pages) >= 3  # cover, contents, the Kompetenz


def test_pdf_text_has_cover_contents_and_status_paragraphs(pdf, kultur):
    reader = PdfReader(io.BytesIO(inhalt(pdf)))
    deckblatt = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    assert "Fortschrittsbericht" in deckblatt
    assert f"Stand {timezone.localdate():%d.%m.%Y}" in deckblatt
    assert "Nur für den Dienstgebrauch" in deckblatt
    inhaltsverzeichnis = re.sub(r"\s+", " ", reader.pages[1].extract_text())
    assert "Inhalt" in inhaltsverzeichnis
    assert re.search(rf"{kultur.titel}\W*\.+\s*3", inhaltsverzeichnis)
    text = _text(reader)
    assert "Seite 3" in text  # page numbers from @page
    assert "Festivalsommer" in text
    assert "Bühne gebaut und 1.250 Gäste begrüßt." in text
    assert "Stand 2026 – 2. Halbjahr (freigegeben am 20.11.2026)" in text
    assert "Lieferverzug bei Bühnentechnik" in text  # Referat sees internal fields
    assert "Noch kein freigegebener Statusbericht." in text
    assert "Eingereichter Text" not in text  # not approved
    assert "Klimaquartier" not in text  # other Kompetenz


def test_pdf_html_has_chart_with_data_table_and_ordered_headings(daten, kultur):
    html = fortschrittsbericht_html(Auswahl(zugriff=Zugriff.vollstaendig(), kompetenz=kultur))
    assert re.search(r'<svg [^>]*role="img"[^>]*aria-labelledby="diagramm-1-titel"', html)
    assert '<title id="diagramm-1-titel">Kernaktivitäten nach Phase: Hotspot' in html
    assert '<th scope="row">in Umsetzung</th>' in html
    aufbau = struktur(html)
    assert ueberschriften_in_ordnung(aufbau.ueberschriften)
    assert aufbau.th_ohne_scope == 0
    assert "@font-face" not in html and "http" not in html.split("<body>")[0]


def test_pdf_without_internal_fields(daten, kultur):
    html = fortschrittsbericht_html(
        Auswahl(zugriff=Zugriff.vollstaendig(intern=False), kompetenz=kultur)
    )
    assert "Festivalsommer" in html
    assert "Lieferverzug" not in html
    assert "Dienstgebrauch" not in html


# Rendered in parts (issue 21) ---------------------------------------------------------------


@pytest.fixture
def in_teilen(daten, monkeypatch):
    """The whole report (Referat, every Kompetenz) in parts of two projects and comparison
    lists of one row: many parts, joined into one PDF."""
    from kernaktivitaeten.exporte import pdf
    from kernaktivitaeten.exporte.fortschritt import standard_zeitraum

    monkeypatch.setattr(pdf, "TEIL_PROJEKTE", 2)
    monkeypatch.setattr(pdf, "VERGLEICH_ZEILEN", 1)
    teile = []
    echt = pdf._rendern
    monkeypatch.setattr(pdf, "_rendern", lambda html, ziel: teile.append(ziel) or echt(html, ziel))
    auswahl = Auswahl(zugriff=Zugriff.vollstaendig(), zeitraum=standard_zeitraum())
    reader = PdfReader(io.BytesIO(pdf.fortschrittsbericht_pdf(auswahl)))
    return reader, auswahl, teile


def _seitentexte(reader) -> list[str]:
    return [re.sub(r"\s+", " ", seite.extract_text()) for seite in reader.pages]


def test_parts_have_continuous_page_numbers_and_a_correct_contents(in_teilen):
    reader, auswahl, teile = in_teilen
    assert len(teile) > 10  # really rendered in many parts
    texte = _seitentexte(reader)
    for nummer, seitentext in enumerate(texte[1:], start=2):  # the cover has no footer
        assert f"Seite {nummer}" in seitentext, nummer
    inhalt_ = texte[1].split("Inhalt", 1)[1]
    eintraege = re.findall(r"([^.]+?) ?\.{3,} ?(\d+)", inhalt_)
    kapitel = {titel.strip(): int(seite) for titel, seite in eintraege}
    for gruppe in auswahl.gruppen():
        seite = kapitel[gruppe.titel]
        assert gruppe.titel in texte[seite - 1] and "Zusammenfassung" in texte[seite - 1]
        assert seite == 3 or gruppe.titel not in texte[seite - 2]  # starts on that page
    assert (
        "Termine im Vergleich zum Basisplan"
        in texte[kapitel["Termine im Vergleich zum Basisplan"] - 1]
    )
    vergleich = kapitel["Vergleich der Berichtszeiträume"]
    assert "Stand am Ende von" in texte[vergleich - 1]
    assert vergleich < len(texte)  # the comparison goes on over several parts


def test_parts_are_joined_into_one_structure_tree_with_bookmarks(in_teilen, kultur):
    """One structure tree, one parent tree, the PDF/UA catalogue entries and the bookmarks
    of all parts in order (rendered once for both checks: the parts take a while)."""
    reader, _auswahl, _teile = in_teilen
    _lesezeichen_pruefen(reader, kultur)
    katalog = reader.trailer["/Root"]
    assert katalog["/Lang"] == "de" and bool(katalog["/MarkInfo"]["/Marked"])
    assert b"pdfuaid" in katalog["/Metadata"].get_data()
    assert reader.metadata.title.startswith("Fortschrittsbericht Bochum Strategie 2030")
    wurzel = katalog["/StructTreeRoot"]
    dokument = wurzel["/K"].get_object()
    assert dokument["/S"] == "/Document"
    seiten = {seite.indirect_reference.idnum for seite in reader.pages}
    schluessel = [seite["/StructParents"] for seite in reader.pages]
    assert schluessel == list(range(len(reader.pages)))  # shifted, none twice
    zahlen = wurzel["/ParentTree"]["/Nums"]
    assert [int(z) for z in zahlen[::2]] == schluessel
    assert wurzel["/ParentTreeNextKey"] == len(reader.pages)
    # Every element hangs in the one tree and marks content on a page of this document.
    arten, stapel = set(), [(dokument, wurzel.raw_get("/K").idnum)]
    while stapel:
        element, eltern = stapel.pop()
        for kind in element.get("/K", []) if isinstance(element.get("/K"), list) else []:
            if hasattr(kind, "idnum"):
                objekt = kind.get_object()
                if "/S" in objekt:
                    assert objekt.raw_get("/P").idnum == eltern
                    if "/Pg" in objekt:
                        assert objekt.raw_get("/Pg").idnum in seiten
                    arten.add(objekt["/S"])
                    stapel.append((objekt, kind.idnum))
    assert {"/H1", "/H2", "/H3", "/H4", "/P", "/Table"} <= arten
    # The marked content of each page points back to elements of the tree.
    for eintrag in zahlen[1::2]:
        for element in eintrag if isinstance(eintrag, list) else [eintrag]:
            assert "/S" in element.get_object()


def _lesezeichen_pruefen(reader, kultur):
    (titel, unter) = reader.outline
    assert titel.title.startswith("Fortschrittsbericht")
    oben = [eintrag.title for eintrag in unter if not isinstance(eintrag, list)]
    assert oben[0] == "Inhalt" and kultur.titel in oben
    assert oben[-2:] == ["Termine im Vergleich zum Basisplan", "Vergleich der Berichtszeiträume"]
    kapitel = unter[
        unter.index(next(e for e in unter if getattr(e, "title", "") == kultur.titel)) + 1
    ]
    namen = [e.title for e in kapitel if not isinstance(e, list)]
    assert namen == ["Zusammenfassung", "Kernaktivitäten"]
    projekte = [e.title for e in kapitel[-1]]
    # Three projects of the Kompetenz, from two parts, all below "Kernaktivitäten".
    assert len(projekte) >= 3 and any("Festivalsommer" in p for p in projekte)
    ziele = [reader.get_destination_page_number(e) for e in kapitel[-1]]
    assert ziele == sorted(ziele)
