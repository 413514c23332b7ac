"""CSV and JSON, streamed: rows go out while the database cursor moves on.

CSV as German spreadsheets read it: UTF-8 with byte order mark, semicolon, CRLF, decimal
comma, dates TT.MM.JJJJ, ``ja``/``nein``; list values joined by `` | ``. Text cells are
neutralised against formula injection. JSON: ISO dates, numbers as numbers, lists as arrays,
one object ``{…metadata…, "daten": [rows]}``.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone, translation

from .formate import auf_deutsch, datum_de, json_wert, zahl_de
from .fortschritt import Auswahl, spalten
from .sicherheit import zelle_entschaerfen

BOM = "\ufeff"
LISTENTRENNER = " | "
ZEILEN_JE_STUECK = 200  # rows per chunk sent to the client


def csv_wert(wert) -> str:
    if wert is None:
        return ""
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    if isinstance(wert, datetime | date):
        return datum_de(wert)
    if isinstance(wert, int | Decimal | float):
        return zahl_de(wert, gruppieren=False)
    if isinstance(wert, list | tuple):
        return zelle_entschaerfen(LISTENTRENNER.join(csv_wert(w) for w in wert))
    return zelle_entschaerfen(str(wert))


def csv_zeilen(kopf: list[str], zeilen: Iterable[list]) -> Iterator[bytes]:
    """The encoded CSV: BOM and header first, then chunks of rows."""
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerow([csv_wert(titel) for titel in kopf])
    puffer.seek(0)
    yield (BOM + puffer.getvalue()).encode()
    puffer.seek(0)
    puffer.truncate()
    for anzahl, zeile in enumerate(zeilen, start=1):
        schreiber.writerow([csv_wert(wert) for wert in zeile])
        if anzahl % ZEILEN_JE_STUECK == 0:
            yield puffer.getvalue().encode()
            puffer.seek(0)
            puffer.truncate()
    if puffer.tell():
        yield puffer.getvalue().encode()


def json_zeilen(metadaten: dict, zeilen: Iterable[dict]) -> Iterator[bytes]:
    """``{…metadaten…, "daten": [ … ]}``, one chunk per ZEILEN_JE_STUECK rows."""
    anfang = json.dumps(metadaten, ensure_ascii=False, default=json_wert)
    yield (anfang[:-1] + (", " if metadaten else "") + '"daten": [').encode()
    stueck, erste = [], True
    for zeile in zeilen:
        text = json.dumps(
            {k: json_wert(v) for k, v in zeile.items()}, ensure_ascii=False, default=json_wert
        )
        stueck.append(("\n" if erste else ",\n") + text)
        erste = False
        if len(stueck) >= ZEILEN_JE_STUECK:
            yield "".join(stueck).encode()
            stueck = []
    stueck.append("\n]}\n")
    yield "".join(stueck).encode()


def fortschritt_csv(auswahl: Auswahl) -> Iterator[bytes]:
    """The Fortschrittsbericht's rows as CSV (internal columns only where allowed)."""
    with translation.override("de"):
        auswahl_spalten = spalten(intern=auswahl.mit_intern)
        kopf = [str(s.titel) for s in auswahl_spalten]
    zeilen = (
        [zeile[s.schluessel] for s in auswahl_spalten] for zeile in auf_deutsch(auswahl.zeilen())
    )
    return csv_zeilen(kopf, zeilen)


def fortschritt_json(auswahl: Auswahl) -> Iterator[bytes]:
    """The same rows as JSON; keys are the columns' ``schluessel``."""
    with translation.override("de"):
        auswahl_spalten = spalten(intern=auswahl.mit_intern)
        titel = {s.schluessel: str(s.titel) for s in auswahl_spalten}
    metadaten = {
        "titel": "Fortschrittsbericht Bochum Strategie 2030",
        "stand": timezone.localdate().isoformat(),
        "filter": {
            "kompetenz": auswahl.kompetenz.slug if auswahl.kompetenz else None,
            "berichtszeitraum": auswahl.zeitraum.name if auswahl.zeitraum else None,
            "berichtszeitraum_id": auswahl.zeitraum.pk if auswahl.zeitraum else None,
            "phase": auswahl.phase or None,
        },
        "spalten": [{"schluessel": k, "titel": v} for k, v in titel.items()],
    }
    zeilen = (
        {s.schluessel: zeile[s.schluessel] for s in auswahl_spalten}
        for zeile in auf_deutsch(auswahl.zeilen())
    )
    return json_zeilen(metadaten, zeilen)
