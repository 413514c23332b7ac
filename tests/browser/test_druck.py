"""Printing: project pages and the catalogue print without navigation, filters or footer, and
nothing is wider than the paper (static/css/portal.css, @media print)."""

import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from kernaktivitaeten.models import Kernaktivitaet

pytestmark = pytest.mark.browser

# A4 minus Chromium's default margins (about 1 cm each side), in CSS pixels at 96 dpi.
DRUCKBREITE = 718

VERSTECKT = [
    ".skip-link",
    ".sprachwahl",
    ".hauptnavigation",
    "nav[aria-label='Brotkrümelnavigation']",
    ".site-footer",
    ".katalog__filter",
    ".pagination",
]

ZU_BREIT = """breite => [...document.querySelectorAll('body *')]
  .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > breite + 1)
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""


def _projekt_pfad():
    projekt = Kernaktivitaet.objects.oeffentlich().exclude(beschreibung="").first()
    with translation.override("de"):
        return projekt, projekt.get_absolute_url()


@pytest.mark.parametrize("art", ["projekt", "katalog"])
def test_druckansicht_ohne_navigation_und_nicht_zu_breit(browser, portal, art):
    from .conftest import neue_seite

    page = neue_seite(browser, viewport={"width": DRUCKBREITE, "height": 1000})
    try:
        pfad = _projekt_pfad()[1] if art == "projekt" else "/kernaktivitaeten/?seite=1"
        page.goto(portal.url + pfad)
        page.emulate_media(media="print")
        sichtbar = {
            selector: page.evaluate(
                """s => [...document.querySelectorAll(s)]
                     .some(e => getComputedStyle(e).display !== 'none' && e.getClientRects().length)""",
                selector,
            )
            for selector in VERSTECKT
        }
        assert not any(sichtbar.values()), f"visible in print: {sichtbar}"
        assert page.locator("main h1").is_visible()
        masse = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert masse[0] <= masse[1], (
            f"{pfad}: {masse}, too wide: {page.evaluate(ZU_BREIT, masse[1])}"
        )
        assert page.evaluate(ZU_BREIT, DRUCKBREITE) == []
    finally:
        page.context.close()


def test_projektseite_als_pdf(page, portal):
    projekt, pfad = _projekt_pfad()
    page.goto(portal.url + pfad)
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    text = "\n".join(seite.extract_text() for seite in pdf.pages)
    assert projekt.titel.split()[0] in text
    assert "Projektbeschreibung" in text
    for aus_der_navigation in ("Zum Inhalt springen", "Hauptnavigation", "Barriere melden"):
        assert aus_der_navigation not in text
    assert len(pdf.pages) <= 6
    breite = float(pdf.pages[0].mediabox.width)
    assert 590 < breite < 600  # A4 portrait: nothing forced a wider page
