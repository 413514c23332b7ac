"""Import of Kernaktivitäten from rows of plain values (read from CSV or Excel by
``forms.ImportFormular``), matched on the number.

All or nothing: every row is validated first; when any row has an error, nothing is written
and the errors are reported per row. A dry run shows what would change without writing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bochum_strategie.lib.text import slugify_de
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


def lesbar(feld: str, wert) -> str:
    """A value as a person reads it: "ja"/"nein", "25 %", the phase's name, TT.MM.JJJJ."""
    if wert is None or wert == "":
        return "–"
    if isinstance(wert, bool):
        return _("ja") if wert else _("nein")
    if feld == "fortschritt":
        return f"{wert} %"
    if feld == "phase":
        return str(Phase(wert).label) if wert in Phase.values else str(wert)
    if hasattr(wert, "strftime"):
        return wert.strftime("%d.%m.%Y")
    return str(wert)


def _feldname(feld: str) -> str:
    return str(Kernaktivitaet._meta.get_field(feld).verbose_name)


def _anwenden(projekt: Kernaktivitaet, werte: dict) -> list[tuple[str, str, str]]:
    """Sets ``werte`` on ``projekt``; returns (field name, old, new) of each change, readable."""
    aenderungen = []
    for feld, neu in werte.items():
        if feld == "schwerpunkte":
            alt = sorted(s.titel for s in projekt.schwerpunkte.all()) if projekt.pk else []
            if alt != sorted(s.titel for s in neu):
                aenderungen.append(
                    (
                        _feldname(feld),
                        "; ".join(alt) or "–",
                        "; ".join(sorted(s.titel for s in neu)) or "–",
                    )
                )
            continue
        alt = getattr(projekt, feld)
        if alt != neu:
            aenderungen.append((_feldname(feld), lesbar(feld, alt), lesbar(feld, neu)))
            setattr(projekt, feld, neu)
    return aenderungen


def kernaktivitaeten_importieren(*, zeilen: list[dict], user, probelauf: bool) -> Ergebnis:
    """Validates every row; writes all rows in one transaction, or nothing when any row fails."""
    nummern = [int(r["nummer"]) for r in zeilen if r.get("nummer", "").isdigit()]
    nach = _Nachschlagen(nummern)
    gesehen: set[int] = set()
    geplant = []
    geprueft = []
    for roh in zeilen:
        zeile, werte = _pruefen(roh, nach, gesehen)
        geprueft.append(zeile)
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
    ergebnis = Ergebnis(probelauf=probelauf, zeilen=geprueft)
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
