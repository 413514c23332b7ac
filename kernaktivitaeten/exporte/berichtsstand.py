"""The Berichtsstand as an Excel workbook for the Referat: sheet "Summen" (per Kompetenz and
overall, by state) and sheet "Kernaktivitäten" (one row per project of the chosen filter).
Write-only (bounded memory); cells are defused like every export (``zelle_entschaerfen``)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..berichtsstand import STAENDE, berichtsstand_zeilen
from .excel import _kopf, _text, _zelle
from .formate import datum_de
from .fortschritt import DATUM

BLOCKGROESSE = 500  # projects read per query for the rows sheet


def berichtsstand_excel(*, projekte, zeitraum, summen, gesamt, fortschritt=None) -> bytes:
    """The workbook; ``fortschritt(erledigt)`` is called after each block of rows (jobs)."""
    workbook = Workbook(write_only=True)

    blatt = workbook.create_sheet(_("Summen"))
    for nummer, breite in enumerate([38, *([14] * (len(STAENDE) + 1))], start=1):
        blatt.column_dimensions[get_column_letter(nummer)].width = breite
    titel = WriteOnlyCell(blatt, value=_text(_("Berichtsstand Bochum Strategie 2030")))
    titel.font = Font(bold=True, size=14)
    blatt.append([titel])
    blatt.append([_text(_("Stand: %(datum)s") % {"datum": datum_de(timezone.localdate())})])
    if zeitraum is not None:
        blatt.append(
            [
                _text(
                    _("Berichtszeitraum „%(name)s“, fällig am %(datum)s")
                    % {"name": zeitraum.name, "datum": datum_de(zeitraum.faellig_am)}
                )
            ]
        )
    blatt.append([])
    _kopf(blatt, [_("Kompetenz"), *(str(name) for _code, name in STAENDE), _("Gesamt")])
    for summe in [*summen, gesamt]:
        fett = summe is gesamt
        blatt.append(
            [
                _zelle(blatt, summe.titel, fett=fett),
                *(_zelle(blatt, wert, fett=fett) for wert in summe.spalten),
                _zelle(blatt, summe.gesamt, fett=fett),
            ]
        )

    blatt = workbook.create_sheet(_("Kernaktivitäten"))
    kopf = [
        _("Nummer"),
        _("Kernaktivität"),
        _("Kompetenz"),
        _("Phase"),
        _("Stand des Berichts"),
        _("überfällig"),
        _("Eingereicht am"),
        _("Projektleitung"),
    ]
    for nummer, breite in enumerate([10, 48, 32, 18, 30, 11, 14, 32], start=1):
        blatt.column_dimensions[get_column_letter(nummer)].width = breite
    blatt.freeze_panes = "C2"
    _kopf(blatt, kopf)
    anzahl = 0
    projekte = projekte.prefetch_related("projektleitungen")
    gesamtzahl = projekte.count()
    for start in range(0, gesamtzahl, BLOCKGROESSE):
        for zeile in berichtsstand_zeilen(projekte[start : start + BLOCKGROESSE], zeitraum):
            p = zeile.projekt
            eingereicht = zeile.bericht.eingereicht_am if zeile.bericht else None
            blatt.append(
                [
                    _zelle(blatt, p.nummer),
                    _zelle(blatt, p.titel, umbruch=True),
                    _zelle(blatt, p.kompetenz.titel if p.kompetenz else "–"),
                    _zelle(blatt, p.get_phase_display()),
                    _zelle(blatt, zeile.status),
                    _zelle(blatt, _("ja") if zeile.ueberfaellig else _("nein")),
                    _zelle(
                        blatt,
                        timezone.localtime(eingereicht).date() if eingereicht else None,
                        art=DATUM,
                    ),
                    _zelle(
                        blatt,
                        ", ".join(
                            person.get_full_name() or person.username
                            for person in p.projektleitungen.all()
                        ),
                    ),
                ]
            )
            anzahl += 1
        if fortschritt:
            fortschritt(anzahl)
    blatt.auto_filter.ref = f"A1:{get_column_letter(len(kopf))}{anzahl + 1}"
    ausgabe = io.BytesIO()
    workbook.save(ausgabe)
    return ausgabe.getvalue()
