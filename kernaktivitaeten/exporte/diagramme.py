"""Server-rendered SVG bar charts (no JavaScript, no style attributes: the CSP stays strict).

The geometry is computed here; ``templates/exporte/_diagramm.html`` turns it into SVG with
presentation attributes only (``fill=``, ``font-size=``). Every chart is ``role="img"`` with
a title and a description, and every page shows the same numbers in a table next to it.

Each row is a label line with a bar below it, so long German labels never need measuring.
A row's bar is a stack of segments (one segment for a simple bar chart).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import Phase
from .formate import zahl_de

BREITE = 480  # narrow viewBox: on a phone the text shrinks less
BALKEN_HOEHE = 18
ZEILEN_HOEHE = 46  # label line + bar + gap
LEGENDE_HOEHE = 22
WERT_PLATZ = 64  # room right of the longest bar for its total
TEXTFARBE = "#1b1b1b"

# Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by the legend
# and the data table as well.
PHASENFARBEN = {
    Phase.VORBEREITUNG: "#a65e00",
    Phase.UMSETZUNG: "#004e8a",
    Phase.UMGESETZT: "#2e7d32",
    Phase.REGELBETRIEB: "#00695c",
    Phase.RUHEND: "#6b6b6b",
    Phase.EINGESTELLT: "#b00020",
    Phase.AUFGEGANGEN: "#5c2d91",
    "": "#8a6d3b",
}
FARBE_EINZELN = "#004e8a"


@dataclass
class Segment:
    x: int
    breite: int
    farbe: str
    titel: str


@dataclass
class Zeile:
    label: str
    summe: str
    text_y: int
    balken_y: int
    summe_x: int
    segmente: list[Segment] = field(default_factory=list)


@dataclass
class Legende:
    label: str
    farbe: str
    y: int


@dataclass
class Diagramm:
    id: str
    titel: str
    beschreibung: str
    breite: int
    hoehe: int
    zeilen: list[Zeile]
    legende: list[Legende]
    textfarbe: str = TEXTFARBE
    balken_hoehe: int = BALKEN_HOEHE


def gestapelt(
    *,
    id: str,
    titel: str,
    beschreibung: str,
    kategorien: list[tuple[str, list[int]]],
    serien: list[tuple[str, str]],
    einheit: str = "",
) -> Diagramm:
    """Horizontal stacked bars: ``kategorien`` [(label, [value per series])], ``serien``
    [(label, colour)]. Bars share one scale; series with no value anywhere get no legend."""
    groesster = max((sum(werte) for _label, werte in kategorien), default=0) or 1
    platz = BREITE - WERT_PLATZ
    zeilen = []
    for nummer, (label, werte) in enumerate(kategorien):
        oben = nummer * ZEILEN_HOEHE
        zeile = Zeile(
            label=label,
            summe=zahl_de(sum(werte)) + (f" {einheit}" if einheit else ""),
            text_y=oben + 14,
            balken_y=oben + 20,
            summe_x=0,
        )
        x = 0
        for (serie, farbe), wert in zip(serien, werte, strict=True):
            if not wert:
                continue
            breite = max(1, round(wert / groesster * platz))
            zeile.segmente.append(
                Segment(x=x, breite=breite, farbe=farbe, titel=f"{serie}: {zahl_de(wert)}")
            )
            x += breite
        zeile.summe_x = x + 6
        zeilen.append(zeile)
    benutzt = [
        (serie, farbe)
        for index, (serie, farbe) in enumerate(serien)
        if len(serien) > 1 and any(werte[index] for _label, werte in kategorien)
    ]
    start = len(zeilen) * ZEILEN_HOEHE + (8 if benutzt else 0)
    legende = [
        Legende(label=serie, farbe=farbe, y=start + nummer * LEGENDE_HOEHE)
        for nummer, (serie, farbe) in enumerate(benutzt)
    ]
    hoehe = start + len(legende) * LEGENDE_HOEHE if legende else max(len(zeilen), 1) * ZEILEN_HOEHE
    return Diagramm(
        id=id,
        titel=titel,
        beschreibung=beschreibung,
        breite=BREITE,
        hoehe=hoehe,
        zeilen=zeilen,
        legende=legende,
    )


def balken(
    *, id: str, titel: str, beschreibung: str, werte: list[tuple[str, int]], farbe=FARBE_EINZELN
) -> Diagramm:
    """Simple horizontal bars, one per (label, value)."""
    return gestapelt(
        id=id,
        titel=titel,
        beschreibung=beschreibung,
        kategorien=[(label, [wert]) for label, wert in werte],
        serien=[(titel, farbe)],
    )


def phasen_serien() -> list[tuple[str, str]]:
    return [
        *((str(label), PHASENFARBEN[wert]) for wert, label in Phase.choices),
        (_("Stand nicht erfasst"), PHASENFARBEN[""]),
    ]


def phasen_balken(*, id: str, titel: str, beschreibung: str, phasen: list[dict]) -> Diagramm:
    """One bar per phase (``phasen`` as from ``phasen_zaehlung``), in the phase colours."""
    diagramm = gestapelt(
        id=id,
        titel=titel,
        beschreibung=beschreibung,
        kategorien=[(str(p["label"]), [p["anzahl"]]) for p in phasen],
        serien=[(titel, FARBE_EINZELN)],
    )
    for zeile, phase in zip(diagramm.zeilen, phasen, strict=True):
        for segment in zeile.segmente:
            segment.farbe = PHASENFARBEN.get(phase["phase"], FARBE_EINZELN)
    return diagramm
