"""Fortschrittsbericht as Excel: sheets, rows, totals, formats, neutralised formulas, access."""

from datetime import datetime

import pytest
from django.utils import timezone

from kernaktivitaeten.models import Kernaktivitaet, Phase
from zielsystem.models import Kompetenz

from .conftest import FORMEL_TITEL
from .helpers import arbeitsmappe, blatt_dicts, dateiname

PLANBLAETTER = ["Termine", "Größte Verschiebungen", "Vergleich"]

pytestmark = pytest.mark.django_db

URL = "/verwaltung/exporte/fortschrittsbericht/"


def _laden(client, person, **parameter):
    client.force_login(person)
    response = client.get(URL, {"format": "xlsx", **parameter})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return response, arbeitsmappe(response)


def test_referat_gets_summary_and_one_sheet_per_kompetenz(client, referat, daten):
    response, mappe = _laden(client, referat, zeitraum=daten["z2"].pk)
    heute = timezone.localdate().isoformat()
    assert dateiname(response) == f"fortschrittsbericht-{heute}.xlsx"
    kompetenzen = [k.titel[:31] for k in Kompetenz.objects.order_by("strategie", "reihenfolge")]
    # The real example projects include some without a Kompetenz: they get their own sheet.
    # After the project sheets: milestones against the baseline and the period comparison.
    assert mappe.sheetnames == ["Übersicht", *kompetenzen, "Ohne Kompetenz", *PLANBLAETTER]
    for name in mappe.sheetnames[1 : -len(PLANBLAETTER)]:
        blatt = mappe[name]
        assert blatt.freeze_panes == "C2"
        assert blatt.auto_filter.ref == f"A1:O{blatt.max_row}"
        assert blatt.column_dimensions["B"].width == 40


def test_summary_counts_projects_by_phase_and_reports_of_the_period(client, referat, daten, kultur):
    _response, mappe = _laden(client, referat, zeitraum=daten["z2"].pk)
    blatt = mappe["Übersicht"]
    assert blatt["A1"].value == "Fortschrittsbericht Bochum Strategie 2030"
    assert blatt["A2"].value == f"Stand: {timezone.localdate():%d.%m.%Y}"
    assert "Berichtszeitraum: 2026 – 2. Halbjahr" in blatt["A3"].value
    assert blatt.freeze_panes == "B7"
    zeilen = {z["Kompetenz"]: z for z in blatt_dicts(blatt, kopfzeile=6)}
    projekte = Kernaktivitaet.objects.filter(kompetenz=kultur)
    zeile = zeilen[kultur.titel]
    assert zeile["Kernaktivitäten"] == projekte.count()
    assert zeile["in Umsetzung"] == projekte.filter(phase=Phase.UMSETZUNG).count()
    assert zeile["in Vorbereitung"] == projekte.filter(phase=Phase.VORBEREITUNG).count()
    # Festival and the unpublished project are approved, the formula project is submitted.
    assert zeile["Berichte freigegeben"] == 2
    assert zeile["Berichte eingereicht"] == 1
    assert zeile["Berichte fehlen"] == projekte.count() - 3
    summe = zeilen["Summe"]
    assert summe["Kernaktivitäten"] == Kernaktivitaet.objects.count()
    assert summe["Berichte freigegeben"] == 3
    assert summe["umgesetzt"] == Kernaktivitaet.objects.filter(phase=Phase.UMGESETZT).count()
    # Kompetenz, total, 8 phase columns, 3 report columns; the total row is not filtered.
    assert blatt.auto_filter.ref == f"A6:M{6 + len(zeilen) - 1}"


def test_project_rows_with_german_formats_and_internal_columns(client, referat, daten, kultur):
    _response, mappe = _laden(client, referat, zeitraum=daten["z2"].pk)
    blatt = mappe[kultur.titel]
    kopf = [zelle.value for zelle in blatt[1]]
    assert kopf == [
        "Nummer",
        "Titel",
        "Kompetenz",
        "Schwerpunkte",
        "Federführende Organisation",
        "Phase",
        "Fortschritt",
        "Ampel",
        "Berichtszeitraum",
        "Bericht freigegeben am",
        "Erreicht",
        "Nächste Schritte",
        "Risiken",
        "Unterstützungsbedarf",
        "Kennzahlen (Ist / Ziel)",
    ]
    zeilen = {z["Titel"]: z for z in blatt_dicts(blatt)}
    assert len(zeilen) == Kernaktivitaet.objects.filter(kompetenz=kultur).count()
    festival = zeilen["Festivalsommer"]
    schwerpunkte = "; ".join(
        kultur.schwerpunkte.filter(reihenfolge__in=[1, 2]).values_list("titel", flat=True)
    )
    assert festival == {
        "Nummer": 7001,
        "Titel": "Festivalsommer",
        "Kompetenz": kultur.titel,
        "Schwerpunkte": schwerpunkte,
        "Federführende Organisation": "Kulturbüro Test",
        "Phase": "in Umsetzung",
        "Fortschritt": 60,
        "Ampel": "kritisch",
        "Berichtszeitraum": "2026 – 2. Halbjahr",
        "Bericht freigegeben am": datetime(2026, 11, 20),  # noqa: DTZ001 - Excel has no zones
        "Erreicht": "Bühne gebaut und 1.250 Gäste begrüßt.",
        "Nächste Schritte": "Zweite Bühne planen",
        "Risiken": "Lieferverzug bei Bühnentechnik",
        "Unterstützungsbedarf": "Mehr Personal für den Einlass",
        "Kennzahlen (Ist / Ziel)": "Besucher: 1.250,5 von 1.000 Personen (Ziel erreicht)",
    }
    zeile = next(z for z in blatt.iter_rows(min_row=2) if z[1].value == "Festivalsommer")
    assert zeile[0].number_format == "0"
    assert zeile[6].number_format == '0" %"'
    assert zeile[9].number_format == "DD.MM.YYYY"
    assert zeile[10].alignment.wrap_text
    # Sorted by number; the submitted report of the formula project is not shown.
    assert [z["Nummer"] for z in zeilen.values() if z["Nummer"]] == [7001, 7002, 7004]
    assert zeilen[f"'{FORMEL_TITEL}"]["Erreicht"] is None


def test_formula_title_is_neutralised(client, referat, daten, kultur):
    _response, mappe = _laden(client, referat)
    zelle = next(z[1] for z in mappe[kultur.titel].iter_rows(min_row=2) if z[0].value == 7002)
    assert zelle.value == "'" + FORMEL_TITEL
    assert zelle.data_type == "s"  # text, not a formula


def test_period_shows_newest_approved_report_up_to_its_end(client, referat, daten, kultur):
    _response, mappe = _laden(client, referat, zeitraum=daten["z1"].pk)
    zeilen = {z["Titel"]: z for z in blatt_dicts(mappe[kultur.titel])}
    assert zeilen["Festivalsommer"]["Erreicht"] == "Erster Bericht: Konzept steht."
    assert zeilen["Festivalsommer"]["Ampel"] == "gefährdet"
    uebersicht = {z["Kompetenz"]: z for z in blatt_dicts(mappe["Übersicht"], kopfzeile=6)}
    assert uebersicht[kultur.titel]["Berichte freigegeben"] == 1


def test_phase_filter(client, referat, daten):
    _response, mappe = _laden(client, referat, phase="umgesetzt")
    titel = {
        z["Titel"]
        for name in mappe.sheetnames[1:]
        if name not in PLANBLAETTER
        for z in blatt_dicts(mappe[name])
    }
    assert "Klimaquartier" in titel
    assert titel == set(
        Kernaktivitaet.objects.filter(phase=Phase.UMGESETZT).values_list("titel", flat=True)
    )


def test_vorstand_gets_only_own_kompetenz_with_internal_columns(
    client, vorstand_kultur, daten, kultur
):
    _response, mappe = _laden(client, vorstand_kultur)
    assert [n for n in mappe.sheetnames if n not in PLANBLAETTER] == ["Übersicht", kultur.titel]
    zeilen = {z["Titel"]: z for z in blatt_dicts(mappe[kultur.titel])}
    assert "Klimaquartier" not in zeilen
    assert zeilen["Festivalsommer"]["Risiken"] == "Lieferverzug bei Bühnentechnik"
    uebersicht = [z["Kompetenz"] for z in blatt_dicts(mappe["Übersicht"], kopfzeile=6)]
    assert uebersicht == [kultur.titel, "Summe"]
