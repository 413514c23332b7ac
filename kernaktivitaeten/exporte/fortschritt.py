"""The Fortschrittsbericht: who may export what, its rows and its summary.

Excel, PDF, CSV and JSON all read from here, so a column that is internal is internal in
every format. Internal columns (Ampel, nächste Schritte, Risiken, Unterstützungsbedarf) are
filled only for Kompetenzen whose internals the user may see (``kernaktivitaeten.rules``):
the Referat for all, a Vorstand for own Kompetenzen.

Rows are built in chunks (``ZEILEN_JE_BLOCK`` projects, their Schwerpunkte, Kennzahlen and
newest approved report in a fixed number of queries per chunk), so memory stays bounded
whatever the number of projects.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import batched

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zielsystem.models import Kompetenz

from .. import rules
from ..models import (
    Berichtsstatus,
    Berichtszeitraum,
    Kennzahl,
    Kernaktivitaet,
    Meilenstein,
    Phase,
    Statusbericht,
)
from ..termine import Terminstatus, groesste_verschiebungen, portfolio_je_kompetenz
from ..vergleich import Periodenvergleich, periodenvergleich, vorheriger_zeitraum
from .formate import als_datum, zahl_de

ZEILEN_JE_BLOCK = 500

# Column types: how Excel, CSV and JSON format a value.
TEXT, GANZZAHL, PROZENT, DATUM = "text", "ganzzahl", "prozent", "datum"


@dataclass(frozen=True)
class Spalte:
    schluessel: str  # JSON key
    titel: str  # header (lazy translation)
    art: str = TEXT
    intern: bool = False
    breite: int = 18  # Excel column width in characters
    umbruch: bool = False  # long text: wrap in Excel


SPALTEN = [
    Spalte("nummer", gettext_lazy("Nummer"), GANZZAHL, breite=9),
    Spalte("titel", gettext_lazy("Titel"), breite=40, umbruch=True),
    Spalte("kompetenz", gettext_lazy("Kompetenz"), breite=28),
    Spalte("schwerpunkte", gettext_lazy("Schwerpunkte"), breite=40, umbruch=True),
    Spalte("organisation", gettext_lazy("Federführende Organisation"), breite=30),
    Spalte("phase", gettext_lazy("Phase"), breite=18),
    Spalte("fortschritt", gettext_lazy("Fortschritt"), PROZENT, breite=12),
    Spalte("ampel", gettext_lazy("Ampel"), intern=True, breite=12),
    Spalte("berichtszeitraum", gettext_lazy("Berichtszeitraum"), breite=20),
    Spalte("bericht_freigegeben_am", gettext_lazy("Bericht freigegeben am"), DATUM, breite=14),
    Spalte("erreicht", gettext_lazy("Erreicht"), breite=60, umbruch=True),
    Spalte(
        "naechste_schritte", gettext_lazy("Nächste Schritte"), intern=True, breite=50, umbruch=True
    ),
    Spalte("risiken", gettext_lazy("Risiken"), intern=True, breite=40, umbruch=True),
    Spalte(
        "unterstuetzungsbedarf",
        gettext_lazy("Unterstützungsbedarf"),
        intern=True,
        breite=40,
        umbruch=True,
    ),
    Spalte("kennzahlen", gettext_lazy("Kennzahlen (Ist / Ziel)"), breite=45, umbruch=True),
]
INTERNE_SCHLUESSEL = {s.schluessel for s in SPALTEN if s.intern}


def spalten(*, intern: bool) -> list[Spalte]:
    return [s for s in SPALTEN if intern or not s.intern]


# Access -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Zugriff:
    """What one user (or the command line) may export.

    ``alle``: every project, including those without a Kompetenz; otherwise only projects of
    ``kompetenz_ids``. Internal fields: for all (``intern_alle``) or for ``intern_ids``.
    """

    alle: bool = False
    kompetenz_ids: frozenset[int] = frozenset()
    intern_alle: bool = False
    intern_ids: frozenset[int] = frozenset()

    @classmethod
    def fuer(cls, user) -> "Zugriff | None":
        """None: the user may not export the Fortschrittsbericht at all."""
        if rules.darf_stammdaten_pflegen(user):  # Referat (and superusers)
            return cls(alle=True, intern_alle=True)
        eigene = frozenset(rules.vorstand_kompetenz_ids(user))
        if eigene:
            return cls(kompetenz_ids=eigene, intern_ids=eigene)
        return None

    @classmethod
    def vollstaendig(cls, *, intern: bool = True) -> "Zugriff":
        """Everything (management command); ``intern=False`` leaves internal columns out."""
        return cls(alle=True, intern_alle=intern)

    def darf_kompetenz(self, kompetenz) -> bool:
        return self.alle or kompetenz.pk in self.kompetenz_ids

    def intern(self, kompetenz_id) -> bool:
        return self.intern_alle or (kompetenz_id is not None and kompetenz_id in self.intern_ids)


# Selection ----------------------------------------------------------------------------------


def standard_zeitraum() -> Berichtszeitraum | None:
    """The period leads work on now, else the latest one."""
    return Berichtszeitraum.objects.aktueller() or Berichtszeitraum.objects.first()


@dataclass
class Gruppe:
    """One Kompetenz of the report (``kompetenz`` None: projects without a Kompetenz)."""

    kompetenz: Kompetenz | None
    intern: bool
    phasen: list[dict] = field(default_factory=list)  # [{phase, label, anzahl}] all phases
    gesamt: int = 0
    freigegeben: int = 0
    eingereicht: int = 0

    @property
    def kompetenz_id(self):
        return self.kompetenz.pk if self.kompetenz else None

    @property
    def titel(self) -> str:
        return self.kompetenz.titel if self.kompetenz else _("Ohne Kompetenz")

    @property
    def fehlend(self) -> int:
        return self.gesamt - self.freigegeben - self.eingereicht


@dataclass
class Auswahl:
    """The filtered Fortschrittsbericht: Kompetenz, Berichtszeitraum and phase."""

    zugriff: Zugriff
    kompetenz: Kompetenz | None = None
    zeitraum: Berichtszeitraum | None = None
    phase: str = ""

    def __post_init__(self):
        if self.kompetenz is not None and not self.zugriff.darf_kompetenz(self.kompetenz):
            raise PermissionDenied(_("Diese Kompetenz dürfen Sie nicht exportieren."))

    def projekte(self):
        projekte = Kernaktivitaet.objects.all()
        if self.kompetenz is not None:
            projekte = projekte.filter(kompetenz=self.kompetenz)
        elif not self.zugriff.alle:
            projekte = projekte.filter(kompetenz__in=self.zugriff.kompetenz_ids)
        if self.phase:
            projekte = projekte.filter(phase=self.phase)
        return projekte

    def kompetenzen(self) -> list[Kompetenz]:
        if self.kompetenz is not None:
            return [self.kompetenz]
        kompetenzen = Kompetenz.objects.order_by("strategie", "reihenfolge")
        if not self.zugriff.alle:
            kompetenzen = kompetenzen.filter(pk__in=self.zugriff.kompetenz_ids)
        return list(kompetenzen)

    @property
    def mit_intern(self) -> bool:
        """Internal columns in a single-table format (CSV, JSON): only when they are visible
        for every Kompetenz in it."""
        if self.zugriff.alle and self.kompetenz is None:
            return self.zugriff.intern_alle  # includes projects without a Kompetenz
        return all(self.zugriff.intern(k.pk) for k in self.kompetenzen())

    def filterbeschreibung(self) -> str:
        teile = [
            _("Kompetenz: %(wert)s")
            % {"wert": self.kompetenz.titel if self.kompetenz else _("alle")},
            _("Berichtszeitraum: %(wert)s")
            % {"wert": self.zeitraum.name if self.zeitraum else _("keiner angelegt")},
            _("Phase: %(wert)s") % {"wert": Phase(self.phase).label if self.phase else _("alle")},
        ]
        return "; ".join(str(teil) for teil in teile)

    # Summary --------------------------------------------------------------------------------

    def gruppen(self) -> list[Gruppe]:
        """Per Kompetenz: projects by phase and reports in the period, in two queries."""
        gruppen = {
            k.pk: Gruppe(kompetenz=k, intern=self.zugriff.intern(k.pk)) for k in self.kompetenzen()
        }
        zaehlung = {}
        projekte = self.projekte().order_by()
        if self.zeitraum is not None:
            berichte = Statusbericht.objects.filter(
                kernaktivitaet=OuterRef("pk"), berichtszeitraum=self.zeitraum
            )
            projekte = projekte.annotate(
                _freigegeben=Exists(berichte.freigegeben()),
                _eingereicht=Exists(berichte.filter(status=Berichtsstatus.EINGEREICHT)),
            )
            werte = projekte.values("kompetenz_id", "phase").annotate(
                anzahl=Count("id"),
                freigegeben=Count("id", filter=Q(_freigegeben=True)),
                eingereicht=Count("id", filter=Q(_freigegeben=False, _eingereicht=True)),
            )
        else:
            werte = projekte.values("kompetenz_id", "phase").annotate(anzahl=Count("id"))
        for zeile in werte:
            zaehlung[(zeile["kompetenz_id"], zeile["phase"])] = zeile
        ohne_kompetenz = any(kompetenz_id is None for kompetenz_id, _phase in zaehlung)
        if self.zugriff.alle and self.kompetenz is None and ohne_kompetenz:
            gruppen[None] = Gruppe(kompetenz=None, intern=self.zugriff.intern(None))
        for gruppe in gruppen.values():
            for wert, label in [*Phase.choices, ("", _("Stand nicht erfasst"))]:
                zeile = zaehlung.get((gruppe.kompetenz_id, wert), {})
                gruppe.phasen.append(
                    {"phase": wert, "label": str(label), "anzahl": zeile.get("anzahl", 0)}
                )
                gruppe.gesamt += zeile.get("anzahl", 0)
                gruppe.freigegeben += zeile.get("freigegeben", 0)
                gruppe.eingereicht += zeile.get("eingereicht", 0)
        return list(gruppen.values())

    # Plans and comparison (issue 18) ---------------------------------------------------------

    def termine(self) -> dict:
        """Per Kompetenz of the report: milestones on baseline, later than it, overdue; and
        the largest shifts (two queries)."""
        meilensteine = Meilenstein.objects.filter(kernaktivitaet__in=self.projekte().values("pk"))
        zaehlung = portfolio_je_kompetenz(meilensteine)
        gruppen = [(k.pk, k.titel) for k in self.kompetenzen()]
        if self.zugriff.alle and self.kompetenz is None:
            gruppen.append((None, _("Ohne Kompetenz")))
        reihenfolge = [
            Terminstatus.IM_BASISPLAN,
            Terminstatus.VERSCHOBEN,
            Terminstatus.UEBERFAELLIG,
        ]
        zeilen = [
            (titel, [zaehlung[pk][status] for status in reihenfolge] + [zaehlung[pk]["gesamt"]])
            for pk, titel in gruppen
            if pk in zaehlung
        ]
        labels = Terminstatus.labels()
        return {
            "kopf": [_("Kompetenz"), *(labels[s] for s in reihenfolge), _("Gesamt")],
            "zeilen": zeilen,
            "verschiebungen": groesste_verschiebungen(meilensteine, anzahl=20),
        }

    def vergleich(self) -> Periodenvergleich | None:
        """What changed since the period before the chosen one (None: there is none)."""
        vorher = vorheriger_zeitraum(self.zeitraum)
        if vorher is None:
            return None
        return periodenvergleich(von=vorher, bis=self.zeitraum, projekte=self.projekte())

    # Rows -----------------------------------------------------------------------------------

    def zeilen(self) -> Iterator[dict]:
        """One dict per project (keys: ``SPALTEN`` plus ``kompetenz_id``), in report order.

        The report shown is the newest approved one up to the end of the chosen period.
        """
        berichte = Statusbericht.objects.freigegeben().filter(kernaktivitaet=OuterRef("pk"))
        if self.zeitraum is not None:
            berichte = berichte.filter(berichtszeitraum__ende__lte=self.zeitraum.ende)
        neuester = berichte.neueste_zuerst().values("pk")
        projekte = (
            self.projekte()
            .select_related("kompetenz", "organisation")
            .annotate(_bericht_id=Subquery(neuester[:1]))
            .order_by(
                F("kompetenz__strategie_id").asc(nulls_last=True),
                F("kompetenz__reihenfolge").asc(nulls_last=True),
                F("nummer").asc(nulls_last=True),
                "titel",
                "pk",
            )
        )
        for block in batched(projekte.iterator(chunk_size=ZEILEN_JE_BLOCK), ZEILEN_JE_BLOCK):
            ids = [p.pk for p in block]
            schwerpunkte = _schwerpunkte(ids)
            kennzahlen = _kennzahlen(ids)
            bericht_ids = [p._bericht_id for p in block if p._bericht_id]
            zu_bericht = Statusbericht.objects.select_related("berichtszeitraum").in_bulk(
                bericht_ids
            )
            for projekt in block:
                yield self._zeile(
                    projekt,
                    zu_bericht.get(projekt._bericht_id),
                    schwerpunkte.get(projekt.pk, []),
                    kennzahlen.get(projekt.pk, []),
                )

    def _zeile(self, projekt, bericht, schwerpunkte, kennzahlen) -> dict:
        intern = self.zugriff.intern(projekt.kompetenz_id)
        zeile = {
            "kompetenz_id": projekt.kompetenz_id,
            "slug": projekt.slug,
            "nummer": projekt.nummer,
            "titel": projekt.titel,
            "kompetenz": projekt.kompetenz.titel if projekt.kompetenz else "",
            "schwerpunkte": "; ".join(schwerpunkte),
            "organisation": projekt.organisation.name if projekt.organisation else "",
            "phase": str(projekt.phase_anzeige),
            "phase_schluessel": projekt.phase,
            "fortschritt": projekt.fortschritt,
            "berichtszeitraum": bericht.berichtszeitraum.name if bericht else "",
            "bericht_freigegeben_am": als_datum(bericht.geprueft_am) if bericht else None,
            "erreicht": bericht.erreicht if bericht else "",
            "kennzahlen": kennzahlen_text(kennzahlen),
        }
        for schluessel in INTERNE_SCHLUESSEL:
            zeile[schluessel] = None
        if intern and bericht:
            zeile.update(
                ampel=str(bericht.get_ampel_display()),
                naechste_schritte=bericht.naechste_schritte,
                risiken=bericht.risiken,
                unterstuetzungsbedarf=bericht.unterstuetzungsbedarf,
            )
        return zeile


# Details of a chunk as plain values: prefetched model instances would reference each other
# (project ↔ Kennzahl ↔ Messwert) and such cycles stay in memory until the garbage collector
# runs, so memory would grow with the number of projects after all.


def _schwerpunkte(ids) -> dict[int, list[str]]:
    titel = defaultdict(list)
    zuordnung = (
        Kernaktivitaet.schwerpunkte.through.objects.filter(kernaktivitaet_id__in=ids)
        .order_by("schwerpunkt__reihenfolge", "schwerpunkt_id")
        .values_list("kernaktivitaet_id", "schwerpunkt__titel")
    )
    for projekt_id, schwerpunkt in zuordnung:
        titel[projekt_id].append(schwerpunkt)
    return titel


def _kennzahlen(ids) -> dict[int, list[Kennzahl]]:
    """Kennzahlen with only their newest value, one query for a whole chunk."""
    kennzahlen = defaultdict(list)
    for kennzahl in (
        Kennzahl.objects.filter(kernaktivitaet_id__in=ids)
        .only("kernaktivitaet", "name", "einheit", "ausgangswert", "zielwert", "richtung")
        .mit_aktuellem_wert()
        .order_by("kernaktivitaet_id", "pk")
    ):
        kennzahlen[kennzahl.kernaktivitaet_id].append(kennzahl)
    return kennzahlen


def kennzahl_text(kennzahl) -> str:
    """``Teilnehmende: 517 von 1.000 Personen (Ziel erreicht)``."""
    einheit = f" {kennzahl.einheit}" if kennzahl.einheit else ""
    if kennzahl.aktueller_wert is None:
        text = _("%(name)s: noch kein Messwert (Ziel %(ziel)s%(einheit)s)") % {
            "name": kennzahl.name,
            "ziel": zahl_de(kennzahl.zielwert),
            "einheit": einheit,
        }
    else:
        text = _("%(name)s: %(wert)s von %(ziel)s%(einheit)s") % {
            "name": kennzahl.name,
            "wert": zahl_de(kennzahl.aktueller_wert),
            "ziel": zahl_de(kennzahl.zielwert),
            "einheit": einheit,
        }
        if kennzahl.ziel_erreicht:
            text += " " + _("(Ziel erreicht)")
    return text


def kennzahlen_text(kennzahlen) -> str:
    return "; ".join(kennzahl_text(k) for k in kennzahlen)
