"""Fortschrittsbericht as a tagged PDF (PDF/UA-1), rendered by WeasyPrint from HTML.

Template ``templates/exporte/fortschrittsbericht_pdf.html``: cover with date, table of
contents, per Kompetenz a summary with an SVG chart of the phases plus its data table, then
each project's status paragraph. Running headers and page numbers come from CSS ``@page``.

Only locally installed fonts are used (DejaVu Sans, Debian's fonts-dejavu-core) and the
renderer may fetch nothing but ``data:`` URLs: no request leaves the server.

WeasyPrint lays out a whole document in memory, so the report is rendered in parts of at most
``TEIL_PROJEKTE`` projects (a Kompetenz, or a slice of a large one) and the parts are joined
with their structure tree, bookmarks and page numbers (``bochum_strategie.lib.pdfteile``,
ADR 0013): memory stays bounded whatever the size of the portfolio. Each part starts its page
counter where the one before ended; the cover and contents are rendered last, when the pages
of the chapters are known. The footer says "Seite n" (a total would need a second layout of
every part).
"""

import logging
import tempfile
from collections.abc import Callable, Iterator
from itertools import batched, groupby
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bochum_strategie.lib.pdfteile import zusammenfuegen

from .diagramme import phasen_balken
from .formate import datum_de
from .fortschritt import Auswahl

PDF_VARIANTE = "pdf/ua-1"  # tagged PDF with structure tree, language and title
# Projects per rendered part: WeasyPrint's memory grows with a part, not with the report
# (figures in docs/performance.md).
TEIL_PROJEKTE = 200
# Rows of the comparison of two periods per part (a list of 10,000 phase changes is long).
VERGLEICH_ZEILEN = 400

# WeasyPrint logs every laid-out page at INFO; keep that out of the server log unless the
# LOGGING setting asks for it explicitly.
_fortschritt_log = logging.getLogger("weasyprint.progress")
if _fortschritt_log.level == logging.NOTSET:
    _fortschritt_log.setLevel(logging.WARNING)


def _abschnitt(nummer: int, gruppe, projekte: list[dict], *, fortsetzung: bool) -> dict:
    phasen = [p for p in gruppe.phasen if p["anzahl"]]
    return {
        "nummer": nummer,
        "anker": f"kompetenz-{nummer}",
        "gruppe": gruppe,
        "fortsetzung": fortsetzung,
        "phasen": phasen,
        "diagramm": phasen_balken(
            id=f"diagramm-{nummer}",
            titel=_("Kernaktivitäten nach Phase: %(kompetenz)s") % {"kompetenz": gruppe.titel},
            beschreibung=_("Balkendiagramm; die Zahlen stehen in der Tabelle darunter."),
            phasen=phasen,
        )
        if phasen and not fortsetzung
        else None,
        "projekte": projekte,
    }


def _abschnitte(auswahl: Auswahl, *, je_teil: int | None = None) -> Iterator[dict]:
    """The chapters per Kompetenz, in report order, with their projects; with ``je_teil``
    a chapter with more projects is split into slices of that many (``fortsetzung``).
    The projects are read once, in chunks (``Auswahl.zeilen``)."""
    zeilen = groupby(auswahl.zeilen(), key=lambda zeile: zeile["kompetenz_id"])
    naechste = next(zeilen, None)
    for nummer, gruppe in enumerate(auswahl.gruppen(), start=1):
        projekte = iter(())
        if naechste is not None and naechste[0] == gruppe.kompetenz_id:
            projekte = naechste[1]
        teile = (list(block) for block in batched(projekte, je_teil or 10**9))
        erster = next(teile, [])
        yield _abschnitt(nummer, gruppe, erster, fortsetzung=False)
        for weitere in teile:
            yield _abschnitt(nummer, gruppe, weitere, fortsetzung=True)
        if naechste is not None and naechste[0] == gruppe.kompetenz_id:
            naechste = next(zeilen, None)
    if naechste is not None:
        raise RuntimeError("Projekte außerhalb der Kompetenzen des Berichts")


def _kontext(auswahl: Auswahl, **weiteres) -> dict:
    return {"auswahl": auswahl, "stand": datum_de(timezone.localdate()), **weiteres}


def _html(kontext: dict) -> str:
    with translation.override("de"):
        return render_to_string("exporte/fortschrittsbericht_pdf.html", kontext)


def fortschrittsbericht_html(auswahl: Auswahl) -> str:
    """The whole report as one HTML document (what the parts add up to)."""
    return _html(
        _kontext(
            auswahl,
            abschnitte=list(_abschnitte(auswahl)),
            termine=auswahl.termine(),
            vergleich=auswahl.vergleich(),
        )
    )


def _rendern(html: str, ziel: Path) -> int:
    """Writes one part; returns its number of pages."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    dokument = HTML(string=html, url_fetcher=fetcher).render(pdf_variant=PDF_VARIANTE)
    dokument.write_pdf(ziel, pdf_variant=PDF_VARIANTE)
    return len(dokument.pages)


def fortschrittsbericht_pdf_schreiben(
    auswahl: Auswahl, datei, *, fortschritt: Callable[[int, int], None] | None = None
) -> int:
    """Writes the report as one tagged PDF to the binary file ``datei``, rendered in parts of
    at most ``TEIL_PROJEKTE`` projects. ``fortschritt(erledigt, gesamt)`` is called after
    each part with the number of projects done. Returns the number of pages."""
    gesamt = auswahl.projekte().count()
    erledigt = 0
    if fortschritt:
        fortschritt(0, gesamt)
    with tempfile.TemporaryDirectory(prefix="fortschrittsbericht-") as ordner:
        ordner = Path(ordner)
        vorne = ordner / "0-vorne.pdf"
        gruppen = auswahl.gruppen()
        termine, vergleich = auswahl.termine(), auswahl.vergleich()
        kapitel = [gruppe.titel for gruppe in gruppen]
        kapitel.append(_("Termine im Vergleich zum Basisplan"))
        if vergleich:
            kapitel.append(_("Vergleich der Berichtszeiträume"))
        # The contents with placeholder numbers: how many pages cover and contents take.
        vorne_seiten = _rendern(
            _html(_kontext(auswahl, teil="vorne", inhalt=[(t, "0000") for t in kapitel])), vorne
        )
        teile, inhalt, seite = [], [], vorne_seiten + 1
        for nummer, abschnitt in enumerate(_abschnitte(auswahl, je_teil=TEIL_PROJEKTE), 1):
            pfad = ordner / f"{nummer}.pdf"
            html = _html(
                _kontext(auswahl, teil="kompetenz", abschnitte=[abschnitt], erste_seite=seite)
            )
            if not abschnitt["fortsetzung"]:
                inhalt.append((abschnitt["gruppe"].titel, seite))
            seite += _rendern(html, pfad)
            teile.append((pfad, 3 if abschnitt["fortsetzung"] else 1))
            erledigt += len(abschnitt["projekte"])
            if fortschritt:
                fortschritt(erledigt, gesamt)
        pfad = ordner / "termine.pdf"
        inhalt.append((kapitel[len(gruppen)], seite))
        html = _html(_kontext(auswahl, teil="termine", termine=termine, erste_seite=seite))
        seite += _rendern(html, pfad)
        teile.append((pfad, 1))
        if vergleich:
            inhalt.append((kapitel[-1], seite))
            for nummer, bloecke in enumerate(_vergleich_teile(vergleich)):
                pfad = ordner / f"vergleich-{nummer}.pdf"
                html = _html(
                    _kontext(
                        auswahl,
                        teil="vergleich",
                        vergleich=vergleich,
                        bloecke=bloecke,
                        vergleich_fortsetzung=nummer > 0,
                        erste_seite=seite,
                    )
                )
                seite += _rendern(html, pfad)
                teile.append((pfad, 2 if nummer else 1))
        if _rendern(_html(_kontext(auswahl, teil="vorne", inhalt=inhalt)), vorne) != vorne_seiten:
            raise RuntimeError("Das Inhaltsverzeichnis hat seine Länge geändert.")
        return zusammenfuegen([(vorne, 0), *teile], datei)


def _vergleich_teile(vergleich) -> list[list[dict]]:
    """The comparison's lists in parts of at most ``VERGLEICH_ZEILEN`` rows; a list cut in
    two continues in the next part without its heading."""
    teile, aktuell, zeilen = [], [], 0
    for block in vergleich.bloecke():
        rest, fortsetzung = block["zeilen"], False
        while True:
            if zeilen >= VERGLEICH_ZEILEN:
                teile.append(aktuell)
                aktuell, zeilen = [], 0
            stueck, rest = rest[: VERGLEICH_ZEILEN - zeilen], rest[VERGLEICH_ZEILEN - zeilen :]
            aktuell.append({**block, "zeilen": stueck, "fortsetzung": fortsetzung})
            zeilen += max(len(stueck), 1)
            fortsetzung = True
            if not rest:
                break
    teile.append(aktuell)
    return teile


def fortschrittsbericht_pdf(auswahl: Auswahl) -> bytes:
    """The report as PDF bytes (small selections, tests)."""
    import io

    ausgabe = io.BytesIO()
    fortschrittsbericht_pdf_schreiben(auswahl, ausgabe)
    return ausgabe.getvalue()
