"""The import service takes plain rows (no file, no form): what a form, a command or a test
hands it is the same."""

import pytest

from kernaktivitaeten.importe import kernaktivitaeten_importieren
from kernaktivitaeten.models import Kernaktivitaet

pytestmark = pytest.mark.django_db


def test_rows_in_dry_run_then_written(referat):
    zeilen = [
        {"nummer": "9001", "titel": "Importiertes Vorhaben", "phase": "umsetzung"},
        {"nummer": "9002", "titel": "Zweites Vorhaben", "veroeffentlicht": "nein"},
    ]
    probe = kernaktivitaeten_importieren(zeilen=zeilen, user=referat, probelauf=True)
    assert (probe.anzahl_neu, probe.fehler) == (2, False)
    assert not Kernaktivitaet.objects.filter(nummer__in=[9001, 9002]).exists()
    echt = kernaktivitaeten_importieren(zeilen=zeilen, user=referat, probelauf=False)
    assert echt.anzahl_neu == 2
    assert Kernaktivitaet.objects.get(nummer=9001).titel == "Importiertes Vorhaben"
    assert Kernaktivitaet.objects.get(nummer=9002).veroeffentlicht is False


def test_one_bad_row_writes_nothing(referat):
    zeilen = [
        {"nummer": "9003", "titel": "Gut"},
        {"nummer": "9004", "titel": "Schlecht", "fortschritt": "viel"},
    ]
    ergebnis = kernaktivitaeten_importieren(zeilen=zeilen, user=referat, probelauf=False)
    assert ergebnis.fehler
    assert not Kernaktivitaet.objects.filter(nummer__in=[9003, 9004]).exists()
