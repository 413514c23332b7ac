"""Fortschrittsbericht as an Excel workbook (openpyxl, write-only: bounded memory).

Sheet "Übersicht": per Kompetenz the projects by phase and the reports of the chosen
Berichtszeitraum (freigegeben / eingereicht / fehlen), with a total row. Then one sheet per
Kompetenz with one row per project. Every sheet has a frozen header, an autofilter, fixed
column widths and German number and date formats (TT.MM.JJJJ).
"""

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .formate import als_datum, datum_de
from .fortschritt import DATUM, GANZZAHL, PROZENT, Auswahl, Gruppe, spalten
from .sicherheit import zelle_entschaerfen

ZAHLENFORMATE = {
    GANZZAHL: "0",
    PROZENT: '0" %"',  # values are 0–100
    DATUM: "DD.MM.YYYY",
}
ANZAHL_FORMAT = "#,##0"
MAX_ZELLTEXT = 32_000  # Excel's limit is 32,767 characters per cell
KOPF_SCHRIFT = Font(bold=True, color="FFFFFF")
KOPF_FUELLUNG = PatternFill("solid", fgColor="004E8A")
KOPF_AUSRICHTUNG = Alignment(wrap_text=True, vertical="top")
UMBRUCH = Alignment(wrap_text=True, vertical="top")
OBEN = Alignment(vertical="top")
UNGUELTIGE_BLATTZEICHEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def _text(wert) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", str(wert))[:MAX_ZELLTEXT]
    return zelle_entschaerfen(text)


def _zelle(blatt, wert, *, art=None, umbruch=False, fett=False):
    if isinstance(wert, str):
        wert = _text(wert)
    elif art == DATUM:
        wert = als_datum(wert)
    zelle = WriteOnlyCell(blatt, value=wert)
    if art in ZAHLENFORMATE and wert is not None:
        zelle.number_format = ZAHLENFORMATE[art]
    zelle.alignment = UMBRUCH if umbruch else OBEN
    if fett:
        zelle.font = Font(bold=True)
    return zelle


def _kopf(blatt, titel: list[str]):
    zeile = []
    for text in titel:
        zelle = WriteOnlyCell(blatt, value=_text(text))
        zelle.font, zelle.fill, zelle.alignment = KOPF_SCHRIFT, KOPF_FUELLUNG, KOPF_AUSRICHTUNG
        zeile.append(zelle)
    blatt.append(zeile)


def blattname(titel: str, vergeben: set[str]) -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\."""
    basis = " ".join(titel.translate(UNGUELTIGE_BLATTZEICHEN).split())[:31] or _("Blatt")
    name, nummer = basis, 2
    while name.lower() in vergeben:
        endung = f" ({nummer})"
        name, nummer = basis[: 31 - len(endung)] + endung, nummer + 1
    vergeben.add(name.lower())
    return name


class _Projektblatt:
    def __init__(self, workbook, gruppe: Gruppe, vergeben: set[str]):
        self.spalten = spalten(intern=gruppe.intern)
        self.blatt = workbook.create_sheet(blattname(gruppe.titel, vergeben))
        for nummer, spalte in enumerate(self.spalten, start=1):
            self.blatt.column_dimensions[get_column_letter(nummer)].width = spalte.breite
        self.blatt.freeze_panes = "C2"  # header and number + title stay in view
        _kopf(self.blatt, [str(s.titel) for s in self.spalten])
        self.zeilen = 0

    def schreiben(self, zeile: dict):
        self.blatt.append(
            [
                _zelle(self.blatt, zeile[s.schluessel], art=s.art, umbruch=s.umbruch)
                for s in self.spalten
            ]
        )
        self.zeilen += 1

    def abschliessen(self):
        letzte = get_column_letter(len(self.spalten))
        self.blatt.auto_filter.ref = f"A1:{letzte}{self.zeilen + 1}"


def _uebersicht(workbook, auswahl: Auswahl, gruppen: list[Gruppe]):
    blatt = workbook.create_sheet(_("Übersicht"))
    phasen = gruppen[0].phasen if gruppen else []
    mit_berichten = auswahl.zeitraum is not None
    kopf = [_("Kompetenz"), _("Kernaktivitäten"), *(p["label"] for p in phasen)]
    if mit_berichten:
        kopf += [_("Berichte freigegeben"), _("Berichte eingereicht"), _("Berichte fehlen")]
    breiten = [38, 14, *([13] * len(phasen)), *([13] * (3 if mit_berichten else 0))]
    for nummer, breite in enumerate(breiten, start=1):
        blatt.column_dimensions[get_column_letter(nummer)].width = breite
    blatt.freeze_panes = "B7"

    titel = WriteOnlyCell(blatt, value=_("Fortschrittsbericht Bochum Strategie 2030"))
    titel.font = Font(bold=True, size=14)
    blatt.append([titel])
    blatt.append([_text(_("Stand: %(datum)s") % {"datum": datum_de(timezone.localdate())})])
    blatt.append([_text(auswahl.filterbeschreibung())])
    if mit_berichten:
        blatt.append(
            [
                _text(
                    _("Statusberichte im Berichtszeitraum „%(name)s“ (fällig am %(datum)s)")
                    % {
                        "name": auswahl.zeitraum.name,
                        "datum": datum_de(auswahl.zeitraum.faellig_am),
                    }
                )
            ]
        )
    else:
        blatt.append([_text(_("Es ist noch kein Berichtszeitraum angelegt."))])
    blatt.append([])
    _kopf(blatt, kopf)

    summen = [0] * (len(kopf) - 1)
    for gruppe in gruppen:
        werte = [gruppe.gesamt, *(p["anzahl"] for p in gruppe.phasen)]
        if mit_berichten:
            werte += [gruppe.freigegeben, gruppe.eingereicht, gruppe.fehlend]
        summen = [a + b for a, b in zip(summen, werte, strict=True)]
        zeile = [_zelle(blatt, gruppe.titel)]
        for wert in werte:
            zelle = _zelle(blatt, wert)
            zelle.number_format = ANZAHL_FORMAT
            zeile.append(zelle)
        blatt.append(zeile)
    blatt.auto_filter.ref = f"A6:{get_column_letter(len(kopf))}{6 + len(gruppen)}"
    zeile = [_zelle(blatt, _("Summe"), fett=True)]
    for wert in summen:
        zelle = _zelle(blatt, wert, fett=True)
        zelle.number_format = ANZAHL_FORMAT
        zeile.append(zelle)
    blatt.append(zeile)


def planblaetter() -> list[str]:
    """Names of the sheets after the project sheets (plans and comparison, issue 18)."""
    return [_("Termine"), _("Größte Verschiebungen"), _("Vergleich")]


def _einfaches_blatt(workbook, titel: str, kopf: list[str], zeilen: list[list], breiten):
    blatt = workbook.create_sheet(titel)
    for nummer, breite in enumerate(breiten, start=1):
        blatt.column_dimensions[get_column_letter(nummer)].width = breite
    blatt.freeze_panes = "A2"
    _kopf(blatt, kopf)
    for zeile in zeilen:
        blatt.append(
            [
                _zelle(blatt, wert, art=DATUM if hasattr(wert, "isoformat") else None)
                for wert in zeile
            ]
        )
    blatt.auto_filter.ref = f"A1:{get_column_letter(len(kopf))}{len(zeilen) + 1}"


def _termine(workbook, auswahl: Auswahl):
    """Sheets "Termine" (per Kompetenz against the baseline, then the largest shifts)."""
    termine = auswahl.termine()
    _einfaches_blatt(
        workbook,
        _("Termine"),
        [str(k) for k in termine["kopf"]],
        [[titel, *werte] for titel, werte in termine["zeilen"]],
        [38, 16, 16, 16, 12],
    )
    _einfaches_blatt(
        workbook,
        _("Größte Verschiebungen"),
        [
            _("Meilenstein"),
            _("Kernaktivität"),
            _("Kompetenz"),
            _("Basisplan"),
            _("Aktuell geplant oder erreicht"),
            _("Abweichung in Tagen"),
            _("Abweichung"),
            _("Verschiebungen"),
        ],
        [
            [
                v.titel,
                v.projekt,
                v.kompetenz,
                v.basisplan,
                v.aktuell,
                v.tage,
                v.verschiebung.text,
                v.anzahl,
            ]
            for v in termine["verschiebungen"]
        ],
        [30, 36, 28, 12, 14, 12, 36, 12],
    )


def _vergleich(workbook, auswahl: Auswahl):
    """Sheet "Vergleich": what changed since the previous Berichtszeitraum."""
    vergleich = auswahl.vergleich()
    if vergleich is None:
        return
    zeilen = []
    for art, eintraege in [
        (_("Neu berichtet"), vergleich.neu),
        (_("Phase gewechselt"), vergleich.phasenwechsel),
    ]:
        zeilen += [[art, e["titel"], e["phase_von"], e["phase_bis"], ""] for e in eintraege]
    zeilen += [
        [
            _("Termin verschoben"),
            e["projekt"] + (f": {e['termin']}" if e["termin"] else f": {_('Ende des Projekts')}"),
            e["alt"],
            e["neu"],
            e["begruendung"],
        ]
        for e in vergleich.verschobene_meilensteine
    ]
    zeilen += [
        [
            _("Kennzahl bewegt"),
            f"{e['projekt']}: {e['name']}",
            "" if e["wert_von"] is None else float(e["wert_von"]),
            float(e["wert_bis"]),
            e["einheit"],
        ]
        for e in vergleich.kennzahlen
    ]
    _einfaches_blatt(
        workbook,
        _("Vergleich"),
        [
            _("Änderung (%(von)s → %(bis)s)")
            % {"von": vergleich.von.name, "bis": vergleich.bis.name},
            _("Kernaktivität"),
            _("Vorher"),
            _("Nachher"),
            _("Begründung oder Einheit"),
        ],
        zeilen,
        [34, 50, 18, 18, 50],
    )


def fortschrittsbericht_xlsx(auswahl: Auswahl, ziel) -> None:
    """Writes the workbook to ``ziel`` (a path or a binary file opened for writing)."""
    with translation.override("de"):
        _arbeitsmappe(auswahl, ziel)


def _arbeitsmappe(auswahl: Auswahl, ziel) -> None:
    workbook = Workbook(write_only=True)
    workbook.properties.title = _("Fortschrittsbericht Bochum Strategie 2030")
    workbook.properties.creator = _("Stadt Bochum")
    workbook.properties.language = "de-DE"
    gruppen = auswahl.gruppen()
    _uebersicht(workbook, auswahl, gruppen)
    vergeben = {_("Übersicht").lower()}
    blaetter = {g.kompetenz_id: _Projektblatt(workbook, g, vergeben) for g in gruppen}
    for zeile in auswahl.zeilen():
        blatt = blaetter.get(zeile["kompetenz_id"])
        if blatt is not None:
            blatt.schreiben(zeile)
    for blatt in blaetter.values():
        blatt.abschliessen()
    _termine(workbook, auswahl)
    _vergleich(workbook, auswahl)
    workbook.save(ziel)
