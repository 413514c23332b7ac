"""Fragments follow every change that affects them, and only those (issue 20, part 3).

Project cards are kept by the values they show (``Kernaktivitaet.karten_stand``), Zielsystem
blocks by the Zielsystemstand (bochum_strategie/lib/fragmentcache.py, ADR 0014). Each test
warms the pages, makes one kind of change the way the portal makes it (the report workflow's
services, the back office), and then checks both that the page shows the new content and how
many fragments were rendered again: the changed project's card at most, never the others.
The page cache stays off (as in all tests), so every request renders the page itself.
"""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bochum_strategie.lib import fragmentcache
from kernaktivitaeten.bilder import bild_pruefen_und_bereinigen
from kernaktivitaeten.models import (
    KARTENFELDER,
    BerichtMeilenstein,
    Berichtsstatus,
    Bild,
    Kernaktivitaet,
    Terminaenderung,
)
from kernaktivitaeten.services import statusbericht_freigeben
from tests.factories import KernaktivitaetFactory
from tests.helpers import formular_daten, text
from tests.personas import bericht
from tests.sicherheit.test_bilder import bild_bytes, upload
from zielsystem.models import Kompetenz, Schwerpunkt

pytestmark = pytest.mark.django_db

KATALOG = "/kernaktivitaeten/?kompetenz=hotspot-der-live-kultur"


@pytest.fixture(autouse=True)
def fragmente(settings, tmp_path):
    settings.FRAGMENTCACHE_AKTIV = True
    settings.MEDIA_ROOT = tmp_path / "medien"
    caches["fragmente"].clear()
    fragmentcache.erzeugt.clear()
    yield
    caches["fragmente"].clear()


@pytest.fixture
def welt(projekt_a, projekt_b, kultur):
    """Projects A and B and three more of the same Kompetenz, all on one catalogue page."""
    weitere = [
        KernaktivitaetFactory(titel=f"Weiteres Kulturprojekt {i}", kompetenz=kultur)
        for i in range(3)
    ]
    return projekt_a, projekt_b, weitere


def _neu_erzeugt(client, url, art="karte") -> tuple[str, int]:
    """The page's text and how many fragments of ``art`` it rendered (not from the cache)."""
    vorher = fragmentcache.erzeugt[art]
    response = client.get(url)
    assert response.status_code == 200, url
    return text(response), fragmentcache.erzeugt[art] - vorher


def _aufwaermen(client, *urls) -> int:
    """Renders the pages twice: the second time every fragment comes from the cache."""
    erste = sum(_neu_erzeugt(client, url)[1] for url in urls)
    assert all(_neu_erzeugt(client, url)[1] == 0 for url in urls)
    return erste


def _freigeben(projekt, zeitraum, referat, capture, zeilen=None, **felder):
    eingereicht = bericht(projekt, zeitraum, status=Berichtsstatus.EINGEREICHT, **felder)
    for art, zeile in (zeilen or {}).items():
        art.objects.create(statusbericht=eingereicht, **zeile)
    with capture(execute=True):
        statusbericht_freigeben(bericht=eingereicht, user=referat)


def _im_backoffice(client, user, adresse, aendern) -> None:
    client.force_login(user)
    daten = formular_daten(client.get(adresse))
    aendern(daten)
    response = client.post(adresse, daten)
    assert response.status_code == 302, text(response)[:3000]
    client.logout()


def _projekt_aendern(client, referat, projekt, **felder) -> None:
    adresse = reverse("admin:kernaktivitaeten_kernaktivitaet_change", args=[projekt.pk])
    _im_backoffice(client, referat, adresse, lambda daten: daten.update(felder))


# One test per kind of change ---------------------------------------------------------------


def test_report_approved_re_renders_only_that_projects_card(
    client, welt, zeitraum, referat, django_capture_on_commit_callbacks
):
    projekt_a, _b, _weitere = welt
    karten = _aufwaermen(client, KATALOG)
    assert karten >= 5
    _freigeben(projekt_a, zeitraum, referat, django_capture_on_commit_callbacks, fortschritt=65)
    seite, neu = _neu_erzeugt(client, KATALOG)
    assert "65 % umgesetzt" in seite and "20 % umgesetzt" not in seite
    assert neu == 1


@pytest.mark.parametrize("phase", ["ruhend", "eingestellt"])  # eingestellt: stopped
def test_phase_changed_re_renders_only_that_projects_card(client, welt, referat, phase):
    projekt_a, _b, _weitere = welt
    _aufwaermen(client, KATALOG)
    _projekt_aendern(client, referat, projekt_a, phase=phase)
    seite, neu = _neu_erzeugt(client, KATALOG)
    karte_a = seite.split("Projekt A", 1)[1].split("Fortschritt", 1)[0]
    assert phase in karte_a.lower()
    assert neu == 1


def test_title_changed_re_renders_only_that_projects_card(client, welt, referat, kultur):
    projekt_a, _b, _weitere = welt
    _aufwaermen(client, KATALOG, kultur.get_absolute_url())
    vorher = fragmentcache.erzeugt.copy()
    _projekt_aendern(client, referat, projekt_a, titel="Projekt A mit neuem Namen")
    seite, neu = _neu_erzeugt(client, KATALOG)
    assert "Projekt A mit neuem Namen" in seite
    assert neu == 1
    # A project's change leaves the Zielsystem blocks alone (the Zielsystemstand stays).
    kompetenzseite, neu = _neu_erzeugt(client, kultur.get_absolute_url())
    assert "Projekt A mit neuem Namen" in kompetenzseite and neu == 0
    assert fragmentcache.erzeugt["kompetenz-ziele"] == vorher["kompetenz-ziele"]


def test_milestone_reached_shows_on_the_project_page_and_re_renders_no_card(
    client, welt, zeitraum, referat, django_capture_on_commit_callbacks
):
    projekt_a, _b, _weitere = welt
    meilenstein = projekt_a.meilensteine.get(titel="Auftakt")
    erreicht = zeitraum.beginn + timedelta(days=3)
    _aufwaermen(client, KATALOG, projekt_a.get_absolute_url())
    _freigeben(
        projekt_a,
        zeitraum,
        referat,
        django_capture_on_commit_callbacks,
        fortschritt=20,  # the card's values stay as they were
        zeilen={BerichtMeilenstein: {"meilenstein": meilenstein, "erreicht": erreicht}},
    )
    projektseite, _n = _neu_erzeugt(client, projekt_a.get_absolute_url())
    assert erreicht.strftime("%d.%m.%Y") in projektseite
    assert _neu_erzeugt(client, KATALOG)[1] == 0


def test_milestone_shifted_shows_on_the_project_page_and_re_renders_no_card(
    client, welt, zeitraum, referat, django_capture_on_commit_callbacks
):
    projekt_a, _b, _weitere = welt
    meilenstein = projekt_a.meilensteine.get(titel="Auftakt")
    neu_geplant = meilenstein.geplant + timedelta(days=92)
    _aufwaermen(client, KATALOG, projekt_a.get_absolute_url())
    zeile = {"meilenstein": meilenstein, "geplant_neu": neu_geplant, "begruendung": "Umbau"}
    _freigeben(
        projekt_a,
        zeitraum,
        referat,
        django_capture_on_commit_callbacks,
        fortschritt=20,
        zeilen={Terminaenderung: zeile},
    )
    projektseite, _n = _neu_erzeugt(client, projekt_a.get_absolute_url())
    assert neu_geplant.strftime("%d.%m.%Y") in projektseite and "Umbau" in projektseite
    assert _neu_erzeugt(client, KATALOG)[1] == 0


def test_schwerpunkt_link_changed_lists_the_project_without_re_rendering_cards(
    client, welt, referat, kultur
):
    projekt_a, _b, _weitere = welt
    schwerpunkt = kultur.schwerpunkte.order_by("reihenfolge").first()
    projekt_a.schwerpunkte.clear()
    seite = schwerpunkt.get_absolute_url()
    _aufwaermen(client, KATALOG, seite)
    assert "Projekt A" not in _neu_erzeugt(client, seite)[0]
    _projekt_aendern(client, referat, projekt_a, schwerpunkte=[str(schwerpunkt.pk)])
    html, neu = _neu_erzeugt(client, seite)
    assert "Projekt A" in html
    assert neu == 0  # its card was rendered for the catalogue already, unchanged


def test_image_changed_shows_on_the_project_page_and_re_renders_no_card(client, welt, referat):
    projekt_a, _b, _weitere = welt
    Bild.objects.create(
        kernaktivitaet=projekt_a,
        datei=bild_pruefen_und_bereinigen(upload(bild_bytes())),
        alt_text="Bühne im Park",
    )
    _aufwaermen(client, KATALOG, projekt_a.get_absolute_url())
    adresse = reverse("admin:kernaktivitaeten_kernaktivitaet_change", args=[projekt_a.pk])

    def bildtext(daten):
        feld = next(name for name in daten if name.endswith("-alt_text"))
        daten[feld] = "Bühne im Park bei Nacht"

    _im_backoffice(client, referat, adresse, bildtext)
    projektseite = client.get(projekt_a.get_absolute_url()).content.decode()
    assert 'alt="Bühne im Park bei Nacht"' in projektseite
    assert _neu_erzeugt(client, KATALOG)[1] == 0


def test_project_unpublished_leaves_the_list_and_re_renders_no_card(client, welt, referat):
    projekt_a, _b, _weitere = welt
    _aufwaermen(client, KATALOG)
    _projekt_aendern(client, referat, projekt_a, veroeffentlicht="")
    assert not Kernaktivitaet.objects.get(pk=projekt_a.pk).veroeffentlicht
    seite, neu = _neu_erzeugt(client, KATALOG)
    assert "Projekt A" not in seite and "Projekt B" in seite
    assert neu == 0


def test_zielsystem_text_changed_re_renders_its_block_and_no_card(client, welt, referat, kultur):
    seite = kultur.get_absolute_url()
    uebersicht = "/zielsystem/"
    _aufwaermen(client, seite, uebersicht)
    adresse = reverse("admin:zielsystem_kompetenz_change", args=[kultur.pk])
    neuer_text = "Bochum ist 2030 die Bühne des Ruhrgebiets (geändert)."
    _im_backoffice(client, referat, adresse, lambda daten: daten.update(bild_2030=neuer_text))
    vorher = fragmentcache.erzeugt.copy()
    html, karten = _neu_erzeugt(client, seite)
    assert neuer_text in html
    assert karten == 0
    assert fragmentcache.erzeugt["kompetenz-ziele"] - vorher["kompetenz-ziele"] == 1
    _neu_erzeugt(client, uebersicht)
    assert fragmentcache.erzeugt["zielsystem"] - vorher["zielsystem"] == 1


def test_kompetenz_title_changed_re_renders_the_cards_that_show_it(client, welt, referat, kultur):
    """The card shows its Kompetenz's title: the content key covers it."""
    karten = _aufwaermen(client, KATALOG)
    adresse = reverse("admin:zielsystem_kompetenz_change", args=[kultur.pk])
    _im_backoffice(
        client, referat, adresse, lambda daten: daten.update(titel="Hotspot der Live-Kultur!")
    )
    seite, neu = _neu_erzeugt(client, KATALOG)
    assert "Hotspot der Live-Kultur!" in seite
    assert neu == karten


def test_each_language_has_its_own_cards(client, welt):
    karten = _aufwaermen(client, KATALOG)
    englisch, neu = _neu_erzeugt(client, f"/en{KATALOG}")
    assert neu == karten
    assert "20 % umgesetzt" not in englisch and "20 % implemented" in englisch
    assert _neu_erzeugt(client, f"/en{KATALOG}")[1] == 0
    deutsch, wieder = _neu_erzeugt(client, KATALOG)
    assert wieder == 0 and "20 % umgesetzt" in deutsch


# The keys -----------------------------------------------------------------------------------


def test_the_card_key_holds_every_value_the_card_shows(welt, kultur):
    projekt_a, _b, _weitere = welt
    projekt = Kernaktivitaet.objects.fuer_katalog().get(pk=projekt_a.pk)
    andere_kompetenz = Kompetenz.objects.exclude(pk=kultur.pk).first()
    anders = {
        "titel": "Anderer Titel",
        "slug": "anderer-slug",
        "projektziel": "Anderes Ziel",
        "kompetenz": andere_kompetenz,
        "phase": "umgesetzt",
        "fortschritt": 99,
        "demo": True,
    }
    assert set(anders) == set(KARTENFELDER)
    for feld, wert in anders.items():
        geaendert = Kernaktivitaet.objects.fuer_katalog().get(pk=projekt_a.pk)
        setattr(geaendert, feld, wert)
        assert geaendert.karten_stand != projekt.karten_stand, feld


def test_without_the_fragment_cache_nothing_is_kept(client, welt, settings):
    settings.FRAGMENTCACHE_AKTIV = False
    client.get(KATALOG)
    client.get("/zielsystem/")
    assert sum(fragmentcache.erzeugt.values()) == 0


# Fewer queries on warm fragments ------------------------------------------------------------


def _abfragen(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("seite", "gespart"),
    [
        (lambda: Kompetenz.objects.get(slug="hotspot-der-live-kultur").get_absolute_url(), 3),
        (lambda: Schwerpunkt.objects.order_by("pk").first().get_absolute_url(), 2),
        (lambda: "/zielsystem/", 2),
    ],
)
def test_a_warm_zielsystem_block_saves_its_queries(client, settings, seite, gespart):
    """Goals and Schwerpunkte are queried only when the block is rendered; the Zielsystemstand
    costs one read (a database table without Redis, like the Datenstand)."""
    url = seite()
    settings.FRAGMENTCACHE_AKTIV = False
    ohne = _abfragen(client, url)
    settings.FRAGMENTCACHE_AKTIV = True
    kalt = _abfragen(client, url)
    warm = _abfragen(client, url)
    assert kalt == ohne + 1
    assert warm == ohne + 1 - gespart


def test_facet_block_follows_its_counts(
    client, welt, zeitraum, referat, django_capture_on_commit_callbacks
):
    """The filter form is kept by its values, options and counts: an approval that changes
    no count re-uses it, a phase change (a count) renders it again."""
    projekt_a, _b, _weitere = welt
    _aufwaermen(client, KATALOG)
    vorher = fragmentcache.erzeugt["facetten"]
    _freigeben(projekt_a, zeitraum, referat, django_capture_on_commit_callbacks, fortschritt=65)
    assert "65 % umgesetzt" in _neu_erzeugt(client, KATALOG)[0]
    assert fragmentcache.erzeugt["facetten"] == vorher
    umsetzung = Kernaktivitaet.objects.oeffentlich().filter(
        kompetenz__slug="hotspot-der-live-kultur", phase="umsetzung"
    )
    anzahl = umsetzung.count()
    _projekt_aendern(client, referat, projekt_a, phase="ruhend")
    seite = client.get(KATALOG).content.decode()
    assert f"in Umsetzung ({anzahl - 1})</option>" in seite
    assert fragmentcache.erzeugt["facetten"] == vorher + 1


def test_fragments_do_not_push_pages_out_of_the_page_cache(client, welt, settings):
    """Without Redis the pages live in a local-memory cache of 300 entries; the cards, one
    per project and language, have a cache of their own."""
    settings.SEITENCACHE_AKTIV = True
    client.get(KATALOG)
    assert fragmentcache.erzeugt["karte"] >= 5
    assert all(name.startswith(":1:portal:fragment:") for name in caches["fragmente"]._cache)
    assert not any("portal:fragment:" in name for name in caches["default"]._cache)


def test_a_list_reads_its_cards_from_the_cache_at_once(client, welt, monkeypatch):
    """One round trip for all cards of a page (with Redis: not one per card)."""
    karten = _aufwaermen(client, KATALOG)
    fragmente = caches["fragmente"]
    gelesen = {"get": 0, "get_many": 0}
    innen = []  # the local-memory cache's get_many calls its own get per key

    def zaehlend(methode):
        original = getattr(fragmente, methode)

        def zaehlen(*args, **kwargs):
            gelesen[methode] += not innen
            innen.append(methode)
            try:
                return original(*args, **kwargs)
            finally:
                innen.pop()

        return zaehlen

    for methode in gelesen:
        monkeypatch.setattr(fragmente, methode, zaehlend(methode))
    vorher = fragmentcache.erzeugt["karte"]
    html = client.get(KATALOG).content.decode()
    assert html.count('<article class="projekt-karte">') == karten
    assert fragmentcache.erzeugt["karte"] == vorher
    assert gelesen == {"get": 1, "get_many": 1}  # the filter form, then every card at once
