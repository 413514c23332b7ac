"""Query budget of the public pages (issue "Fast at city scale and beyond").

With the page cache off (as in every test), each public page type needs at most ``BUDGET``
SQL queries, and no more with twice the data: nothing is queried per project, report,
milestone, indicator or filter option. The figures at 10,000 projects and 200,000 reports,
and how they were measured: docs/performance.md (``make bench``).

Not here: the open-data downloads (streamed in chunks of 1,000 projects, so their queries
grow by design) and the back office (tests/backoffice).
"""

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bochum_strategie.lib.seitencache import datenstand_erhoehen
from kernaktivitaeten.demodaten import demodaten_erzeugen
from kernaktivitaeten.models import Berichtszeitraum, Kernaktivitaet, Statusbericht
from querschnitt.models import Querschnittsthema
from tests.factories import KernaktivitaetFactory
from zielsystem.models import Kompetenz, Schwerpunkt

pytestmark = pytest.mark.django_db

# 11 for the page itself + 1 while demo data may exist: the site-wide demo banner asks once
# per rendered page whether any demo project exists (ADR 0007). The project page needs the
# 11: its approved reports' dated milestone shifts are one prefetch (issue 18).
BUDGET = 12
KATALOG = "/kernaktivitaeten/"


def _berichte(projekte, zeitraeume):
    """Approved reports of every project in every period (bulk: the test is about reads)."""
    jetzt = timezone.now()
    Statusbericht.objects.bulk_create(
        Statusbericht(
            kernaktivitaet=projekt,
            berichtszeitraum=zeitraum,
            status="freigegeben",
            phase="umsetzung",
            fortschritt=40,
            erreicht=f"Im Zeitraum {zeitraum.name} wurde viel erreicht.\n\nZweiter Absatz.",
            geprueft_am=jetzt,
        )
        for projekt in projekte
        for zeitraum in zeitraeume
    )


def _zeitraum(nummer: int) -> Berichtszeitraum:
    beginn = date(2024, 1, 1) + timedelta(days=182 * nummer)
    return Berichtszeitraum.objects.create(
        name=f"Budget {nummer}",
        beginn=beginn,
        ende=beginn + timedelta(days=180),
        faellig_am=beginn + timedelta(days=200),
        offen=False,
    )


def _mehr_daten(anzahl: int, zeitraeume: int) -> None:
    vorher = set(Kernaktivitaet.objects.values_list("pk", flat=True))
    demodaten_erzeugen(anzahl=anzahl)
    neu = Kernaktivitaet.objects.exclude(pk__in=vorher)
    _berichte(neu, [_zeitraum(Berichtszeitraum.objects.count()) for _i in range(zeitraeume)])


def _projekt() -> Kernaktivitaet:
    """A published demo project with milestones, indicators and reports."""
    return (
        Kernaktivitaet.objects.oeffentlich()
        .filter(demo=True, meilensteine__isnull=False, kennzahlen__isnull=False)
        .order_by("pk")
        .first()
    )


# Each public page type: name -> path (built once the data exists).
SEITEN = {
    "start": lambda: "/",
    "start_englisch": lambda: "/en/",
    "zielsystem": lambda: "/zielsystem/",
    "kompetenz": lambda: Kompetenz.objects.order_by("reihenfolge").first().get_absolute_url(),
    "schwerpunkt": lambda: Schwerpunkt.objects.order_by("pk").first().get_absolute_url(),
    "querschnittsthemen": lambda: "/querschnittsthemen/",
    "querschnittsthema": lambda: Querschnittsthema.objects.first().get_absolute_url(),
    "sdgs": lambda: "/nachhaltigkeitsziele/",
    "sdg": lambda: "/nachhaltigkeitsziele/13/",
    "katalog": lambda: KATALOG,
    "katalog_englisch": lambda: f"/en{KATALOG}",
    "katalog_filter": lambda: f"{KATALOG}?kompetenz=hotspot-der-live-kultur&phase=umsetzung",
    "katalog_alle_filter": lambda: (
        f"{KATALOG}?kompetenz=hotspot-der-live-kultur&schwerpunkt="
        f"{Schwerpunkt.objects.filter(kompetenz__slug='hotspot-der-live-kultur').first().pk}"
        "&thema=klima&sdg=13&phase=umsetzung&jahr=2021&organisation=kulturbuero-beispiel"
        "&sortierung=-fortschritt"
    ),
    "katalog_suche": lambda: f"{KATALOG}?q=Quartiersgarten",
    "katalog_tiefe_seite": lambda: f"{KATALOG}?seite=10&sortierung=titel",
    "projekt": lambda: _projekt().get_absolute_url(),
    "projekt_englisch": lambda: "/en" + _projekt().get_absolute_url(),
    "qr_code": lambda: f"{KATALOG}id/{_projekt().pk}/qr.svg",
    "dashboard": lambda: "/fortschritt/",
    "offene_daten": lambda: "/daten/",
    "dcat": lambda: "/daten/dcat.jsonld",
    "feed": lambda: "/feeds/berichte/",
    "feed_kompetenz": lambda: "/feeds/kompetenzen/hotspot-der-live-kultur/berichte/",
    "beschluesse": lambda: "/beschluesse/",
    "beschluesse_filter": lambda: "/beschluesse/?kompetenz=hotspot-der-live-kultur&ueberfaellig=on",
    "beschluss": lambda: _projekt().ratsbeschluss.get_absolute_url(),
    "beschluesse_feed": lambda: "/beschluesse/feed/",
}


def _abfragen(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", SEITEN)
def test_public_page_needs_few_queries_whatever_the_data(
    client, name, django_assert_max_num_queries
):
    _mehr_daten(250, zeitraeume=2)
    url = SEITEN[name]()
    klein = _abfragen(client, url)
    assert klein <= BUDGET, f"{url}: {klein} queries with 250 projects, budget {BUDGET}"
    _mehr_daten(250, zeitraeume=3)  # twice the projects, more reports per project
    assert Kernaktivitaet.objects.count() > 500
    with django_assert_max_num_queries(klein):
        assert client.get(url).status_code == 200


# What the savings must not change ------------------------------------------------------------


def _titel(html: str) -> list[str]:
    return re.findall(r'<h3 class="h5 mb-1"><a href="([^"]+)"', html)


def test_every_project_is_on_exactly_one_catalogue_page_even_with_equal_titles(client):
    """Titles repeat at scale; paging must still show each project once (ties by pk)."""
    for i in range(45):
        KernaktivitaetFactory(titel="Gleicher Titel", slug=f"gleicher-titel-{i}", nummer=7000 + i)
    gesehen = []
    for seite in range(1, 4):
        response = client.get(f"{KATALOG}?q=Gleicher+Titel&sortierung=titel&seite={seite}")
        gesehen += _titel(response.content.decode())
    assert len(gesehen) == 45
    assert len(set(gesehen)) == 45


def test_result_count_comes_from_the_facets_and_matches_the_results(client):
    demodaten_erzeugen(anzahl=120, mit_details=False)
    for query, bedingung in [
        ("", {}),
        ("phase=umsetzung", {"phase": "umsetzung"}),
        ("kompetenz=hotspot-der-live-kultur", {"kompetenz__slug": "hotspot-der-live-kultur"}),
        (
            "sdg=13&thema=klima",
            {"nachhaltigkeitsziele__nummer": 13, "querschnittsthemen__slug": "klima"},
        ),
    ]:
        erwartet = Kernaktivitaet.objects.oeffentlich().filter(**bedingung).distinct().count()
        html = client.get(f"{KATALOG}?{query}").content.decode()
        assert f"{erwartet} Kernaktivit" in html, query


def test_related_projects_share_a_schwerpunkt_are_published_and_listed_once(client):
    kultur = Kompetenz.objects.get(slug="hotspot-der-live-kultur")
    zwei = list(kultur.schwerpunkte.order_by("reihenfolge")[:2])
    anderer = Schwerpunkt.objects.exclude(kompetenz=kultur).first()
    projekt = KernaktivitaetFactory(titel="Ausgangsprojekt", kompetenz=kultur, schwerpunkte=zwei)
    beide = KernaktivitaetFactory(titel="Teilt beide Schwerpunkte", schwerpunkte=zwei)
    KernaktivitaetFactory(titel="Unveröffentlicht", schwerpunkte=zwei, veroeffentlicht=False)
    KernaktivitaetFactory(titel="Anderer Schwerpunkt", schwerpunkte=[anderer])
    Kernaktivitaet.objects.filter(pk=beide.pk).update(aktualisiert=timezone.now())
    html = client.get(projekt.get_absolute_url()).content.decode()
    verwandte = html.split('id="verwandte"', 1)[1]
    links = _titel(verwandte)
    assert links[0] == beide.get_absolute_url()  # newest first
    assert len(links) == len(set(links)) <= 4
    assert projekt.get_absolute_url() not in links
    assert "Unveröffentlicht" not in verwandte and "Anderer Schwerpunkt" not in verwandte


@pytest.mark.parametrize("weitere", ["", "&kompetenz=hotspot-der-live-kultur"])
def test_facets_of_a_search_count_its_hits(client, weitere):
    """With a search the matches are found once and the facets counted over their ids."""
    from kernaktivitaeten.search import suche

    demodaten_erzeugen(anzahl=200, mit_details=False)
    treffer = suche(Kernaktivitaet.objects.oeffentlich(), "Quartiersgarten")
    if weitere:
        treffer = treffer.filter(kompetenz__slug="hotspot-der-live-kultur")
    html = client.get(f"{KATALOG}?q=Quartiersgarten{weitere}").content.decode()
    assert f"{treffer.count()} Kernaktivit" in html
    for phase, anzahl in treffer.order_by().values_list("phase").annotate(n=Count("pk")):
        if phase:
            assert re.search(rf'value="{phase}"[^>]*>[^<]* \({anzahl}\)</option>', html), phase
    sdg13 = treffer.filter(nachhaltigkeitsziele__nummer=13).count()
    assert re.search(rf'value="13"[^>]*>[^<]* \({sdg13}\)</option>', html)
    leer = client.get(f"{KATALOG}?q=Gibtsnichtwort{weitere}").content.decode()
    assert "0 Kernaktivitäten gefunden" in leer


def test_unknown_option_is_a_form_error_not_a_500(client):
    response = client.get(f"{KATALOG}?organisation=gibt-es-nicht&sdg=99&schwerpunkt=abc")
    assert response.status_code == 400
    assert "fehlerzusammenfassung" in response.content.decode()


def test_with_the_page_cache_on_facets_are_shared_by_all_pages_until_the_datenstand_changes(
    client, settings
):
    settings.SEITENCACHE_AKTIV = True
    cache.clear()
    demodaten_erzeugen(anzahl=80, mit_details=False)
    datenstand_erhoehen()
    erste = _abfragen(client, f"{KATALOG}?seite=1")
    zweite = _abfragen(client, f"{KATALOG}?sortierung=titel&seite=2")
    # Same filters: the facet query is not repeated (page 2 reads its ids first, then its
    # rows: one query more than page 1, one less for the facets).
    assert zweite == erste
    # A change (every write bumps the Datenstand) is counted again: never stale.
    KernaktivitaetFactory(titel="Ganz neues Vorhaben")
    datenstand_erhoehen()
    html = client.get(f"{KATALOG}?seite=3").content.decode()
    anzahl = Kernaktivitaet.objects.oeffentlich().count()
    assert f"{anzahl} Kernaktivitäten gefunden" in html
    cache.clear()
