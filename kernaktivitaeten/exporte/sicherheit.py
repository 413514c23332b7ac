"""Safe exports: no spreadsheet formula injection, predictable file names.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel and LibreOffice as a formula (CSV injection, OWASP). Every text cell of the Excel and CSV
exports passes ``zelle_entschaerfen``; numbers and dates the exports format themselves do not.
"""

from datetime import date, datetime

from django.utils import timezone

from bochum_strategie.lib.text import slugify_de

GEFAEHRLICHE_ANFAENGE = ("=", "+", "-", "@", "\t", "\r")


def zelle_entschaerfen(wert):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; other values
    are returned unchanged."""
    if isinstance(wert, str) and wert.startswith(GEFAEHRLICHE_ANFAENGE):
        return "'" + wert
    return wert


def dateiname(
    name: str,
    endung: str,
    *,
    zusatz: str = "",
    datum: date | None = None,
    zeitpunkt: datetime | None = None,
) -> str:
    """``fortschrittsbericht-2026-11-29.xlsx``; ``zusatz`` (e.g. a Kompetenz) becomes a slug;
    with ``zeitpunkt`` the local time too (``…-2026-11-29-0815.pdf``, export jobs)."""
    teile = [slugify_de(name)]
    if zusatz:
        teile.append(slugify_de(zusatz))
    if zeitpunkt is not None:
        teile.append(timezone.localtime(zeitpunkt).strftime("%Y-%m-%d-%H%M"))
    else:
        teile.append((datum or timezone.localdate()).isoformat())
    return "-".join(teil for teil in teile if teil) + "." + endung.lstrip(".")
