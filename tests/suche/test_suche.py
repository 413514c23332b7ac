"""The forgiving search (issue 16) beyond the relevance set: the index follows the services,
ranking, synonyms kept in the back office, help when nothing matches, the search fields,
the English note, and constant queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bochum_strategie.lib.seitencache import datenstand_erhoehen
from kernaktivitaeten.demodaten import demodaten_erzeugen
from kernaktivitaeten.models import Feld, Kernaktivitaet, Suchindex, Suchwort, Synonymgruppe
from kernaktivitaeten.search import suche
from kernaktivitaeten.services import (
    kernaktivitaet_speichern,
    statusbericht_einreichen,
    statusbericht_freigeben,
)
from tests.factories import KernaktivitaetFactory
from tests.helpers import text
from tests.personas import bericht

pytestmark = pytest.mark.django_db

KATALOG = "/kernaktivitaeten/"


def _treffer(begriff: str) -> list[str]:
    return [p.titel for p in suche(Kernaktivitaet.objects.oeffentlich(), begriff)]


def test_index_follows_the_services_and_only_public_content():
    projekt = KernaktivitaetFactory(titel="Quartiersbibliothek", projektziel="Lesen im Viertel")
    assert _treffer("Quartiersbibliothek") == ["Quartiersbibliothek"]
    projekt.titel = "Obstwiese am Stadtrand"
    kernaktivitaet_speichern(kernaktivitaet=projekt)
    assert _treffer("Quartiersbibliothek") == []
    assert _treffer("Obstwiesen") == ["Obstwiese am Stadtrand"]  # stem
    assert Suchwort.objects.get(wort="obstwiese").anzahl == 1
    assert not Suchwort.objects.filter(wort="quartiersbibliothek").exists()
    projekt.veroeffentlicht = False
    kernaktivitaet_speichern(kernaktivitaet=projekt)
    assert _treffer("Obstwiese") == []
    assert not Suchwort.objects.filter(wort="obstwiese").exists()  # never suggested


def test_approved_report_text_is_searched_internal_fields_are_not(
    projekt_a, zeitraum, projektleitung_a, vorstand_kultur
):
    entwurf = bericht(
        projekt_a, zeitraum, erreicht="Ein Lesecafé eröffnet.", risiken="Baustellenlärm"
    )
    assert _treffer("Lesecafe") == []  # a draft is not public
    eingereicht = statusbericht_einreichen(bericht=entwurf, user=projektleitung_a)
    statusbericht_freigeben(bericht=eingereicht, user=vorstand_kultur)
    assert _treffer("Lesecafe") == ["Projekt A"]
    assert _treffer("Baustellenlärm") == []  # internal field


def test_ranking_title_goal_description_report_and_exact_stem_typo():
    KernaktivitaetFactory(titel="Zz im Text", projektziel="", beschreibung="<p>Wasserspiel</p>")
    KernaktivitaetFactory(titel="Zz im Ziel", projektziel="Ein Wasserspiel", beschreibung="")
    KernaktivitaetFactory(titel="Wasserspiel", projektziel="", beschreibung="")
    assert _treffer("Wasserspiel") == ["Wasserspiel", "Zz im Ziel", "Zz im Text"]
    KernaktivitaetFactory(titel="Wasserspiele im Park", projektziel="", beschreibung="")
    KernaktivitaetFactory(titel="Wassrspiel", projektziel="", beschreibung="")
    erste = _treffer("Wasserspiel")
    # exact in the title, then the stem in the title, then the goal …; the typo last
    assert erste[:3] == ["Wasserspiel", "Wasserspiele im Park", "Zz im Ziel"]
    assert erste[-1] == "Wassrspiel"


def test_typos_need_five_letters():
    KernaktivitaetFactory(titel="Zoo und Tierpark")
    assert _treffer("Zoo") == ["Zoo und Tierpark"]
    assert _treffer("Zoa") == []  # three letters: no typo tolerance
    assert _treffer("Tirepark") == ["Zoo und Tierpark"]  # a transposition is one edit


def test_referat_keeps_synonyms_in_the_back_office_audited(client, referat):
    KernaktivitaetFactory(titel="Velostation am Bahnhof")
    assert _treffer("Drahtesel") == []
    client.force_login(referat)
    antwort = client.post(
        reverse("admin:kernaktivitaeten_synonymgruppe_add"),
        {"begriffe": "Drahtesel, Velo", "englisch": "push bike"},
    )
    assert antwort.status_code == 302
    gruppe = Synonymgruppe.objects.get(begriffe="Drahtesel, Velo")
    assert gruppe.history.get().history_user == referat
    assert "Velostation am Bahnhof" in _treffer("Drahtesel")  # (and BOvelo: a word part)
    html = client.get(reverse("admin:kernaktivitaeten_synonymgruppe_history", args=[gruppe.pk]))
    assert html.status_code == 200 and "referat" in html.content.decode()
    client.post(
        reverse("admin:kernaktivitaeten_synonymgruppe_delete", args=[gruppe.pk]), {"post": "yes"}
    )
    assert not Synonymgruppe.objects.filter(pk=gruppe.pk).exists()
    assert _treffer("Drahtesel") == []


def test_nothing_found_offers_words_with_counts_and_schwerpunkte(client):
    antwort = client.get(f"{KATALOG}?q=Kulturraum+Qwxyz")
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert "0 Kernaktivitäten gefunden" in html
    assert "Meinten Sie" in html
    anzahl = Suchwort.objects.get(wort="kulturraum").anzahl
    assert re.search(
        rf'href="\?q=Kulturraum#ergebnisse" lang="de">Kulturraum</a> \({anzahl} ', html
    )
    schwerpunkte = html.split('class="naechste-schwerpunkte"', 1)[1].split("</ul>", 1)[0]
    assert (
        schwerpunkte.count("<li>") == 3 and "/kompetenzen/hotspot-der-live-kultur/" in schwerpunkte
    )
    # even a query with nothing close has Schwerpunkte to go to
    leer = client.get(f"{KATALOG}?q=Qqqqqqq").content.decode()
    assert leer.count('href="/kompetenzen/') >= 3


def test_english_ui_explains_and_names_the_german_terms(client):
    html = client.get(f"/en{KATALOG}?q=benches").content.decode()
    assert "1 Kernaktivität" in html or "1 core activit" in html.lower() or "1.000 Bänke" in html
    assert "1.000 Bänke für Bochum" in html
    hinweis = html.split('class="hinweis-sprache"', 1)[1].split("</div>", 1)[0]
    assert "German" in hinweis
    assert '<span lang="en">benches</span>' in hinweis and ">Bänke</a>" in hinweis
    deutsch = client.get(f"{KATALOG}?q=benches").content.decode()
    assert 'class="hinweis-sprache"' not in deutsch


@pytest.mark.parametrize("pfad", ["/", "/zielsystem/", "/fortschritt/", "/nachhaltigkeitsziele/"])
def test_header_search_on_public_pages(client, pfad):
    html = client.get(pfad).content.decode()
    kopf = html.split("<header", 1)[1].split("</header>", 1)[0]
    assert 'action="/kernaktivitaeten/#ergebnisse"' in kopf
    assert 'name="q"' in kopf and 'role="search"' in kopf
    assert 'type="hidden"' not in kopf  # no filters outside the catalogue


def test_header_search_on_the_catalogue_keeps_the_filters(client):
    html = client.get(f"{KATALOG}?q=Kultur&phase=umgesetzt&seite=1").content.decode()
    kopf = html.split("<header", 1)[1].split("</header>", 1)[0]
    assert 'value="Kultur"' in kopf
    assert '<input type="hidden" name="phase" value="umgesetzt">' in kopf
    assert 'name="seite"' not in kopf
    assert 'id="ergebnisse"' in html  # where the browser scrolls to, without JavaScript


def test_home_page_has_a_search_field(client):
    html = client.get("/").content.decode()
    main = html.split("<main", 1)[1]
    assert 'action="/kernaktivitaeten/#ergebnisse"' in main
    assert 'for="startsuche-begriff"' in main and 'id="startsuche-begriff"' in main


@pytest.mark.parametrize("begriff", ["Kulutr", "Ehrenamt+Agentr", "StadtBaum"])
def test_search_queries_do_not_grow_with_data(client, begriff, django_assert_max_num_queries):
    demodaten_erzeugen(anzahl=60, mit_details=False)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"{KATALOG}?q={begriff}").status_code == 200
    klein = len(ctx.captured_queries)
    demodaten_erzeugen(anzahl=300, mit_details=False)
    with django_assert_max_num_queries(klein):
        client.get(f"{KATALOG}?q={begriff}")


def test_search_text_on_the_page(client):
    assert "Starke freie Kultur" in text(client.get(f"{KATALOG}?q=Kulutr"))


def test_vocabulary_is_read_once_per_datenstand():
    """The vocabulary is kept in the process until the Datenstand changes: a change written
    by another process (here: rows written around the services) is read after that process
    raised the Datenstand, not before."""
    projekt = KernaktivitaetFactory(titel="Quartiersbibliothek")
    assert _treffer("Quartiersbibliothek") == ["Quartiersbibliothek"]
    with CaptureQueriesContext(connection) as ctx:
        assert _treffer("Quartiersbibliothek") == ["Quartiersbibliothek"]
    assert not [q for q in ctx.captured_queries if "suchwort" in q["sql"]]
    Suchindex.objects.create(
        kernaktivitaet=projekt,
        wort="zauberwort",
        stamm="zauberwort",
        anzeige="Zauberwort",
        feld=Feld.TITEL,
    )
    Suchwort.objects.create(wort="zauberwort", stamm="zauberwort", anzeige="Zauberwort", anzahl=1)
    assert _treffer("Zauberwort") == []  # still the vocabulary of this Datenstand
    datenstand_erhoehen()
    assert _treffer("Zauberwort") == ["Quartiersbibliothek"]
