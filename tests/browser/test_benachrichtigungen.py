"""Following a project by mail in a real browser (issue 19): subscribe without JavaScript
under the strict CSP, confirm through the mailed link, get a notification after an approval,
unsubscribe in one click; axe finds nothing on the subscription pages."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.utils import timezone

from benachrichtigungen.models import Abonnent
from kernaktivitaeten.models import Berichtsstatus, Berichtszeitraum, Kernaktivitaet
from kernaktivitaeten.services import statusbericht_freigeben
from tests.benachrichtigungen.smtp import link, mailer, smtp_server, text
from tests.personas import bericht

from .conftest import neue_seite
from .test_barrierefreiheit import _verstoesse_beschreiben, axe_verstoesse

pytestmark = pytest.mark.browser

ADRESSE = "buergerin@example.org"


@pytest.fixture
def postfach(settings):
    controller, postfach = smtp_server()
    settings.MAILERS = mailer(controller.port)
    caches["begrenzung"].clear()  # rate limits and locks of earlier tests (shared table)
    yield postfach
    controller.stop()
    caches["begrenzung"].clear()


def _axe(page, name):
    verstoesse = axe_verstoesse(page)
    assert not verstoesse, f"{name}: axe-core found\n{_verstoesse_beschreiben(verstoesse)}"


def _freigeben(projekt):
    heute = timezone.localdate()
    zeitraum = Berichtszeitraum.objects.create(
        name="Browsertest-Zeitraum",
        beginn=heute - timedelta(days=100),
        ende=heute + timedelta(days=10),
        faellig_am=heute + timedelta(days=5),
    )
    pruefer = get_user_model().objects.create_superuser("pruefer", "p@example.org", "x")
    eingereicht = bericht(projekt, zeitraum, status=Berichtsstatus.EINGEREICHT)
    statusbericht_freigeben(bericht=eingereicht, user=pruefer)
    return zeitraum


def test_folgen_bestaetigen_benachrichtigt_werden_abmelden(browser, portal, postfach):
    projekt = Kernaktivitaet.objects.oeffentlich().order_by("pk").first()
    # Without JavaScript and with the CSP in force: plain links and forms.
    page = neue_seite(browser, java_script_enabled=False)
    try:
        page.goto(portal.url + projekt.get_absolute_url())
        page.get_by_role("link", name="Per E-Mail benachrichtigen lassen").click()
        assert projekt.titel in page.locator("main").inner_text()
        page.get_by_label("Ihre E-Mail-Adresse").fill(ADRESSE)
        page.get_by_role("button", name="Benachrichtigung anfordern").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Bitte prüfen Sie Ihr Postfach"

        [bestaetigung] = postfach.warten(1)[0:1]
        page.goto(portal.url + link(bestaetigung[1], "bestaetigen"))
        page.get_by_role("button", name="Ja, ich möchte benachrichtigt werden").click()
        assert "Ihre Benachrichtigungen" in page.get_by_role("heading", level=1).inner_text()
        assert projekt.titel in page.locator("main").inner_text()

        zeitraum = _freigeben(projekt)
        postfach.warten(2)
        meldungen = [n for _, n in postfach.nachrichten[1:] if "Statusbericht" in n["Subject"]]
        assert meldungen, [n["Subject"] for _, n in postfach.nachrichten]
        meldung = meldungen[0]
        assert projekt.titel in meldung["Subject"] and zeitraum.name in text(meldung)
        assert meldung["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

        page.goto(portal.url + link(meldung, "abmelden"))
        page.get_by_role("button", name="Abbestellen und Adresse löschen").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Abbestellt"
        assert not Abonnent.objects.filter(email=ADRESSE).exists()
    finally:
        page.context.close()


def test_axe_auf_den_seiten_der_benachrichtigungen(page_ohne_csp, portal, postfach):
    page = page_ohne_csp
    projekt = Kernaktivitaet.objects.oeffentlich().order_by("pk").first()
    page.goto(portal.url + f"/benachrichtigungen/?ziel=projekt&objekt={projekt.slug}")
    _axe(page, "abonnieren")
    page.get_by_role("button", name="Benachrichtigung anfordern").click()  # empty: errors
    assert page.locator(".fehlerzusammenfassung").is_visible()
    _axe(page, "abonnieren mit Fehler")
    page.get_by_label("Ihre E-Mail-Adresse").fill(ADRESSE)
    page.get_by_role("button", name="Benachrichtigung anfordern").click()
    _axe(page, "angefragt")
    [(_, bestaetigung)] = postfach.warten(1)
    page.goto(portal.url + link(bestaetigung, "bestaetigen"))
    _axe(page, "bestaetigen")
    page.get_by_role("button", name="Ja, ich möchte benachrichtigt werden").click()
    _axe(page, "verwalten")
    page.goto(portal.url + link(bestaetigung, "abmelden"))
    _axe(page, "abmelden")
    page.get_by_role("button", name="Abbestellen und Adresse löschen").click()
    _axe(page, "abgemeldet")
    page.goto(portal.url + "/benachrichtigungen/verwalten/kaputt/")
    _axe(page, "ungueltig")
