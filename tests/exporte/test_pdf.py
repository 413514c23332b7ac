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
