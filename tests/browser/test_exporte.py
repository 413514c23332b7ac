"""An export job in a real browser (issue 21): the Referat starts the PDF of the whole
portfolio, watches the progress bar move (static/js/exportauftrag.js under the real CSP),
gets the download when the worker is done; axe-core finds no WCAG violation on the progress
page.

The worker is a thread of this test that runs the job as ``db_worker`` would; gates after the
first parts let the test see the bar at 0 and then at a value between 0 and the end, without
timing assumptions.
"""

import re
import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connections

from kernaktivitaeten.exporte import auftraege, pdf
from kernaktivitaeten.models import Exportauftrag, Exportstatus, Kernaktivitaet
from kernaktivitaeten.rules import REFERAT
from tests.factories import UserFactory

from .test_backoffice import PASSWORT, anmelden
from .test_barrierefreiheit import _verstoesse_beschreiben, axe_verstoesse

pytestmark = pytest.mark.browser


@pytest.fixture
def referat(portal, settings, tmp_path, monkeypatch):
    settings.EXPORT_HINTERGRUND_AB = 5
    settings.EXPORTE_VERZEICHNIS = tmp_path
    monkeypatch.setattr(auftraege, "_einreihen", lambda auftrag: None)  # the test is the worker
    monkeypatch.setattr(pdf, "TEIL_PROJEKTE", 4)
    person = UserFactory(username="referat_browser", password=PASSWORT)
    person.groups.set([Group.objects.get(name=REFERAT)])
    return person


def _worker(auftrag_id: int, tore: list[threading.Event], monkeypatch):
    """Runs the job in a thread on the test's database connection; the first parts wait
    for a gate each."""
    echt = pdf._rendern
    teile = iter(tore)

    def mit_toren(html, ziel):
        seiten = echt(html, ziel)
        if ziel.stem.isdigit():
            tor = next(teile, None)
            if tor is not None:
                assert tor.wait(timeout=30), "the test did not open the gate"
        return seiten

    monkeypatch.setattr(pdf, "_rendern", mit_toren)
    verbindung = connections["default"]
    verbindung.inc_thread_sharing()
    fehler = []

    def laufen():
        connections["default"] = verbindung
        try:
            auftraege.exportauftrag_ausfuehren(auftrag_id=auftrag_id, lauf=1)
        except Exception as exc:  # reported by the test
            fehler.append(exc)

    thread = threading.Thread(target=laufen, daemon=True)
    thread.start()
    return thread, fehler, verbindung


def _balken(page) -> tuple[int, int]:
    werte = page.eval_on_selector("progress", "p => [p.value, p.max]")
    return int(werte[0]), int(werte[1])


def test_grosser_pdf_export_mit_fortschritt_und_download(
    page, page_ohne_csp, portal, referat, monkeypatch
):
    from playwright.sync_api import expect

    anzahl = Kernaktivitaet.objects.count()
    anmelden(page, portal, referat)
    page.goto(portal.url + "/verwaltung/exporte/")
    page.check("input[name=format][value=pdf]")
    with page.expect_navigation():
        page.get_by_role("button", name="Bericht herunterladen").click()
    auftrag = Exportauftrag.objects.get()
    assert page.url == f"{portal.url}/verwaltung/exporte/auftraege/{auftrag.pk}/"
    assert "wartet auf den Start" in page.locator("[data-status]").inner_text()
    assert _balken(page) == (0, 1)

    tore = [threading.Event(), threading.Event()]
    thread, fehler, verbindung = _worker(auftrag.pk, tore, monkeypatch)
    try:
        # The first part is rendered and waits: the script shows the job running at 0.
        expect(page.locator("[data-zahlen]")).to_contain_text(
            f"0 von {anzahl} Kernaktivitäten", timeout=20_000
        )
        assert _balken(page) == (0, anzahl)

        # axe on the progress page while the job runs.
        anmelden(page_ohne_csp, portal, referat)
        page_ohne_csp.goto(page.url)
        assert page_ohne_csp.locator("progress").count() == 1
        verstoesse = axe_verstoesse(page_ohne_csp)
        assert not verstoesse, _verstoesse_beschreiben(verstoesse)

        tore[0].set()
        expect(page.locator("progress")).not_to_have_attribute("value", "0", timeout=20_000)
        erledigt, gesamt = _balken(page)
        assert 0 < erledigt < gesamt == anzahl  # the bar moved, the job is not done
        assert re.search(r"\d+ von \d+ Kernaktivitäten \(\d+ %\)", page.inner_text("main"))

        tore[1].set()
        # Done: the script reloads the page once, which offers the file.
        download_link = page.get_by_role("link", name=re.compile("herunterladen$"))
        download_link.wait_for(timeout=60_000)
    finally:
        for tor in tore:
            tor.set()
        thread.join(timeout=120)
        verbindung.dec_thread_sharing()
    assert not fehler, fehler
    auftrag.refresh_from_db()
    assert auftrag.status == Exportstatus.FERTIG
    assert "Status: fertig" in page.locator("[data-status]").inner_text()
    assert page.locator("progress").count() == 0

    with page.expect_download() as download:
        download_link.click()
    datei = download.value
    assert re.fullmatch(
        r"fortschrittsbericht-\d{4}-\d{2}-\d{2}-\d{4}\.pdf", datei.suggested_filename
    )
    assert datei.suggested_filename == auftrag.dateiname
    with open(datei.path(), "rb") as inhalt:
        assert inhalt.read(5) == b"%PDF-"

    # axe on the finished page (download, no bar) too.
    assert page_ohne_csp.goto(page.url).status == 200
    verstoesse = axe_verstoesse(page_ohne_csp)
    assert not verstoesse, _verstoesse_beschreiben(verstoesse)
