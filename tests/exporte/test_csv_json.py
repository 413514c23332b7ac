"""Fortschrittsbericht as CSV and JSON: streamed, German formats, same rows as Excel."""

import json

import pytest
from django.utils import timezone

from kernaktivitaeten.models import Kernaktivitaet

from .conftest import FORMEL_TITEL
from .helpers import csv_dicts, csv_zeilen, dateiname, inhalt

pytestmark = pytest.mark.django_db

URL = "/verwaltung/exporte/fortschrittsbericht/"


def _laden(client, person, **parameter):
    client.force_login(person)
    response = client.get(URL, parameter)
    assert response.status_code == 200, inhalt(response)[:500]
    assert response.streaming
    return response


def test_csv_for_excel_with_bom_semicolon_and_german_formats(client, referat, daten):
    response = _laden(client, referat, format="csv", zeitraum=daten["z2"].pk)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert dateiname(response) == f"fortschrittsbericht-{timezone.localdate().isoformat()}.csv"
    assert b"\r\n" in inhalt(response)
    zeilen = csv_dicts(response)
    assert len(zeilen) == Kernaktivitaet.objects.count()
    festival = next(z for z in zeilen if z["Titel"] == "Festivalsommer")
    assert festival["Nummer"] == "7001"
    assert festival["Fortschritt"] == "60"
    assert festival["Bericht freigegeben am"] == "20.11.2026"
    assert festival["Ampel"] == "kritisch"
    assert festival["Risiken"] == "Lieferverzug bei Bühnentechnik"
    assert festival["Kennzahlen (Ist / Ziel)"] == (
        "Besucher: 1.250,5 von 1.000 Personen (Ziel erreicht)"
    )
    # Projects without a report have empty cells, not "None".
    formel = next(z for z in zeilen if z["Nummer"] == "7002")
    assert formel["Bericht freigegeben am"] == "" and formel["Ampel"] == ""


def test_csv_neutralises_formulas(client, referat, daten):
    zeilen = csv_dicts(_laden(client, referat, format="csv"))
    titel = [z["Titel"] for z in zeilen]
    assert "'" + FORMEL_TITEL in titel
    assert FORMEL_TITEL not in titel
    assert not any(z["Titel"].startswith(("=", "+", "-", "@")) for z in zeilen)


def test_vorstand_csv_only_own_kompetenz(client, vorstand_kultur, daten, kultur):
    kopf, *zeilen = csv_zeilen(_laden(client, vorstand_kultur, format="csv"))
    assert "Ampel" in kopf
    spalte = kopf.index("Kompetenz")
    assert {zeile[spalte] for zeile in zeilen} == {kultur.titel}
    assert len(zeilen) == Kernaktivitaet.objects.filter(kompetenz=kultur).count()


def test_json_same_rows_with_iso_dates_and_numbers(client, referat, daten, kultur):
    response = _laden(client, referat, format="json", kompetenz=kultur.slug)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert dateiname(response).endswith(f"-{kultur.slug}-{timezone.localdate().isoformat()}.json")
    bericht = json.loads(inhalt(response))
    assert bericht["filter"]["kompetenz"] == kultur.slug
    assert bericht["filter"]["berichtszeitraum"] == "2026 – 2. Halbjahr"
    assert [s["schluessel"] for s in bericht["spalten"]][:3] == ["nummer", "titel", "kompetenz"]
    zeilen = {z["titel"]: z for z in bericht["daten"]}
    assert len(zeilen) == Kernaktivitaet.objects.filter(kompetenz=kultur).count()
    festival = zeilen["Festivalsommer"]
    assert festival["nummer"] == 7001
    assert festival["fortschritt"] == 60
    assert festival["bericht_freigegeben_am"] == "2026-11-20"
    assert festival["unterstuetzungsbedarf"] == "Mehr Personal für den Einlass"
    assert set(festival) == {s["schluessel"] for s in bericht["spalten"]}
    assert zeilen[FORMEL_TITEL]["bericht_freigegeben_am"] is None  # JSON is not a spreadsheet
