"""The Fortschrittsbericht's formats: one table for the view and the management command."""

from dataclasses import dataclass

from .csv import fortschritt_csv, fortschritt_json
from .excel import fortschrittsbericht_xlsx
from .fortschritt import Auswahl
from .pdf import fortschrittsbericht_pdf_schreiben
from .sicherheit import dateiname


@dataclass(frozen=True)
class Format:
    endung: str
    titel: str
    content_type: str
    gestreamt: bool  # CSV and JSON go out row by row


FORMATE = {
    "xlsx": Format(
        "xlsx",
        "Excel (.xlsx)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        False,
    ),
    "pdf": Format("pdf", "PDF", "application/pdf", False),
    "csv": Format("csv", "CSV", "text/csv; charset=utf-8", True),
    "json": Format("json", "JSON", "application/json; charset=utf-8", True),
}


def bericht_dateiname(auswahl: Auswahl, format: str) -> str:
    """``fortschrittsbericht-2026-11-29.xlsx``, with the Kompetenz when one was chosen."""
    zusatz = auswahl.kompetenz.slug if auswahl.kompetenz else ""
    return dateiname("fortschrittsbericht", FORMATE[format].endung, zusatz=zusatz)


def stuecke(auswahl: Auswahl, format: str):
    """The streamed formats as an iterator of byte chunks."""
    return fortschritt_csv(auswahl) if format == "csv" else fortschritt_json(auswahl)


def fortschrittsbericht_schreiben(auswahl: Auswahl, format: str, datei) -> None:
    """Writes the report in ``format`` to a binary file opened for writing."""
    if format == "xlsx":
        fortschrittsbericht_xlsx(auswahl, datei)
    elif format == "pdf":
        fortschrittsbericht_pdf_schreiben(auswahl, datei)
    elif format in ("csv", "json"):
        for stueck in stuecke(auswahl, format):
            datei.write(stueck)
    else:
        raise ValueError(f"Unbekanntes Format: {format}")
