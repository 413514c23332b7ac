"""/fortschritt/: charts as SVG with text equivalents, correct numbers, constant queries."""

import re

import pytest

from kernaktivitaeten.demodaten import demodaten_erzeugen
from kernaktivitaeten.models import Kernaktivitaet, Phase
from querschnitt.models import Querschnittsthema

from .helpers import struktur, ueberschriften_in_ordnung

pytestmark = pytest.mark.django_db

URL = "/fortschritt/"


def _tabellenzeile(html, beschriftung, zeile) -> list[str]:
    """The cells of the row headed ``zeile`` in the table captioned ``beschriftung``."""
    tabelle = re.search(
        rf"<caption>{re.escape(beschriftung)}</caption>(.*?)</table>", html, flags=re.S
    ).group(1)
    for tr in re.findall(r"<tr>(.*?)</tr>", tabelle, flags=re.S):
        kopf = re.sub(r"<[^>]+>", "", re.search(r"<th[^>]*>(.*?)</th>", tr, flags=re.S).group(1))
        if kopf.strip() == zeile:
            return [
                re.sub(r"<[^>]+>", "", z).strip() for z in re.findall(r"<td[^>]*>(.*?)</td>", tr)
            ]
    raise AssertionError(f"no row {zeile!r} in {beschriftung!r}")


def test_dashboard_numbers_match_the_data(client, daten, kultur):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    oeffentlich = Kernaktivitaet.objects.oeffentlich()
    umsetzung = oeffentlich.filter(phase=Phase.UMSETZUNG).count()
    assert _tabellenzeile(html, "Kernaktivitäten nach Phase", "in Umsetzung") == [str(umsetzung)]
    assert _tabellenzeile(html, "Kernaktivitäten nach Phase", "Summe") == [str(oeffentlich.count())]
    kultur_zeile = _tabellenzeile(html, "Kernaktivitäten je Kompetenz nach Phase", kultur.titel)
    projekte = oeffentlich.filter(kompetenz=kultur)
    assert kultur_zeile[1] == str(projekte.filter(phase=Phase.UMSETZUNG).count())
    assert kultur_zeile[-1] == str(projekte.count())  # the unpublished project is not counted
    klima = Querschnittsthema.objects.get(slug="klima")
    assert _tabellenzeile(html, "Kernaktivitäten je Querschnittsthema nach Phase", klima.titel)[
        -1
    ] == str(oeffentlich.filter(querschnittsthemen=klima).count())
    # Festival in both periods, Klimaquartier in the second; unpublished ones do not count.
    berichte = "Kernaktivitäten mit freigegebenem Statusbericht"
    assert _tabellenzeile(html, berichte, "2026 – 1. Halbjahr") == ["1"]
    assert _tabellenzeile(html, berichte, "2026 – 2. Halbjahr") == ["2"]
    kennzahlen = _tabellenzeile(html, "Kennzahlen je Kompetenz nach Zielerreichung", kultur.titel)
    assert kennzahlen[0] == "1"  # Besucher: 1,250.5 of 1,000


def test_charts_are_accessible_svg_without_inline_styles(client, daten):
    html = client.get(URL).content.decode()
    diagramme = re.findall(r"<svg [^>]*>", html)
    assert len(diagramme) == 5
    for svg in diagramme:
        assert 'role="img"' in svg
        kennung = re.search(r'aria-labelledby="([^"]+)"', svg).group(1)
        assert re.search(rf'<title id="{kennung}">[^<]+</title>', html)
        beschreibung = re.search(r'aria-describedby="([^"]+)"', svg).group(1)
        assert re.search(rf'<desc id="{beschreibung}">[^<]+</desc>', html)
    assert 'fill="#' in html
    aufbau = struktur(html)
    assert aufbau.style_attribute == 0  # strict CSP: presentation attributes only
    assert "<script" not in html
    assert aufbau.th_ohne_scope == 0
    assert ueberschriften_in_ordnung(aufbau.ueberschriften)
    assert html.count("<table") == 5  # a data table next to every chart
    assert (
        'type="application/atom+xml" title="Statusberichte der Bochum Strategie" href="/feeds/berichte/"'
        in html
    )


def test_dashboard_shows_no_internal_data(client, daten):
    html = client.get(URL).content.decode()
    for geheim in ("Geheimes Vorhaben", "kritisch", "gefährdet", "Lieferverzug"):
        assert geheim not in html


def test_nav_links_to_the_dashboard(client):
    html = client.get("/").content.decode()
    assert '<a href="/fortschritt/"' in html
    assert 'href="/fortschritt/" aria-current="page"' in client.get(URL).content.decode()


def test_dashboard_needs_a_constant_number_of_queries(
    client, daten, django_assert_max_num_queries, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as wenige:
        assert client.get(URL).status_code == 200
    demodaten_erzeugen(anzahl=2000)
    with django_assert_num_queries(len(wenige.captured_queries)):
        response = client.get(URL)
    assert response.status_code == 200
    # 12: two of them for the milestones against their baseline (issue 18).
    with django_assert_max_num_queries(12):
        client.get(URL)
    assert Kernaktivitaet.objects.count() > 2000
