"""Reading downloads in the export tests."""

import csv
import io
import re

from openpyxl import load_workbook

from tests.helpers import struktur, ueberschriften_in_ordnung  # noqa: F401 (re-exported)


def inhalt(response) -> bytes:
    """The body; a streamed body is read once and kept, so it can be read again."""
    if response.streaming:
        if not hasattr(response, "_gelesen"):
            response._gelesen = b"".join(response.streaming_content)
        return response._gelesen
    return response.content


def csv_zeilen(response) -> list[list[str]]:
    daten = inhalt(response)
    assert daten.startswith(b"\xef\xbb\xbf"), "CSV must start with the UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(daten.decode("utf-8-sig"), newline=""), delimiter=";"))


def csv_dicts(response) -> list[dict]:
    kopf, *zeilen = csv_zeilen(response)
    return [dict(zip(kopf, zeile, strict=True)) for zeile in zeilen]


def arbeitsmappe(response):
    return load_workbook(io.BytesIO(inhalt(response)))


def blatt_dicts(blatt, kopfzeile=1) -> list[dict]:
    zeilen = list(blatt.iter_rows(min_row=kopfzeile, values_only=True))
    kopf = zeilen[0]
    return [dict(zip(kopf, zeile, strict=True)) for zeile in zeilen[1:]]


def dateiname(response) -> str:
    return re.search(r'filename="([^"]+)"', response["Content-Disposition"]).group(1)
