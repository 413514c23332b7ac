"""Fortschrittsbericht as a tagged PDF (PDF/UA-1), rendered by WeasyPrint from HTML.

Template ``templates/exporte/fortschrittsbericht_pdf.html``: cover with date, table of
contents, per Kompetenz a summary with an SVG chart of the phases plus its data table, then
each project's status paragraph. Page numbers and running headers come from CSS ``@page``.

Only locally installed fonts are used (DejaVu Sans, Debian's fonts-dejavu-core) and the
renderer may fetch nothing but ``data:`` URLs: no request leaves the server.

WeasyPrint lays out the whole document in memory, so the PDF is meant for a Kompetenz or
the whole strategy (about 125 projects), not for 10,000; Excel and CSV are the bulk formats.
"""

import logging
from collections import defaultdict

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .diagramme import phasen_balken
from .formate import datum_de
from .fortschritt import Auswahl

PDF_VARIANTE = "pdf/ua-1"  # tagged PDF with structure tree, language and title
# The web view refuses larger PDFs (WeasyPrint's time and memory grow with the document;
# figures in docs/performance.md); the management command has no limit.
PDF_HOECHSTENS = 600

# WeasyPrint logs every laid-out page at INFO; keep that out of the server log unless the
# LOGGING setting asks for it explicitly.
_fortschritt_log = logging.getLogger("weasyprint.progress")
if _fortschritt_log.level == logging.NOTSET:
    _fortschritt_log.setLevel(logging.WARNING)


def _abschnitte(auswahl: Auswahl) -> list[dict]:
    gruppen = auswahl.gruppen()
    projekte = defaultdict(list)
    for zeile in auswahl.zeilen():
        projekte[zeile["kompetenz_id"]].append(zeile)
    abschnitte = []
    for nummer, gruppe in enumerate(gruppen, start=1):
        phasen = [p for p in gruppe.phasen if p["anzahl"]]
        abschnitte.append(
            {
                "nummer": nummer,
                "anker": f"kompetenz-{nummer}",
                "gruppe": gruppe,
                "phasen": phasen,
                "diagramm": phasen_balken(
                    id=f"diagramm-{nummer}",
                    titel=_("Kernaktivitäten nach Phase: %(kompetenz)s")
                    % {"kompetenz": gruppe.titel},
                    beschreibung=_("Balkendiagramm; die Zahlen stehen in der Tabelle darunter."),
                    phasen=phasen,
                )
                if phasen
                else None,
                "projekte": projekte.get(gruppe.kompetenz_id, []),
            }
        )
    return abschnitte


def fortschrittsbericht_html(auswahl: Auswahl) -> str:
    with translation.override("de"):
        return render_to_string(
            "exporte/fortschrittsbericht_pdf.html",
            {
                "auswahl": auswahl,
                "stand": datum_de(timezone.localdate()),
                "abschnitte": _abschnitte(auswahl),
                "termine": auswahl.termine(),
                "vergleich": auswahl.vergleich(),
            },
        )


def fortschrittsbericht_pdf(auswahl: Auswahl) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = fortschrittsbericht_html(auswahl)
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant=PDF_VARIANTE)
