"""The one helper against formula injection, file names, German formats, bounded memory."""

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kernaktivitaeten.exporte import fortschritt
from kernaktivitaeten.exporte.excel import blattname
from kernaktivitaeten.exporte.formate import datum_de, zahl_de
from kernaktivitaeten.exporte.fortschritt import Auswahl, Zugriff
from kernaktivitaeten.exporte.sicherheit import dateiname, zelle_entschaerfen


@pytest.mark.parametrize(
    ("wert", "erwartet"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+49 234 910", "'+49 234 910"),
        ("-1", "'-1"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tversteckt", "'\tversteckt"),
        ("\rzeile", "'\rzeile"),
        ("Bänke für Bochum", "Bänke für Bochum"),
        ("a=b", "a=b"),
        ("", ""),
        (42, 42),
        (None, None),
    ],
)
def test_zelle_entschaerfen(wert, erwartet):
    assert zelle_entschaerfen(wert) == erwartet


def test_file_names_carry_the_date():
    tag = date(2026, 11, 29)
    assert (
        dateiname("fortschrittsbericht", "xlsx", datum=tag) == "fortschrittsbericht-2026-11-29.xlsx"
    )
    assert (
        dateiname("fortschrittsbericht", ".pdf", zusatz="Großstadt mit Lebensgefühl", datum=tag)
        == "fortschrittsbericht-grossstadt-mit-lebensgefuehl-2026-11-29.pdf"
    )
    assert dateiname("kernaktivitaeten", "csv").endswith(f"-{timezone.localdate().isoformat()}.csv")


def test_german_numbers_and_dates():
    assert zahl_de(Decimal("1250.50")) == "1.250,5"
    assert zahl_de(Decimal("1000.00")) == "1.000"
    assert zahl_de(Decimal("1250.50"), gruppieren=False) == "1250,5"
    assert zahl_de(-3) == "-3"
    assert zahl_de(None) == ""
    assert datum_de(date(2026, 1, 5)) == "05.01.2026"
    # An aware datetime is shown as the local (Europe/Berlin) day.
    berlin = ZoneInfo("Europe/Berlin")
    assert datum_de(datetime(2026, 12, 31, 23, 30, tzinfo=berlin)) == "31.12.2026"
    assert datum_de(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "01.01.2027"


def test_sheet_names_are_valid_and_unique():
    vergeben = set()
    assert blattname("Vorreiterin modernen Stadtmanagements", vergeben) == (
        "Vorreiterin modernen Stadtmanag"
    )
    zweiter = blattname("Vorreiterin modernen Stadtmanagements", vergeben)
    assert zweiter == "Vorreiterin modernen Stadtm (2)"
    assert len(zweiter) == 31
    assert blattname("Kultur/Bildung: [neu]?", vergeben) == "Kultur Bildung neu"


@pytest.mark.django_db
def test_rows_are_built_in_chunks(daten, monkeypatch):
    """Chunks of ZEILEN_JE_BLOCK projects with their details: the queries grow with the
    number of chunks and memory stays bounded by one chunk, whatever the total."""
    monkeypatch.setattr(fortschritt, "ZEILEN_JE_BLOCK", 4)
    auswahl = Auswahl(zugriff=Zugriff.vollstaendig(), zeitraum=daten["z2"])
    anzahl = auswahl.projekte().count()
    with CaptureQueriesContext(connection) as abfragen:
        zeilen = list(auswahl.zeilen())
    assert len(zeilen) == anzahl
    bloecke = -(-anzahl // 4)
    # One query for the projects (with the newest report's id), then per chunk: Schwerpunkte,
    # Kennzahlen with their newest Messwert, and the reports.
    assert len(abfragen.captured_queries) <= 1 + 3 * bloecke
    assert len(abfragen.captured_queries) >= bloecke


def _spitze(auswahl, schreiben) -> int:
    import tempfile
    import tracemalloc

    tracemalloc.start()
    try:
        with tempfile.TemporaryFile() as datei:
            schreiben(auswahl, datei)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.django_db
def test_memory_does_not_grow_with_the_number_of_projects(monkeypatch):
    """Four times the projects must not need anything like four times the memory: rows are
    streamed out chunk by chunk (CSV) or into the workbook's temporary files (Excel)."""
    from kernaktivitaeten.demodaten import demodaten_erzeugen
    from kernaktivitaeten.exporte.ausgabe import fortschrittsbericht_schreiben
    from kernaktivitaeten.models import Kernaktivitaet

    monkeypatch.setattr(fortschritt, "ZEILEN_JE_BLOCK", 50)

    class Erste(Auswahl):
        anzahl = 0

        def projekte(self):
            grenze = Kernaktivitaet.objects.order_by("pk").values_list("pk", flat=True)
            return super().projekte().filter(pk__lte=grenze[self.anzahl - 1])

    demodaten_erzeugen(anzahl=1000)
    spitzen = {}
    for format in ("csv", "xlsx"):
        for anzahl in (250, 1000):
            auswahl = Erste(zugriff=Zugriff.vollstaendig())
            auswahl.anzahl = anzahl

            def schreiben(auswahl, datei, format=format):
                fortschrittsbericht_schreiben(auswahl, format, datei)

            spitzen[format, anzahl] = _spitze(auswahl, schreiben)
    for format in ("csv", "xlsx"):
        assert spitzen[format, 1000] < 1.5 * spitzen[format, 250], spitzen
        assert spitzen[format, 1000] < 20 * 1024 * 1024, spitzen
    print("peak traced memory:", {k: f"{v / 1e6:.1f} MB" for k, v in spitzen.items()})
