"""Issue 18: the public drift view on the project page (text first, history with reasons,
timeline with a table) and what it never shows (drafts, internal fields, names)."""

import re
from datetime import date

import pytest

from kernaktivitaeten.models import Meilenstein
from kernaktivitaeten.services import (
    Terminaenderungzeile,
    statusbericht_anlegen,
    statusbericht_einreichen,
    statusbericht_freigeben,
)
from tests.factories import MeilensteinFactory

pytestmark = pytest.mark.django_db


def _bericht(projekt, zeitraum, lead, zeilen, **daten):
    return statusbericht_anlegen(
        kernaktivitaet=projekt,
        berichtszeitraum=zeitraum,
        user=lead,
        daten={"phase": "umsetzung", "fortschritt": 40, "erreicht": "Öffentlicher Text.", **daten},
        terminaenderungen=zeilen,
    )


@pytest.fixture
def verschoben(projekt_a, zeitraum, frueherer_zeitraum, projektleitung_a, vorstand_kultur):
    """A milestone planned for 15.01.2027, shifted twice (to 15.03. and 15.04.2027), and the
    project's end shifted once; a third shift is still a draft."""
    Meilenstein.objects.filter(kernaktivitaet=projekt_a).delete()
    m = MeilensteinFactory(kernaktivitaet=projekt_a, titel="Richtfest", geplant=date(2027, 1, 15))
    projekt_a.ende_geplant = date(2028, 12, 31)
    projekt_a.save()
    frueherer_zeitraum.offen = True
    frueherer_zeitraum.save()
    for zeitraum_, zeilen in [
        (frueherer_zeitraum, [Terminaenderungzeile(m.pk, date(2027, 3, 15), "Regen im Winter")]),
        (
            zeitraum,
            [
                Terminaenderungzeile(m.pk, date(2027, 4, 15), "Statik neu berechnet"),
                Terminaenderungzeile(None, date(2029, 6, 30), "Zweiter Bauabschnitt"),
            ],
        ),
    ]:
        b = _bericht(projekt_a, zeitraum_, projektleitung_a, zeilen, risiken="GEHEIMES RISIKO")
        b = statusbericht_einreichen(bericht=b, user=projektleitung_a)
        statusbericht_freigeben(bericht=b, user=vorstand_kultur)
    _bericht(
        projekt_a,
        zeitraum,
        projektleitung_a,
        [Terminaenderungzeile(m.pk, date(2027, 9, 1), "ENTWURFSGRUND")],
    )
    return m


def test_each_milestone_shows_baseline_plan_and_total_shift(client, projekt_a, verschoben):
    html = client.get(projekt_a.get_absolute_url()).content.decode()
    zeile = re.search(r"<tr[^>]*>\s*<th scope=\"row\" lang=\"de\">Richtfest.*?</tr>", html, re.S)
    assert zeile, html
    zeile = zeile.group(0)
    assert "15.01.2027" in zeile and "15.04.2027" in zeile
    assert "3 Monate später als ursprünglich geplant, 2× verschoben" in zeile
    ende = re.search(r"<th scope=\"row\">Ende des Projekts.*?</tr>", html, re.S).group(0)
    assert "31.12.2028" in ende and "30.06.2029" in ende
    assert "6 Monate später als ursprünglich geplant, 1× verschoben" in ende


def test_history_lists_each_approved_shift_with_its_reason(client, projekt_a, verschoben):
    html = client.get(projekt_a.get_absolute_url()).content.decode()
    verlauf = re.search(r"<details class=\"termin-verlauf\">.*?Richtfest.*?</details>", html, re.S)
    assert verlauf
    verlauf = verlauf.group(0)
    assert "2 Verschiebungen mit Begründung" in verlauf
    assert verlauf.index("Regen im Winter") < verlauf.index("Statik neu berechnet")
    assert "2026 – 1. Halbjahr" in verlauf and "2026 – 2. Halbjahr" in verlauf
    assert "15.03.2027" in verlauf


def test_no_drafts_internals_or_names_on_the_page(
    client, projekt_a, verschoben, projektleitung_a, vorstand_kultur
):
    html = client.get(projekt_a.get_absolute_url()).content.decode()
    assert "ENTWURFSGRUND" not in html and "01.09.2027" not in html
    assert "GEHEIMES RISIKO" not in html
    for user in (projektleitung_a, vorstand_kultur):
        assert user.username not in html
        assert user.first_name not in html


def test_timeline_is_an_accessible_svg_without_style_attributes(client, projekt_a, verschoben):
    html = client.get(projekt_a.get_absolute_url()).content.decode()
    svg = re.search(r"<svg[^>]*aria-labelledby=\"zeitleiste-titel\".*?</svg>", html, re.S)
    assert svg
    svg = svg.group(0)
    assert 'role="img"' in svg and '<title id="zeitleiste-titel">' in svg
    assert "Richtfest, Basisplan 15.01.2027, aktuell geplant 15.04.2027" in svg
    assert "style=" not in svg and "<script" not in svg
    assert svg.count("<circle") == 4  # baseline ring and plan dot of two rows
    assert "2027" in svg and "2029" in svg


def test_english_page_translates_the_shift(client, projekt_a, verschoben):
    html = client.get("/en" + projekt_a.get_absolute_url()).content.decode()
    assert "3 months later than originally planned, shifted 2×" in html


def test_project_page_queries_do_not_grow_with_shifts(
    client, projekt_a, verschoben, projektleitung_a, vorstand_kultur, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kernaktivitaeten.models import Berichtszeitraum

    with CaptureQueriesContext(connection) as vorher:
        client.get(projekt_a.get_absolute_url())
    neue = [
        MeilensteinFactory(kernaktivitaet=projekt_a, geplant=date(2027, 6, n)) for n in range(1, 6)
    ]
    for nummer in range(3):
        z = Berichtszeitraum.objects.create(
            name=f"Extra {nummer}",
            beginn=date(2027, 1, 1),
            ende=date(2027, 2, 1 + nummer),
            faellig_am=date(2027, 3, 1),
        )
        zeilen = [
            Terminaenderungzeile(m.pk, date(2028, 1, 1 + nummer), f"Grund {nummer}") for m in neue
        ]
        b = _bericht(projekt_a, z, projektleitung_a, zeilen)
        b = statusbericht_einreichen(bericht=b, user=projektleitung_a)
        statusbericht_freigeben(bericht=b, user=vorstand_kultur)
    with django_assert_num_queries(len(vorher.captured_queries)):
        html = client.get(projekt_a.get_absolute_url()).content.decode()
    assert html.count("3 Verschiebungen mit Begründung") == 5
