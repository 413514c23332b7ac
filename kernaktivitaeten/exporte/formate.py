"""German number and date formatting that does not depend on the active locale.

Exports are written in German whatever language the request came in (the council reads them
in German) and streamed responses may run after the request's locale is gone, so the
formatting is done here explicitly instead of through ``django.utils.formats``.
"""

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone, translation


def zahl_de(wert, *, gruppieren: bool = True) -> str:
    """``1234.5`` → ``1.234,5``; whole numbers without decimals, at most two decimals."""
    if wert is None:
        return ""
    if isinstance(wert, Decimal) and wert == wert.to_integral_value():
        wert = int(wert)
    if isinstance(wert, int):
        text = f"{wert:,d}" if gruppieren else str(wert)
    else:
        text = f"{Decimal(wert):,.2f}" if gruppieren else f"{Decimal(wert):.2f}"
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def als_datum(wert) -> date | None:
    """A date; datetimes become the local calendar day."""
    if isinstance(wert, datetime):
        return timezone.localtime(wert).date() if timezone.is_aware(wert) else wert.date()
    return wert


def datum_de(wert) -> str:
    """``29.11.2026`` (TT.MM.JJJJ); empty for None."""
    tag = als_datum(wert)
    return tag.strftime("%d.%m.%Y") if tag else ""


def json_wert(wert):
    """Values for JSON: ISO dates, numbers as numbers."""
    if isinstance(wert, datetime | date):
        return als_datum(wert).isoformat()
    if isinstance(wert, Decimal):
        return int(wert) if wert == wert.to_integral_value() else float(wert)
    return wert


def auf_deutsch(zeilen: Iterable) -> Iterator:
    """Produces each item of ``zeilen`` with German activated.

    A streamed response is iterated after the view returned (under ASGI even from changing
    threads), so labels such as the phase names are translated per step, not once.
    """
    iterator = iter(zeilen)
    while True:
        with translation.override("de"):
            try:
                zeile = next(iterator)
            except StopIteration:
                return
        yield zeile
