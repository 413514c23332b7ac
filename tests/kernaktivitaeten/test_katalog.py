"""The public catalogue: filters, facets, search, sorting, paging and bad input."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kernaktivitaeten.demodaten import demodaten_erzeugen
from kernaktivitaeten.models import Kernaktivitaet, Phase, Ratsbeschluss
from kernaktivitaeten.search import suche
from querschnitt.models import Nachhaltigkeitsziel, Querschnittsthema
from tests.factories import KernaktivitaetFactory, OrganisationFactory, RatsbeschlussFactory
from tests.helpers import links, text
from zielsystem.models import Kompetenz

pytestmark = pytest.mark.django_db

KATALOG = "/kernaktivitaeten/"


def treffer(client, query: str) -> set[str]:
    """Titles on all result pages of the catalogue for ``query``."""
    titel, seite = set(), 1
    while True:
        response = client.get(f"{KATALOG}?{query}&seite={seite}")
        assert response.status_code == 200, (query, response.status_code)
        html = response.content.decode()
        titel |= set(re.findall(r'<h3 class="h5 mb-1"><a href="[^"]+" lang="de">([^<]+)</a>', html))
        if f"seite={seite + 1}" not in html:
            return {t.replace("&#x27;", "'").replace("&amp;", "&") for t in titel}
        seite += 1


@pytest.fixture
def daten():
    """A small, known mix on top of the real example projects."""
    kultur = Kompetenz.objects.get(slug="hotspot-der-live-kultur")
    grossstadt = Kompetenz.objects.get(slug="grossstadt-mit-lebensgefuehl")
    klima = Querschnittsthema.objects.get(slug="klima")
    sdg13 = Nachhaltigkeitsziel.objects.get(nummer=13)
    org = OrganisationFactory(name="Umweltamt Test", slug="umweltamt-test")
    tranche = RatsbeschlussFactory(datum=date(2023, 3, 2))
    a = KernaktivitaetFactory(
        titel="Festivalsommer",
        kompetenz=kultur,
        phase=Phase.UMSETZUNG,
        fortschritt=60,
        schwerpunkte=list(kultur.schwerpunkte.filter(reihenfolge=2)),
        ratsbeschluss=tranche,
    )
    a.nachhaltigkeitsziele.add(sdg13)
    b = KernaktivitaetFactory(
        titel="Klimaquartier",
        kompetenz=grossstadt,
        phase=Phase.UMGESETZT,
        fortschritt=100,
        organisation=org,
        schwerpunkte=list(grossstadt.schwerpunkte.filter(reihenfolge__in=[2, 4])),
    )
    b.querschnittsthemen.add(klima)
    b.nachhaltigkeitsziele.add(sdg13)
    c = KernaktivitaetFactory(titel="Geheimes Vorhaben", kompetenz=kultur, veroeffentlicht=False)
    c.querschnittsthemen.add(klima)
    return {"a": a, "b": b, "unveroeffentlicht": c, "org": org, "klima": klima, "kultur": kultur}


def erwartet(**bedingung) -> set[str]:
    return set(
        Kernaktivitaet.objects.oeffentlich().filter(**bedingung).values_list("titel", flat=True)
    )


def test_lists_all_public_projects_and_counts_them(client, daten):
    response = client.get(KATALOG)
    alle = erwartet()
    assert f"{len(alle)} Kernaktivitäten gefunden" in text(response)
    assert treffer(client, "") == alle
    assert "Geheimes Vorhaben" not in alle
    assert "1.000 Bänke für Bochum" in alle


@pytest.mark.parametrize(
    ("query", "bedingung"),
    [
        ("kompetenz=hotspot-der-live-kultur", {"kompetenz__slug": "hotspot-der-live-kultur"}),
        ("thema=klima", {"querschnittsthemen__slug": "klima"}),
        ("sdg=13", {"nachhaltigkeitsziele__nummer": 13}),
        ("phase=umgesetzt", {"phase": "umgesetzt"}),
        ("phase=aufgegangen", {"phase": "aufgegangen"}),
        ("organisation=umweltamt-test", {"organisation__slug": "umweltamt-test"}),
        ("organisation=bochum-marketing", {"organisation__slug": "bochum-marketing"}),
        ("jahr=2023", {"ratsbeschluss__jahr": 2023}),
        # Vorlage 20202999: the source states the year 2021, no date (issue 17).
        ("jahr=2021", {"ratsbeschluss__jahr": 2021}),
        ("sdg=13&phase=umsetzung", {"nachhaltigkeitsziele__nummer": 13, "phase": "umsetzung"}),
        (
            "kompetenz=grossstadt-mit-lebensgefuehl&thema=klima&sdg=13",
            {
                "kompetenz__slug": "grossstadt-mit-lebensgefuehl",
                "querschnittsthemen__slug": "klima",
            },
        ),
    ],
)
def test_filters_return_exactly_the_matching_projects(client, daten, query, bedingung):
    assert treffer(client, query) == erwartet(**bedingung)
    assert treffer(client, query)  # every case above matches something


def test_schwerpunkt_filter(client, daten):
    schwerpunkt = daten["b"].schwerpunkte.order_by("reihenfolge").last()
    assert treffer(client, f"schwerpunkt={schwerpunkt.pk}") == {"Klimaquartier"}


def test_empty_result_has_a_clear_message(client, daten):
    response = client.get(f"{KATALOG}?kompetenz=shootingstar-der-wissensarbeit&sdg=13")
    assert response.status_code == 200
    page = text(response)
    assert "0 Kernaktivitäten gefunden" in page
    assert "Keine Kernaktivität passt zu diesen Filtern." in page


def test_option_counts_match_the_results(client, daten):
    response = client.get(f"{KATALOG}?sdg=13")
    html = response.content.decode()
    # With sdg=13 active, the Kompetenz options count only projects with SDG 13.
    assert ">Hotspot der Live-Kultur (1)</option>" in html
    assert ">Großstadt mit Lebensgefühl (1)</option>" in html
    assert ">umgesetzt (1)</option>" in html
    # The SDG facet itself ignores the SDG filter: it tells what choosing another would give.
    anzahl_13 = Kernaktivitaet.objects.oeffentlich().filter(nachhaltigkeitsziele__nummer=13).count()
    assert f"Maßnahmen zum Klimaschutz ({anzahl_13})</option>" in html


def test_state_lives_in_the_query_string(client, daten):
    for i in range(25):
        KernaktivitaetFactory(titel=f"Reihe {i:02d}", kompetenz=daten["kultur"])
    response = client.get(f"{KATALOG}?kompetenz=hotspot-der-live-kultur&sortierung=titel")
    page_links = links(response)
    assert "?kompetenz=hotspot-der-live-kultur&sortierung=titel&seite=2" in page_links
    second = client.get(f"{KATALOG}?kompetenz=hotspot-der-live-kultur&sortierung=titel&seite=2")
    assert second.status_code == 200
    assert "Seite 2" in text(second)


def test_sorting_by_progress_and_title(client, daten):
    response = client.get(f"{KATALOG}?sortierung=-fortschritt")
    html = response.content.decode()
    titles = re.findall(r'lang="de">([^<]+)</a></h3>', html)
    werte = dict(Kernaktivitaet.objects.values_list("titel", "fortschritt"))
    fortschritte = [werte[t.replace("&amp;", "&")] or -1 for t in titles]
    assert fortschritte == sorted(fortschritte, reverse=True)
    response = client.get(f"{KATALOG}?sortierung=titel")
    titles = re.findall(r'lang="de">([^<]+)</a></h3>', response.content.decode())
    assert titles == sorted(titles)


@pytest.mark.parametrize(
    ("query", "meldung"),
    [
        ("kompetenz=gibt-es-nicht", "Kompetenz"),
        ("schwerpunkt=abc", "Schwerpunkt"),
        ("schwerpunkt=999999", "Schwerpunkt"),
        ("sdg=18", "Nachhaltigkeitsziel"),
        ("phase=fertig", "Phase"),
        ("jahr=zwanzig", "Tranche"),
        ("sortierung=passwort", "Sortierung"),
        ("q=" + "x" * 201, "Suche"),
    ],
)
def test_bad_filter_values_get_a_form_error_not_a_500(client, query, meldung):
    response = client.get(f"{KATALOG}?{query}")
    assert response.status_code == 400
    page = text(response)
    assert "Die Suche konnte nicht ausgeführt werden" in page
    assert meldung in page
    assert response.content.decode().count("<title>Fehler:") == 1


def test_nul_bytes_in_the_search_are_refused(client):
    response = client.get(f"{KATALOG}?q=a%00b")
    assert response.status_code == 400


# A number past the last page shows the last page (tests/suche/test_katalogdetails.py).
@pytest.mark.parametrize("seite", ["0", "-1", "abc", "1.5", ""])
def test_bad_page_numbers_get_404(client, seite):
    response = client.get(f"{KATALOG}?seite={seite}")
    if seite == "":
        assert response.status_code == 200
    else:
        assert response.status_code == 404
        assert "Seite nicht gefunden" in text(response)


def test_post_is_not_allowed(client):
    assert client.post(KATALOG).status_code == 405


def test_search_finds_words_sqlite_and_postgres(client, daten):
    assert "1.000 Bänke für Bochum" in treffer(client, "q=Bänke")
    assert treffer(client, "q=Festivalsommer") == {"Festivalsommer"}
    assert treffer(client, "q=Festivalsommer&kompetenz=grossstadt-mit-lebensgefuehl") == set()
    assert treffer(client, "q=Zzzyxv") == set()


def test_postgres_search_stems_german_words(client):
    assert "Bochums grüne Oasen – Attraktive Parks und Freiräume" in treffer(client, "q=Freiraum")
    assert "1.000 Bänke für Bochum" in treffer(client, "q=Bank")


def test_postgres_search_tolerates_typos(client):
    assert "Kulturportal" in treffer(client, "q=Kulturportl")


def test_postgres_search_ranks_title_matches_first(client):
    KernaktivitaetFactory(titel="Stadtteilfest", projektziel="", beschreibung="<p>Ohne Bezug.</p>")
    KernaktivitaetFactory(
        titel="Nachbarschaftstreff",
        projektziel="",
        beschreibung="<p>Mit einem Stadtteilfest im Jahr.</p>",
    )
    response = client.get(f"{KATALOG}?q=Stadtteilfest")
    titles = re.findall(r'lang="de">([^<]+)</a></h3>', response.content.decode())
    assert titles[:2] == ["Stadtteilfest", "Nachbarschaftstreff"]


# The stored vector and trigram index of PostgreSQL are gone (migration 0010): the search
# index follows the services' writes on both databases (tests/suche/test_suche.py).


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        KATALOG,
        f"{KATALOG}?kompetenz=hotspot-der-live-kultur&phase=umsetzung&sortierung=-fortschritt",
        f"{KATALOG}?q=Quartiersgarten&seite=1",
        f"{KATALOG}?sdg=13&thema=klima&jahr=2021",
    ],
)
def test_catalogue_queries_do_not_grow_with_data(client, url, django_assert_max_num_queries):
    demodaten_erzeugen(anzahl=150)  # enough that every URL above has a non-empty page
    klein = _queries(client, url)
    demodaten_erzeugen(anzahl=2000, mit_details=False)
    assert Kernaktivitaet.objects.count() > 2000
    with django_assert_max_num_queries(klein):
        client.get(url)
    # 7 facet counts, 6 option lists, count, page; cut further by caching (issue 8).
    assert klein <= 18


def _wie_django(widget, name, value, attrs=None):
    from django import forms

    return forms.Select.render(widget, name, value, attrs)


@pytest.mark.parametrize("sprache", ["de", "en"])
def test_python_written_selects_equal_djangos_templates(sprache):
    from django.utils import translation

    from kernaktivitaeten.filters import KatalogFilter, SchnelleAuswahl

    demodaten_erzeugen(anzahl=20)
    daten = {"kompetenz": "hotspot-der-live-kultur", "phase": "umsetzung", "sortierung": "titel"}
    with translation.override(sprache):
        form = KatalogFilter(daten, queryset=Kernaktivitaet.objects.all()).form
        assert form.is_valid()
        verglichen = 0
        for feld in form:
            if isinstance(feld.field.widget, SchnelleAuswahl):
                attrs = feld.build_widget_attrs({"id": feld.auto_id})
                wert = feld.value()
                eigen = feld.field.widget.render(feld.html_name, wert, attrs)
                assert eigen == _wie_django(feld.field.widget, feld.html_name, wert, attrs)
                verglichen += 1
        assert verglichen == 8
        assert 'value="umsetzung" selected' in str(form["phase"])


def test_python_written_select_escapes_and_groups_like_django():
    from kernaktivitaeten.filters import SchnelleAuswahl

    widget = SchnelleAuswahl(
        attrs={"class": 'a"b', "required": True, "disabled": False, "data-x": "<&>"},
        choices=[
            ("", "Alle <Optionen>"),
            ("Gruppe „&“", [("1", "Eins & zwei"), ('"2"', "Zwei")]),
            (3, "Drei"),
        ],
    )
    for wert in (None, "1", '"2"', 3, ["1", 3]):
        eigen = widget.render("feld<", wert, {"id": "id_feld"})
        assert eigen == _wie_django(widget, "feld<", wert, {"id": "id_feld"})
    assert "&lt;Optionen&gt;" in eigen and "&quot;2&quot;" in eigen


FACETTEN_LOOKUP = {
    "kompetenz": "kompetenz__slug",
    "schwerpunkt": "schwerpunkte__pk",
    "thema": "querschnittsthemen__slug",
    "sdg": "nachhaltigkeitsziele__nummer",
    "phase": "phase",
    "jahr": "ratsbeschluss__jahr",
    "organisation": "organisation__slug",
}


@pytest.mark.parametrize(
    "auswahl",
    [
        {},
        {"phase": "umsetzung"},
        {"kompetenz": "hotspot-der-live-kultur", "phase": "umsetzung"},
        {"sdg": 13},
        {"kompetenz": "hotspot-der-live-kultur", "organisation": "*", "jahr": "*"},
        {"schwerpunkt": "*", "thema": "*"},
        {"q": "Beispielprojekt", "phase": "vorbereitung"},
    ],
    ids=lambda a: "+".join(a) or "ohne",
)
def test_every_facet_count_equals_a_count_of_the_matching_projects(auswahl):
    """Each option's number is how many projects the catalogue would list with that option
    chosen and every other filter kept (counted here one by one with the ORM)."""
    from kernaktivitaeten.filters import KatalogFilter

    demodaten_erzeugen(anzahl=120, mit_details=False)
    oeffentlich = Kernaktivitaet.objects.oeffentlich()
    beispiel = oeffentlich.filter(kompetenz__slug="hotspot-der-live-kultur").exclude(
        organisation=None
    )
    beispiel = beispiel.exclude(ratsbeschluss__datum=None).exclude(schwerpunkte=None).first()
    ersatz = {  # "*": a value that exists in the data
        "organisation": beispiel.organisation.slug,
        "jahr": beispiel.ratsbeschluss.jahr,
        "schwerpunkt": beispiel.schwerpunkte.first().pk,
        "thema": (
            oeffentlich.exclude(querschnittsthemen=None).first().querschnittsthemen.first().slug
        ),
    }
    auswahl = {k: ersatz[k] if v == "*" else v for k, v in auswahl.items()}
    tranchen = dict(Ratsbeschluss.objects.exclude(jahr=None).values_list("pk", "jahr"))
    filterset = KatalogFilter(
        {k: str(v) for k, v in auswahl.items()},
        queryset=Kernaktivitaet.objects.fuer_katalog(),
        tranchen=tranchen,
    )
    assert filterset.is_valid(), filterset.errors
    facetten = filterset.facetten()

    for name, lookup in FACETTEN_LOOKUP.items():
        andere = oeffentlich
        if "q" in auswahl:
            andere = andere.filter(pk__in=[p.pk for p in suche(oeffentlich, auswahl["q"])])
        for filter_name, wert in auswahl.items():
            if filter_name not in (name, "q"):
                andere = andere.filter(**{FACETTEN_LOOKUP[filter_name]: wert})
        erwartet = {}
        for wert in andere.exclude(**{f"{lookup}__isnull": True}).values_list(lookup, flat=True):
            if wert is not None:
                erwartet[wert] = andere.filter(**{lookup: wert}).distinct().count()
        assert facetten[name] == erwartet, name
    assert sum(facetten["phase"].values()) > 0


def test_counts_by_facet_columns_need_only_the_index():
    """Start page, dashboard and catalogue count over columns of the index
    kernaktivitaet_facetten, so PostgreSQL can answer from the index without reading the
    table (COUNT(id) or selecting the id would need the table). Whether the planner then
    uses it depends on statistics; the bench shows it does (docs/performance.md)."""
    import re

    from kernaktivitaeten.filters import KatalogFilter

    demodaten_erzeugen(anzahl=30, mit_details=False)
    tabelle = Kernaktivitaet._meta.db_table
    with connection.cursor() as cursor:
        indizes = connection.introspection.get_constraints(cursor, tabelle)
    spalten = set(indizes["kernaktivitaet_facetten"]["columns"])
    assert spalten == {"phase", "kompetenz_id", "ratsbeschluss_id", "organisation_id"}
    erlaubt = spalten | {"veroeffentlicht"}

    oeffentlich = Kernaktivitaet.objects.oeffentlich()
    with CaptureQueriesContext(connection) as ctx:
        oeffentlich.kennzahlen_gesamt()
        oeffentlich.phasen_zaehlung()
        KatalogFilter({}, queryset=Kernaktivitaet.objects.fuer_katalog()).facetten()
    zaehlungen = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"]]
    teile = [t for sql in zaehlungen for t in sql.split("UNION ALL")]
    ohne_verknuepfung = [t for t in teile if "_kernaktivitaet_" not in t]  # no link table
    assert len(ohne_verknuepfung) >= (3 if connection.vendor == "postgresql" else 6)
    for teil in ohne_verknuepfung:
        benutzt = set(re.findall(rf'"{tabelle}"\."(\w+)"', teil))
        assert benutzt and benutzt <= erlaubt, teil
    if connection.vendor == "postgresql":
        assert any("GROUPING SETS" in t for t in ohne_verknuepfung)
