"""Forms in a real browser: the feedback form's error handling and success, the catalogue's
error summary, and every control of both forms reachable by keyboard with a visible focus."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from bochum_strategie.models import Rueckmeldung

from .test_barrierefreiheit import (
    FOKUS,
    _fokus_sichtbar,
    _verstoesse_beschreiben,
    axe_verstoesse,
)

pytestmark = pytest.mark.browser

FORMULAR = "/barrierefreiheit/rueckmeldung/"

AKTIV = """() => {
  const e = document.activeElement;
  return {id: e.id, klassen: [...e.classList], tag: e.tagName.toLowerCase()};
}"""


def test_leeres_formular_fuehrt_zur_fehlerzusammenfassung(page_ohne_csp, portal):
    page = page_ohne_csp
    page.goto(portal.url + FORMULAR)
    with page.expect_navigation():
        page.get_by_role("button", name="Rückmeldung senden").click()

    assert page.title().startswith("Fehler: ")
    # The summary has the focus (static/js/fehler.js), so screen readers announce it.
    aktiv = page.evaluate(AKTIV)
    assert "fehlerzusammenfassung" in aktiv["klassen"], aktiv
    assert page.get_attribute(".fehlerzusammenfassung", "tabindex") == "-1"

    feld = page.locator("#id_nachricht")
    assert feld.get_attribute("aria-invalid") == "true"
    beschreibung = feld.get_attribute("aria-describedby").split()
    fehlertexte = [page.locator(f"#{kennung}").inner_text() for kennung in beschreibung]
    assert "Bitte schreiben Sie Ihre Nachricht." in fehlertexte
    # The browser computes the error (and the hint) as the field's accessible description.
    expect(feld).to_have_accessible_description(re.compile("Bitte schreiben Sie Ihre Nachricht"))
    expect(feld).to_have_accessible_name(re.compile("^Ihre Nachricht"))

    verstoesse = axe_verstoesse(page)
    assert not verstoesse, _verstoesse_beschreiben(verstoesse)

    # The summary's link takes keyboard and screen-reader users to the field itself.
    page.locator(".fehlerzusammenfassung a[href='#id_nachricht']").click()
    assert page.evaluate(AKTIV)["id"] == "id_nachricht"
    assert Rueckmeldung.objects.count() == 0


def test_gueltige_rueckmeldung_wird_gespeichert_und_gemeldet(page, portal):
    mail.outbox.clear()
    page.goto(portal.url + FORMULAR + "?seite=/zielsystem/")
    assert page.input_value("#id_seite") == "/zielsystem/"
    page.fill("#id_nachricht", "Der Kontrast der Filterleiste ist zu schwach.")
    page.fill("#id_email", "leser@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Rückmeldung senden").click()

    assert page.url == portal.url + FORMULAR + "danke/"
    assert page.locator("h1").inner_text() == "Vielen Dank für Ihre Rückmeldung"
    rueckmeldung = Rueckmeldung.objects.get()
    assert rueckmeldung.nachricht == "Der Kontrast der Filterleiste ist zu schwach."
    assert rueckmeldung.seite == "/zielsystem/" and rueckmeldung.email == "leser@example.org"
    assert len(mail.outbox) == 1
    assert "Der Kontrast der Filterleiste ist zu schwach." in mail.outbox[0].body
    # Reloading the thank-you page sends nothing again (POST/redirect/GET).
    page.reload()
    assert Rueckmeldung.objects.count() == 1 and len(mail.outbox) == 1


def test_katalog_fehlerzusammenfassung_erhaelt_den_fokus(page, portal):
    response = page.goto(portal.url + "/kernaktivitaeten/?kompetenz=gibt-es-nicht")
    assert response.status == 400
    assert page.title().startswith("Fehler: ")
    assert "fehlerzusammenfassung" in page.evaluate(AKTIV)["klassen"]
    page.locator(".fehlerzusammenfassung a[href='#id_kompetenz']").click()
    assert page.evaluate(AKTIV)["id"] == "id_kompetenz"


STEUERELEMENTE = """selector => [...document.querySelectorAll(selector)]
  .filter(e => e.matches('input, select, textarea, button, a[href]') && e.type !== 'hidden')
  .filter(e => e.getClientRects().length > 0)
  .map(e => e.id || e.name || e.textContent.trim())"""


def _per_tab_erreicht(page, selector: str, max_schritte: int = 120) -> dict[str, dict]:
    """Presses Tab from the top of the page until every control inside ``selector`` had the
    focus; returns the focus state of each control reached."""
    erwartet = set(page.evaluate(STEUERELEMENTE, f"{selector} *"))
    assert len(erwartet) >= 3, erwartet
    erreicht: dict[str, dict] = {}
    for _ in range(max_schritte):
        page.keyboard.press("Tab")
        fokus = page.evaluate(FOKUS)
        innen = page.evaluate(f"() => !!document.activeElement.closest({selector!r})")
        if innen:
            schluessel = fokus["id"] or page.evaluate(
                "() => document.activeElement.name || document.activeElement.textContent.trim()"
            )
            erreicht[schluessel] = fokus
        if erwartet <= set(erreicht):
            break
    fehlend = erwartet - set(erreicht)
    assert not fehlend, f"not reachable with Tab: {fehlend}"
    return erreicht


@pytest.mark.parametrize(
    ("pfad", "formular"),
    [
        ("/kernaktivitaeten/", ".katalog__filter form"),
        (FORMULAR, "form.rueckmeldung-formular"),
    ],
    ids=["katalogfilter", "rueckmeldung"],
)
def test_jedes_steuerelement_per_tab_mit_sichtbarem_fokus(page, portal, pfad, formular):
    page.goto(portal.url + pfad)
    erreicht = _per_tab_erreicht(page, formular)
    ohne_stil = {name: f for name, f in erreicht.items() if not _fokus_sichtbar(f)}
    assert not ohne_stil, f"focused without visible focus style: {ohne_stil}"
    # The honeypot is never a tab stop.
    assert "id_homepage" not in erreicht
