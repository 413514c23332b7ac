"""Import of Kernaktivitäten from CSV (semicolon or comma) or Excel, matched on the number.

All or nothing: every row is validated first; when any row has an error, nothing is written
and the errors are reported per row. A dry run shows what would change without writing.
"""

import csv
import io
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bochum_strategie.text import slugify_de
from zielsystem.models import Kompetenz

from .models import Kernaktivitaet, Organisation, Phase
from .services import kernaktivitaet_speichern

MAX_GROESSE = 5 * 1024 * 1024
MAX_ZEILEN = 20_000
PFLICHTSPALTEN = ["nummer", "titel"]
SPALTEN = [
    "nummer",
    "titel",
    "projektziel",
    "kompetenz",
    "schwerpunkte",
    "phase",
    "fortschritt",
    "organisation",
    "veroeffentlicht",
]
JA = {"ja", "j", "1", "true", "wahr", "x"}
NEIN = {"nein", "n", "0", "false", "falsch", ""}


class ImportFormular(forms.Form):
    datei = forms.FileField(
        label=gettext_lazy("Datei (CSV oder Excel .xlsx)"),
        help_text=gettext_lazy(
            "Spalten: nummer, titel, projektziel, kompetenz, schwerpunkte (durch ; getrennt), "
            "phase, fortschritt, organisation, veroeffentlicht (ja/nein). Zugeordnet wird über die Nummer."
        ),
    )
    probelauf = forms.BooleanField(
        label=gettext_lazy("Nur Probelauf (zeigt die Änderungen, speichert nichts)"),
        required=False,
        initial=True,
    )

    def clean_datei(self):
        datei = self.cleaned_data["datei"]
        if datei.size > MAX_GROESSE:
            raise ValidationError(_("Die Datei ist größer als 5 MB."))
        name = datei.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError(
                _("Bitte eine CSV-Datei oder eine Excel-Datei (.xlsx) hochladen.")
            )
        try:
            datei.zeilen = _lesen(datei, excel=name.endswith(".xlsx"))
        except ValidationError:
            raise
        except Exception as exc:  # any parser error means: not a readable file of that kind
            raise ValidationError(
                _("Die Datei kann nicht gelesen werden (%(grund)s).")
                % {"grund": type(exc).__name__}
            ) from exc
        return datei


def _lesen(datei, *, excel: bool) -> list[dict]:
    if excel:
        from openpyxl import load_workbook

        blatt = load_workbook(datei, read_only=True, data_only=True).active
        werte = [
            ["" if v is None else str(v).strip() for v in zeile]
            for zeile in blatt.iter_rows(values_only=True)
        ]
    else:
        roh = datei.read()
        if b"\x00" in roh:
            raise ValidationError(_("Die Datei enthält Binärdaten und ist keine CSV-Datei."))
        try:
            text = roh.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("Die CSV-Datei ist nicht UTF-8-kodiert.")) from exc
        dialekt = csv.Sniffer().sniff(text[:4096], delimiters=";,") if text.strip() else csv.excel
        werte = [
            [zelle.strip() for zelle in zeile] for zeile in csv.reader(io.StringIO(text), dialekt)
        ]
    werte = [zeile for zeile in werte if any(zeile)]
    if not werte:
        raise ValidationError(_("Die Datei ist leer."))
    kopf = [spalte.lower() for spalte in werte[0]]
    fehlend = [s for s in PFLICHTSPALTEN if s not in kopf]
    if fehlend:
        raise ValidationError(_("Es fehlen Spalten: %(spalten)s") % {"spalten": ", ".join(fehlend)})
    if len(werte) - 1 > MAX_ZEILEN:
        raise ValidationError(_("Höchstens %(n)d Zeilen je Import.") % {"n": MAX_ZEILEN})
    return [dict(zip(kopf, zeile, strict=False)) for zeile in werte[1:]]


@dataclass
class Zeile:
    nummer: str
    titel: str
    aktion: str = ""  # "neu", "geändert", "unverändert"
    aenderungen: list[tuple[str, str, str]] = field(default_factory=list)
    fehler: list[str] = field(default_factory=list)


@dataclass
class Ergebnis:
    probelauf: bool
    zeilen: list[Zeile]

    @property
    def fehler(self) -> bool:
        return any(z.fehler for z in self.zeilen)

    @property
    def anzahl_neu(self) -> int:
        return sum(z.aktion == "neu" for z in self.zeilen)

    @property
    def anzahl_geaendert(self) -> int:
        return sum(z.aktion == "geändert" for z in self.zeilen)


class _Nachschlagen:
    """Everything a row may refer to, read once (constant queries, whatever the file size)."""

    def __init__(self, nummern):
        self.kompetenzen = {}
        for k in Kompetenz.objects.prefetch_related("schwerpunkte"):
            self.kompetenzen[k.slug] = self.kompetenzen[k.titel.lower()] = k
        self.organisationen = {o.name.lower(): o for o in Organisation.objects.all()}
        self.projekte = {
            p.nummer: p
            for p in Kernaktivitaet.objects.filter(nummer__in=nummern).prefetch_related(
                "schwerpunkte"
            )
        }
        self.slugs = set(Kernaktivitaet.objects.values_list("slug", flat=True))
        self.phasen = {wert: wert for wert in Phase.values} | {
            str(label).lower(): wert for wert, label in Phase.choices
        }


def _pruefen(roh: dict, nach: _Nachschlagen, gesehen: set) -> tuple[Zeile, dict]:
    zeile = Zeile(nummer=roh.get("nummer", ""), titel=roh.get("titel", ""))
    werte = {}
    try:
        nummer = int(zeile.nummer)
        if nummer <= 0:
            raise ValueError
    except ValueError:
        zeile.fehler.append(
            _("Nummer „%(wert)s“ ist keine positive ganze Zahl.") % {"wert": zeile.nummer}
        )
        return zeile, werte
    if nummer in gesehen:
        zeile.fehler.append(_("Nummer %(n)d kommt mehrfach vor.") % {"n": nummer})
    gesehen.add(nummer)
    werte["nummer"] = nummer
    if not zeile.titel:
        zeile.fehler.append(_("Der Titel fehlt."))
    elif len(zeile.titel) > 200:
        zeile.fehler.append(_("Der Titel ist länger als 200 Zeichen."))
    werte["titel"] = zeile.titel
    if "projektziel" in roh:
        if len(roh["projektziel"]) > 400:
            zeile.fehler.append(_("Das Projektziel ist länger als 400 Zeichen."))
        werte["projektziel"] = roh["projektziel"]
    kompetenz = None
    if roh.get("kompetenz"):
        kompetenz = nach.kompetenzen.get(roh["kompetenz"].lower()) or nach.kompetenzen.get(
            roh["kompetenz"]
        )
        if kompetenz is None:
            zeile.fehler.append(_("Unbekannte Kompetenz „%(wert)s“.") % {"wert": roh["kompetenz"]})
        werte["kompetenz"] = kompetenz
    if roh.get("schwerpunkte"):
        basis = kompetenz or getattr(nach.projekte.get(nummer), "kompetenz", None)
        titel = [t.strip().lower() for t in roh["schwerpunkte"].split(";") if t.strip()]
        verfuegbar = {s.titel.lower(): s for s in basis.schwerpunkte.all()} if basis else {}
        unbekannt = [t for t in titel if t not in verfuegbar]
        if unbekannt:
            zeile.fehler.append(
                _("Schwerpunkte passen nicht zur Kompetenz: %(liste)s")
                % {"liste": "; ".join(unbekannt)}
            )
        werte["schwerpunkte"] = [verfuegbar[t] for t in titel if t in verfuegbar]
    if roh.get("phase"):
        phase = nach.phasen.get(roh["phase"].lower())
        if phase is None:
            zeile.fehler.append(_("Unbekannte Phase „%(wert)s“.") % {"wert": roh["phase"]})
        werte["phase"] = phase
    if roh.get("fortschritt"):
        try:
            fortschritt = int(roh["fortschritt"].rstrip("%").strip())
            if not 0 <= fortschritt <= 100:
                raise ValueError
            werte["fortschritt"] = fortschritt
        except ValueError:
            zeile.fehler.append(
                _("Fortschritt „%(wert)s“ ist keine Zahl von 0 bis 100.")
                % {"wert": roh["fortschritt"]}
            )
    if roh.get("organisation"):
        organisation = nach.organisationen.get(roh["organisation"].lower())
        if organisation is None:
            zeile.fehler.append(
                _("Unbekannte Organisation „%(wert)s“.") % {"wert": roh["organisation"]}
            )
        werte["organisation"] = organisation
    if "veroeffentlicht" in roh:
        wert = roh["veroeffentlicht"].lower()
        if wert not in JA | NEIN:
            zeile.fehler.append(_("veroeffentlicht muss ja oder nein sein."))
        werte["veroeffentlicht"] = wert in JA
    return zeile, werte


def _anwenden(projekt: Kernaktivitaet, werte: dict) -> list[tuple[str, str, str]]:
    aenderungen = []
    for feld, neu in werte.items():
        if feld == "schwerpunkte":
            alt = sorted(s.titel for s in projekt.schwerpunkte.all()) if projekt.pk else []
            if alt != sorted(s.titel for s in neu):
                aenderungen.append((feld, "; ".join(alt), "; ".join(sorted(s.titel for s in neu))))
            continue
        alt = getattr(projekt, feld)
        if alt != neu:
            aenderungen.append(
                (feld, "" if alt is None else str(alt), "" if neu is None else str(neu))
            )
            setattr(projekt, feld, neu)
    return aenderungen


def kernaktivitaeten_importieren(*, datei, user, probelauf: bool) -> Ergebnis:
    """Validates every row; writes all rows in one transaction, or nothing when any row fails."""
    rohzeilen = datei.zeilen
    nummern = [int(r["nummer"]) for r in rohzeilen if r.get("nummer", "").isdigit()]
    nach = _Nachschlagen(nummern)
    gesehen: set[int] = set()
    geplant = []
    zeilen = []
    for roh in rohzeilen:
        zeile, werte = _pruefen(roh, nach, gesehen)
        zeilen.append(zeile)
        if zeile.fehler:
            continue
        projekt = nach.projekte.get(werte["nummer"])
        if projekt is None:
            slug = slugify_de(werte["titel"], 110) or f"kernaktivitaet-{werte['nummer']}"
            if slug in nach.slugs:
                slug = f"{slug}-{werte['nummer']}"
            nach.slugs.add(slug)
            projekt = Kernaktivitaet(slug=slug)
            zeile.aktion = "neu"
        schwerpunkte = werte.get("schwerpunkte")
        zeile.aenderungen = _anwenden(projekt, werte)
        if schwerpunkte is not None:
            try:
                Kernaktivitaet.schwerpunkte_pruefen(projekt.kompetenz, schwerpunkte)
            except ValidationError as fehler:
                zeile.fehler.extend(fehler.messages)
        if not zeile.aktion:
            zeile.aktion = "geändert" if zeile.aenderungen else "unverändert"
        geplant.append((projekt, schwerpunkte, zeile))
    ergebnis = Ergebnis(probelauf=probelauf, zeilen=zeilen)
    if ergebnis.fehler or probelauf:
        return ergebnis
    with transaction.atomic():
        for projekt, schwerpunkte, zeile in geplant:
            if zeile.aktion == "unverändert":
                continue
            kernaktivitaet_speichern(kernaktivitaet=projekt, user=user)
            if schwerpunkte is not None:
                projekt.schwerpunkte.set(schwerpunkte)
    return ergebnis
