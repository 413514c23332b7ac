"""Issue 14, done-when: the three journeys of the back office in a real browser, in German.

1. A project lead logs in, clicks "Bericht schreiben", types, clicks "Bericht einreichen":
   at most 3 clicks after login.
2. The Vorstand opens the submitted report, reads the difference to the last approved report,
   clicks "Freigeben und veröffentlichen …" and confirms: at most 3 clicks after login.
3. The Referat sees the Berichtsstand change and exports it as Excel.

axe-core finds no WCAG 2.1 A/AA violation on the report form, the review page and the
Berichtsstand. The screenshots of the user documentation (docs/bilder/) are taken here: with
SCREENSHOTS_AKTUALISIEREN=1 they are written into docs/bilder/, otherwise into test-results/.
"""

import io
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone
from openpyxl import load_workbook

from kernaktivitaeten.models import Berichtsstatus, Berichtszeitraum, Statusbericht
from kernaktivitaeten.rules import PROJEKTLEITUNG, REFERAT, VORSTAND
from tests.factories import KernaktivitaetFactory, UserFactory
from zielsystem.models import Kompetenz

from .conftest import SCREENSHOTS
from .test_barrierefreiheit import _verstoesse_beschreiben, axe_verstoesse

pytestmark = pytest.mark.browser

PASSWORT = "ein-langes-passwort-fuer-den-test"
BILDER = (
    Path(settings.BASE_DIR) / "docs" / "bilder"
    if os.environ.get("SCREENSHOTS_AKTUALISIEREN") == "1"
    else SCREENSHOTS
)


def bild(page, name: str):
    BILDER.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(BILDER / f"{name}.png"), full_page=False)


class Klicks:
    """Counts the clicks a person makes (typing is not a click)."""

    def __init__(self):
        self.anzahl = 0

    def __call__(self, locator, *, navigation=True):
        self.anzahl += 1
        if navigation:
            with locator.page.expect_navigation():
                locator.click()
        else:
            locator.click()


def person(name, rolle):
    user = UserFactory(username=name, first_name=name.title(), password=PASSWORT)
    user.groups.set([Group.objects.get(name=rolle)])
    return user


@pytest.fixture
def welt(portal):
    kultur = Kompetenz.objects.get(slug="hotspot-der-live-kultur")
    leitung = person("lena", PROJEKTLEITUNG)
    vorstand = person("volker", VORSTAND)
    kultur.vorstandsmitglieder.add(vorstand)
    referat = person("rita", REFERAT)
    projekt = KernaktivitaetFactory(
        titel="Konzerte im Rathaus",
        slug="konzerte-im-rathaus",
        kompetenz=kultur,
        phase="umsetzung",
        fortschritt=20,
    )
    projekt.projektleitungen.add(leitung)
    heute = timezone.localdate()
    frueher = Berichtszeitraum.objects.create(
        name="Voriger Berichtszeitraum",
        beginn=heute - timedelta(days=330),
        ende=heute - timedelta(days=151),
        faellig_am=heute - timedelta(days=120),
        offen=False,
    )
    aktuell = Berichtszeitraum.objects.create(
        name="Aktueller Berichtszeitraum",
        beginn=heute - timedelta(days=150),
        ende=heute + timedelta(days=30),
        faellig_am=heute + timedelta(days=14),
    )
    Statusbericht.objects.create(
        kernaktivitaet=projekt,
        berichtszeitraum=frueher,
        status=Berichtsstatus.FREIGEGEBEN,
        phase="umsetzung",
        fortschritt=20,
        erreicht="Zehn Konzerte im Rathaus.",
        risiken="Keine.",
    )
    return {
        "leitung": leitung,
        "vorstand": vorstand,
        "referat": referat,
        "projekt": projekt,
        "zeitraum": aktuell,
    }


def anmelden(page, portal, user, klicks=None):
    page.goto(portal.url + "/verwaltung/login/?next=/verwaltung/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORT)
    with page.expect_navigation():
        page.locator("input[type=submit], button[type=submit]").first.click()
    assert page.url == portal.url + "/verwaltung/", page.url


def abmelden(page):
    page.context.clear_cookies()


def keine_axe_verstoesse(page):
    verstoesse = axe_verstoesse(page)
    assert not verstoesse, f"{page.url}: axe-core found\n{_verstoesse_beschreiben(verstoesse)}"


def test_drei_wege_durch_das_backoffice(page_ohne_csp, portal, welt):
    page = page_ohne_csp
    projekt, zeitraum = welt["projekt"], welt["zeitraum"]

    # --- 1. The lead writes and submits ---------------------------------------------------
    anmelden(page, portal, welt["leitung"])
    bild(page, "01-start-projektleitung")
    klicks = Klicks()
    klicks(page.get_by_role("link", name="Bericht schreiben"))
    assert "Entwurf" in page.locator("[aria-current=step]").inner_text()
    assert page.locator("#id_kernaktivitaet").input_value() == str(projekt.pk)
    keine_axe_verstoesse(page)
    page.fill(
        "#id_erreicht",
        "Zwanzig Konzerte im Rathaus.\n\n- davon **acht** für Kinder\n- zwei im Freien",
    )
    page.fill("#id_fortschritt", "45")
    page.select_option("#id_ampel", "gefaehrdet")
    page.fill("#id_risiken", "Die Halle wird 2027 saniert.")
    # The preview (JavaScript) shows the formatted text before anything is saved.
    page.get_by_role("button", name="Vorschau").click()
    vorschau = page.locator(".vorschau-inhalt").first
    vorschau.locator("strong").wait_for()
    assert vorschau.locator("strong").inner_text() == "acht"
    bild(page, "02-bericht-schreiben")
    klicks(page.get_by_role("button", name="Bericht einreichen"))
    assert "Der Bericht wurde eingereicht" in page.locator(".messagelist").inner_text()
    assert "eingereicht" in page.locator("[aria-current=step]").inner_text()
    assert klicks.anzahl <= 3, f"the lead needed {klicks.anzahl} clicks"
    bild(page, "03-bericht-eingereicht")
    bericht = Statusbericht.objects.get(berichtszeitraum=zeitraum, kernaktivitaet=projekt)
    assert bericht.status == Berichtsstatus.EINGEREICHT
    abmelden(page)

    # --- 2. The Vorstand reviews the difference and approves with confirmation -----------
    anmelden(page, portal, welt["vorstand"])
    klicks = Klicks()
    klicks(page.locator("#pruefen-titel ~ table").get_by_role("link", name=projekt.titel))
    inhalt = page.locator("#content-main")
    assert inhalt.locator("del", has_text="Zehn").count() >= 1
    assert inhalt.locator("ins", has_text="Zwanzig").count() >= 1
    ueberblick = page.locator(".bericht-ueberblick").bounding_box()
    knopf = page.get_by_role("button", name="Freigeben und veröffentlichen …").bounding_box()
    assert ueberblick["y"] < knopf["y"]  # the content first, the buttons below it
    keine_axe_verstoesse(page)
    bild(page, "04-bericht-pruefen")
    page.fill("#id_pruef_kommentar", "Danke, sehr anschaulich.")
    klicks(page.get_by_role("button", name="Freigeben und veröffentlichen …"))
    assert "sofort öffentlich" in page.locator(".bestaetigung").inner_text()
    assert Statusbericht.objects.get(pk=bericht.pk).status == Berichtsstatus.EINGEREICHT
    bild(page, "05-freigabe-bestaetigen")
    klicks(page.get_by_role("button", name="Ja, freigeben und veröffentlichen"))
    assert "freigegeben und ist jetzt öffentlich" in page.locator(".messagelist").inner_text()
    assert klicks.anzahl <= 3, f"the Vorstand needed {klicks.anzahl} clicks"
    bericht.refresh_from_db()
    assert bericht.status == Berichtsstatus.FREIGEGEBEN
    assert bericht.pruefkommentar == "Danke, sehr anschaulich."
    abmelden(page)

    # The public page shows the formatted text.
    page.goto(portal.url + projekt.get_absolute_url())
    assert page.locator("strong", has_text="acht").count() >= 1

    # --- 3. The Referat sees the Berichtsstand change and exports it ---------------------
    anmelden(page, portal, welt["referat"])
    with page.expect_navigation():
        page.get_by_role("link", name="Berichtsstand aller Kernaktivitäten").click()
    zeile = page.locator("#berichtsstand tr", has_text=projekt.titel)
    assert "freigegeben" in zeile.inner_text()
    summen = page.locator("#berichtsstand-summen")
    assert "Hotspot der Live-Kultur" in summen.inner_text()
    keine_axe_verstoesse(page)
    bild(page, "06-berichtsstand")
    with page.expect_download() as download:
        page.get_by_role("button", name="Als Excel-Datei herunterladen").click()
    mappe = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    zeilen = list(mappe["Kernaktivitäten"].iter_rows(values_only=True))
    assert any(z[1] == projekt.titel and z[4] == "freigegeben" for z in zeilen)
