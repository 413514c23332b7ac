"""Issue 18 in a real browser: a project whose milestones moved (table, history with reasons,
timeline SVG), the change log with entries, and the dashboard's plan section: no axe
violations, the history opens by keyboard, nothing blocked by the CSP."""

from datetime import date

import pytest
from django.core.management import call_command

from kernaktivitaeten.aenderungen import protokoll_nachtragen
from kernaktivitaeten.models import Berichtszeitraum, Kernaktivitaet
from kernaktivitaeten.services import (
    Terminaenderungzeile,
    kernaktivitaet_speichern,
    statusbericht_anlegen,
    statusbericht_einreichen,
    statusbericht_freigeben,
)
from tests.factories import MeilensteinFactory
from tests.personas import person

from .conftest import oeffnen
from .seiten import Seite
from .test_barrierefreiheit import _verstoesse_beschreiben, axe_verstoesse

pytestmark = pytest.mark.browser


@pytest.fixture
def verschobenes_projekt(portal):
    from kernaktivitaeten.rules import PROJEKTLEITUNG, REFERAT, VORSTAND

    call_command("rollen_einrichten", verbosity=0)
    projekt = Kernaktivitaet.objects.fuer_auswertung().filter(kompetenz__isnull=False).first()
    lead = person("lead_plaene", PROJEKTLEITUNG)
    vorstand = person("vorstand_plaene", VORSTAND)
    referat = person("referat_plaene", REFERAT)
    projekt.projektleitungen.add(lead)
    projekt.kompetenz.vorstandsmitglieder.add(vorstand)
    projekt.ende_geplant = date(2028, 12, 31)
    projekt.save()
    meilenstein = MeilensteinFactory(
        kernaktivitaet=projekt, titel="Richtfest", geplant=date(2027, 1, 15)
    )
    zeitraum = Berichtszeitraum.objects.create(
        name="Browsertest",
        beginn=date(2026, 1, 1),
        ende=date(2026, 6, 30),
        faellig_am=date(2026, 7, 15),
    )
    bericht = statusbericht_anlegen(
        kernaktivitaet=projekt,
        berichtszeitraum=zeitraum,
        user=lead,
        daten={"phase": "umsetzung", "fortschritt": 30, "erreicht": "Weiter."},
        terminaenderungen=[
            Terminaenderungzeile(meilenstein.pk, date(2027, 4, 15), "Statik neu berechnet"),
            Terminaenderungzeile(None, date(2029, 6, 30), "Zweiter Bauabschnitt"),
        ],
    )
    bericht = statusbericht_einreichen(bericht=bericht, user=lead)
    statusbericht_freigeben(bericht=bericht, user=vorstand)
    projekt.refresh_from_db()
    projekt.titel = projekt.titel + " (neu)"
    kernaktivitaet_speichern(kernaktivitaet=projekt, user=referat)
    protokoll_nachtragen()
    return projekt


@pytest.mark.parametrize(
    "seite",
    [
        Seite("projekt-mit-verschiebungen", lambda: ""),
        Seite("aenderungen-mit-eintraegen", lambda: "/aenderungen/"),
        Seite("fortschritt-mit-basisplan", lambda: "/fortschritt/"),
    ],
    ids=str,
)
def test_axe_on_the_changed_pages_with_data(page_ohne_csp, portal, verschobenes_projekt, seite):
    pfad = seite.pfad() or verschobenes_projekt.get_absolute_url()
    url = oeffnen(page_ohne_csp, portal, Seite(seite.name, lambda: pfad))
    text = page_ohne_csp.inner_text("main")
    if seite.name == "projekt-mit-verschiebungen":
        assert "3 Monate später als ursprünglich geplant, 1× verschoben" in text
        assert page_ohne_csp.locator("svg[aria-labelledby=zeitleiste-titel]").count() == 1
    elif seite.name == "aenderungen-mit-eintraegen":
        assert "(neu)" in text
    else:
        assert "Die größten Verschiebungen" in text and "Richtfest" in text
    verstoesse = axe_verstoesse(page_ohne_csp)
    assert not verstoesse, f"{url}: axe-core found\n{_verstoesse_beschreiben(verstoesse)}"


def test_history_opens_by_keyboard_under_the_csp(page, portal, verschobenes_projekt):
    meldungen = []
    page.on("console", lambda m: meldungen.append(m.text) if m.type == "error" else None)
    oeffnen(page, portal, Seite("projekt", lambda: verschobenes_projekt.get_absolute_url()))
    zusammenfassung = page.locator("details.termin-verlauf summary").first
    assert not page.locator("details.termin-verlauf").first.evaluate("d => d.open")
    zusammenfassung.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.termin-verlauf").first.evaluate("d => d.open")
    assert (
        page.locator("details.termin-verlauf")
        .first.get_by_text("Statik neu berechnet")
        .is_visible()
    )
    assert not [m for m in meldungen if "Content Security Policy" in m], meldungen
