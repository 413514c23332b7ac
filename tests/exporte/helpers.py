"""Reading downloads in the export tests."""

import csv
import io
import re
from html.parser import HTMLParser
from itertools import pairwise

from openpyxl import load_workbook


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


class _Struktur(HTMLParser):
    """Headings in order, and th elements with their scope."""

    def __init__(self):
        super().__init__()
        self.ueberschriften: list[int] = []
        self.th_ohne_scope = 0
        self.style_attribute = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.ueberschriften.append(int(tag[1]))
        if tag == "th" and attrs.get("scope") not in ("col", "row"):
            self.th_ohne_scope += 1
        if "style" in attrs:
            self.style_attribute += 1


def struktur(html: str) -> _Struktur:
    parser = _Struktur()
    parser.feed(html)
    return parser


def ueberschriften_in_ordnung(ebenen: list[int]) -> bool:
    """One h1 first, and no level skipped on the way down."""
    if not ebenen or ebenen[0] != 1 or ebenen.count(1) != 1:
        return False
    return all(b <= a + 1 for a, b in pairwise(ebenen))
