"""The search in a real browser (issue 16): from the header on a phone the page lands on the
results (an anchor, no JavaScript); SDG numbers and the dashboard's "Gesamt" fit 1280 px."""

import pytest

from kernaktivitaeten.models import Kernaktivitaet
from kernaktivitaeten.services import kernaktivitaet_speichern
from querschnitt.models import Nachhaltigkeitsziel

from .conftest import neue_seite

pytestmark = pytest.mark.browser


def test_header_search_on_a_phone_scrolls_to_the_results(browser, portal):
    page = neue_seite(browser, viewport={"width": 375, "height": 667}, java_script_enabled=False)
    try:
        page.goto(portal.url + "/zielsystem/")
        page.fill("#kopfsuche-begriff", "Baenke")
        page.click(".kopfsuche button")
        page.wait_for_load_state("load")
        assert page.url.endswith("#ergebnisse")
        assert "Baenke" in page.url
        ueberschrift = page.locator("#ergebnis-titel")
        assert "gefunden" in ueberschrift.inner_text()
        # the browser scrolled to the results (once the layout settled): they are on screen
        for _ in range(50):
            oben, gescrollt = page.evaluate(
                """() => [document.getElementById('ergebnis-titel').getBoundingClientRect().top,
                          window.scrollY]"""
            )
            if gescrollt > 0 and 0 <= oben < 667:
                break
            page.wait_for_timeout(100)
        assert gescrollt > 0 and 0 <= oben < 667, (oben, gescrollt)
        assert page.locator(".projekt-liste", has_text="1.000 Bänke für Bochum").count() == 1
    finally:
        page.context.close()


def test_sdg_numbers_and_dashboard_total_fit_1280(browser, portal):
    projekt = Kernaktivitaet.objects.fuer_auswertung().get(titel="1.000 Bänke für Bochum")
    projekt.nachhaltigkeitsziele.set(Nachhaltigkeitsziel.objects.filter(nummer__in=[11, 16, 17]))
    kernaktivitaet_speichern(kernaktivitaet=projekt)
    page = neue_seite(browser, viewport={"width": 1280, "height": 800})
    try:
        page.goto(portal.url + projekt.get_absolute_url())
        hoehen = page.evaluate(
            """() => [...document.querySelectorAll('.sdg-badge__nummer')].map(e =>
                 [e.textContent, e.getClientRects().length, e.getBoundingClientRect().height])"""
        )
        assert len(hoehen) == 3
        for nummer, zeilen, hoehe in hoehen:
            assert zeilen == 1 and hoehe < 40, (nummer, zeilen, hoehe)
        page.goto(portal.url + "/fortschritt/")
        tabellen = page.evaluate(
            """() => [...document.querySelectorAll('.table-responsive')].map(d =>
                 [d.querySelector('caption').textContent, d.scrollWidth, d.clientWidth])"""
        )
        for titel, breite, sichtbar in tabellen:
            assert breite <= sichtbar, f"{titel}: {breite} > {sichtbar} (a column is cut off)"
    finally:
        page.context.close()
