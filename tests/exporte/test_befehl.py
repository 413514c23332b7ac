"""manage.py fortschrittsbericht: the full report as a file."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from kernaktivitaeten.models import Kernaktivitaet

pytestmark = pytest.mark.django_db


def test_writes_every_format_with_all_projects(tmp_path, daten):
    ausgabe = io.StringIO()
    for format in ("xlsx", "csv", "json"):
        ziel = tmp_path / f"bericht.{format}"
        call_command("fortschrittsbericht", format=format, ausgabe=str(ziel), stdout=ausgabe)
        assert ziel.stat().st_size > 0
    assert f"({Kernaktivitaet.objects.count()} Kernaktivitäten" in ausgabe.getvalue()
    mappe = load_workbook(tmp_path / "bericht.xlsx")
    planblaetter = {"Termine", "Größte Verschiebungen", "Vergleich"}  # issue 18
    zeilen = sum(
        mappe[name].max_row - 1 for name in mappe.sheetnames[1:] if name not in planblaetter
    )
    assert zeilen == Kernaktivitaet.objects.count()  # unpublished included: internal report
    kopf = next(
        csv.reader(io.StringIO((tmp_path / "bericht.csv").read_text("utf-8-sig")), delimiter=";")
    )
    assert "Ampel" in kopf and "Risiken" in kopf
    daten_json = json.loads((tmp_path / "bericht.json").read_text("utf-8"))
    assert len(daten_json["daten"]) == Kernaktivitaet.objects.count()
    assert not list(tmp_path.glob(".fortschrittsbericht-*"))  # no temporary leftovers


def test_pdf_for_one_kompetenz_and_without_internal_columns(tmp_path, daten, kultur):
    ziel = tmp_path / "kultur.pdf"
    call_command(
        "fortschrittsbericht",
        format="pdf",
        ausgabe=str(ziel),
        kompetenz=kultur.slug,
        zeitraum=str(daten["z2"].pk),
        ohne_intern=True,
        stdout=io.StringIO(),
    )
    text = " ".join(seite.extract_text() for seite in PdfReader(ziel).pages)
    assert "Festivalsommer" in text
    assert "Lieferverzug" not in text
    csv_ziel = tmp_path / "oeffentlich.csv"
    call_command(
        "fortschrittsbericht",
        format="csv",
        ausgabe=str(csv_ziel),
        ohne_intern=True,
        stdout=io.StringIO(),
    )
    assert "Ampel" not in csv_ziel.read_text("utf-8-sig").splitlines()[0]


@pytest.mark.parametrize(
    ("optionen", "meldung"),
    [
        ({"kompetenz": "gibt-es-nicht"}, "--kompetenz: „gibt-es-nicht“ gibt es nicht"),
        ({"zeitraum": "abc"}, "--zeitraum: „abc“ ist kein Berichtszeitraum"),
        (
            {"ausgabe": "/gibt/es/nicht/bericht.xlsx"},
            "das Verzeichnis /gibt/es/nicht gibt es nicht",
        ),
    ],
)
def test_bad_options_are_clear_errors(optionen, meldung):
    with pytest.raises(CommandError, match=meldung):
        call_command("fortschrittsbericht", **optionen)
