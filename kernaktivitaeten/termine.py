"""How far a plan moved: the shift between a baseline and a later date, in months and days,
and the drift of each milestone and of the project's end (text first, then a small timeline).

Months are calendar months with the day clamped to the month's end, as people count them:
31 January → 28 February is one month, 31 January → 1 March one month and one day,
29 February 2024 → 28 February 2025 twelve months.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def monate_addieren(datum: date, monate: int) -> date:
    """``datum`` plus whole calendar months; the day is clamped to the target month's end."""
    index = datum.year * 12 + datum.month - 1 + monate
    jahr, monat = divmod(index, 12)
    monat += 1
    return date(jahr, monat, min(datum.day, calendar.monthrange(jahr, monat)[1]))


@dataclass(frozen=True)
class Verschiebung:
    """The distance from ``basis`` to ``ziel``: whole months and remaining days, and the
    direction (``tage`` is the signed total in days: > 0 later, < 0 earlier)."""

    monate: int
    resttage: int
    tage: int

    @classmethod
    def zwischen(cls, basis: date, ziel: date) -> "Verschiebung":
        frueh, spaet = (basis, ziel) if ziel >= basis else (ziel, basis)
        monate = (spaet.year - frueh.year) * 12 + spaet.month - frueh.month
        if monate_addieren(frueh, monate) > spaet:
            monate -= 1
        resttage = (spaet - monate_addieren(frueh, monate)).days
        return cls(monate=monate, resttage=resttage, tage=(ziel - basis).days)

    @property
    def dauer_text(self) -> str:
        """``3 Monate``, ``1 Monat und 4 Tage``, ``12 Tage``."""
        teile = []
        if self.monate:
            teile.append(
                ngettext("%(anzahl)d Monat", "%(anzahl)d Monate", self.monate)
                % {"anzahl": self.monate}
            )
        if self.resttage or not teile:
            teile.append(
                ngettext("%(anzahl)d Tag", "%(anzahl)d Tage", self.resttage)
                % {"anzahl": self.resttage}
            )
        return _(" und ").join(teile)

    @property
    def text(self) -> str:
        """``3 Monate später als ursprünglich geplant`` (or ``früher``, or ``wie geplant``)."""
        if self.tage == 0:
            return _("wie ursprünglich geplant")
        if self.tage > 0:
            return _("%(dauer)s später als ursprünglich geplant") % {"dauer": self.dauer_text}
        return _("%(dauer)s früher als ursprünglich geplant") % {"dauer": self.dauer_text}


class Terminstatus:
    """A milestone's standing against its baseline (the portfolio counts these)."""

    IM_BASISPLAN = "im_basisplan"
    VERSCHOBEN = "verschoben"
    UEBERFAELLIG = "ueberfaellig"
    OHNE_BASISPLAN = "ohne_basisplan"

    @staticmethod
    def labels() -> dict[str, str]:
        return {
            Terminstatus.IM_BASISPLAN: _("im Basisplan"),
            Terminstatus.VERSCHOBEN: _("später als im Basisplan"),
            Terminstatus.UEBERFAELLIG: _("überfällig"),
            Terminstatus.OHNE_BASISPLAN: _("noch ohne Basisplan"),
        }


def terminstatus(*, basisplan, geplant, erreicht, heute: date | None = None) -> str:
    """Overdue (open and its planned date passed) first, then later than the baseline (by its
    actual date, or its plan while open), else on baseline. Earlier than planned counts as on
    baseline."""
    heute = heute or timezone.localdate()
    if basisplan is None:
        return Terminstatus.OHNE_BASISPLAN
    if erreicht is None and geplant < heute:
        return Terminstatus.UEBERFAELLIG
    if (erreicht or geplant) > basisplan:
        return Terminstatus.VERSCHOBEN
    return Terminstatus.IM_BASISPLAN


@dataclass
class Verlaufseintrag:
    """One approved shift, for the public history (no person, only date and reason)."""

    datum: date | None
    zeitraum: str
    alt: date | None
    neu: date
    begruendung: str


@dataclass
class Termindrift:
    """Baseline, current plan, actual date and approved shifts of one milestone or end date."""

    titel: str
    basisplan: date | None
    geplant: date | None
    erreicht: date | None
    verlauf: list[Verlaufseintrag] = field(default_factory=list)
    ist_projektende: bool = False

    @property
    def verschiebung(self) -> Verschiebung | None:
        if self.basisplan is None or self.geplant is None:
            return None
        return Verschiebung.zwischen(self.basisplan, self.erreicht or self.geplant)

    @property
    def anzahl_verschiebungen(self) -> int:
        return len(self.verlauf)

    @property
    def status(self) -> str:
        if self.geplant is None:
            return Terminstatus.OHNE_BASISPLAN
        return terminstatus(basisplan=self.basisplan, geplant=self.geplant, erreicht=self.erreicht)

    @property
    def ueberfaellig(self) -> bool:
        return (
            self.erreicht is None
            and self.geplant is not None
            and self.geplant < (timezone.localdate())
        )

    @property
    def verzoegert(self) -> bool:
        """Overdue, reached after the plan, or planned later than the baseline (the same rule
        as ``Meilenstein.verzoegert``, measured from the baseline where there is one)."""
        if self.geplant is None:
            return False
        bezug = self.basisplan or self.geplant
        if self.erreicht:
            return self.erreicht > bezug
        return self.ueberfaellig or self.geplant > bezug

    @property
    def text(self) -> str:
        """``3 Monate später als ursprünglich geplant, 2× verschoben``."""
        verschiebung = self.verschiebung
        ueberfaellig = [_("überfällig")] if self.ueberfaellig else []
        if verschiebung is None:
            return ", ".join(
                [
                    *ueberfaellig,
                    _("noch kein Basisplan: er wird mit der Veröffentlichung festgelegt"),
                ]
            )
        teile = [*ueberfaellig, verschiebung.text]
        if self.verlauf:
            teile.append(
                ngettext("%(anzahl)d× verschoben", "%(anzahl)d× verschoben", len(self.verlauf))
                % {"anzahl": len(self.verlauf)}
            )
        elif self.geplant != self.basisplan:
            teile.append(_("Änderung vor Einführung des Basisplans, ohne Begründung"))
        return ", ".join(teile)

    @property
    def zusammenfassung(self) -> str:
        """One sentence for the timeline's text alternative."""
        teile = [self.titel]
        if self.basisplan:
            teile.append(_("Basisplan %(datum)s") % {"datum": _datum(self.basisplan)})
        if self.geplant:
            teile.append(_("aktuell geplant %(datum)s") % {"datum": _datum(self.geplant)})
        if self.erreicht:
            teile.append(_("erreicht %(datum)s") % {"datum": _datum(self.erreicht)})
        return ", ".join(teile)


def _datum(wert: date) -> str:
    return date_format(wert, "SHORT_DATE_FORMAT")


def projekt_drift(projekt) -> list[Termindrift]:
    """The drift of each milestone and of the project's end, from what ``fuer_detail()``
    prefetched (milestones, approved reports and their ``terminaenderungen``): no query here.
    Only shifts of approved reports are in it, oldest first."""
    verlaeufe: dict[int | None, list[Verlaufseintrag]] = {}
    berichte = sorted(
        projekt.freigegebene_berichte,
        key=lambda b: (b.geprueft_am is None, b.geprueft_am or timezone.now(), b.pk),
    )
    for bericht in berichte:
        for eintrag in bericht.terminaenderungen.all():
            verlaeufe.setdefault(eintrag.meilenstein_id, []).append(
                Verlaufseintrag(
                    datum=timezone.localdate(bericht.geprueft_am) if bericht.geprueft_am else None,
                    zeitraum=bericht.berichtszeitraum.name,
                    alt=eintrag.geplant_alt,
                    neu=eintrag.geplant_neu,
                    begruendung=eintrag.begruendung,
                )
            )
    zeilen = [
        Termindrift(
            titel=m.titel,
            basisplan=m.basisplan,
            geplant=m.geplant,
            erreicht=m.erreicht,
            verlauf=verlaeufe.get(m.pk, []),
        )
        for m in projekt.meilensteine.all()
    ]
    if projekt.ende_geplant or projekt.ende_basisplan:
        zeilen.append(
            Termindrift(
                titel=_("Ende des Projekts"),
                basisplan=projekt.ende_basisplan,
                geplant=projekt.ende_geplant,
                erreicht=projekt.ende_tatsaechlich,
                verlauf=verlaeufe.get(None, []),
                ist_projektende=True,
            )
        )
    return zeilen


# Timeline -------------------------------------------------------------------------------------

ZEITLEISTE_BREITE = 480
ZEITLEISTE_RAND = 16
ZEILE = 34


@dataclass
class Zeitleistenzeile:
    titel: str
    text_y: int
    linie_y: int
    x_basis: int | None
    x_plan: int | None
    x_erreicht: int | None
    x_von: int
    x_bis: int


@dataclass
class Zeitleiste:
    breite: int
    hoehe: int
    zeilen: list[Zeitleistenzeile]
    achse: list[tuple[int, str]]  # (x, year label)
    achse_y: int


def zeitleiste(drift: list[Termindrift]) -> Zeitleiste | None:
    """Geometry of a small SVG timeline: one row per milestone with its baseline (ring),
    current plan (dot) and actual date (square), joined by a line; year ticks below. Only
    presentation attributes in the template, so the strict CSP holds."""
    daten = [d for z in drift for d in (z.basisplan, z.geplant, z.erreicht) if d]
    if not daten:
        return None
    anfang = date(min(daten).year, 1, 1)
    ende = date(max(daten).year + 1, 1, 1)
    spanne = (ende - anfang).days
    nutzbar = ZEITLEISTE_BREITE - 2 * ZEITLEISTE_RAND

    def x(wert):
        if wert is None:
            return None
        return ZEITLEISTE_RAND + round((wert - anfang).days / spanne * nutzbar)

    zeilen = []
    for nummer, zeile in enumerate(drift):
        punkte = [p for p in (x(zeile.basisplan), x(zeile.geplant), x(zeile.erreicht)) if p]
        zeilen.append(
            Zeitleistenzeile(
                titel=zeile.titel,
                text_y=nummer * ZEILE + 12,
                linie_y=nummer * ZEILE + 24,
                x_basis=x(zeile.basisplan),
                x_plan=x(zeile.geplant),
                x_erreicht=x(zeile.erreicht),
                x_von=min(punkte),
                x_bis=max(punkte),
            )
        )
    achse_y = len(drift) * ZEILE + 6
    achse = [(x(date(jahr, 1, 1)), str(jahr)) for jahr in range(anfang.year, ende.year + 1)]
    return Zeitleiste(
        breite=ZEITLEISTE_BREITE, hoehe=achse_y + 22, zeilen=zeilen, achse=achse, achse_y=achse_y
    )


# Portfolio ------------------------------------------------------------------------------------


def portfolio_je_kompetenz(meilensteine) -> dict[int | None, dict[str, int]]:
    """Per Kompetenz id: milestones with a baseline that are on baseline, later than it and
    overdue (the same rule as ``terminstatus``), in one query."""
    heute = timezone.localdate()
    ueberfaellig = Q(erreicht__isnull=True, geplant__lt=heute)
    zeilen = (
        meilensteine.mit_basisplan()
        .annotate(_effektiv=Coalesce("erreicht", "geplant"))
        .order_by()
        .values("kernaktivitaet__kompetenz_id")
        .annotate(
            gesamt=Count("id"),
            ueberfaellig=Count("id", filter=ueberfaellig),
            verschoben=Count("id", filter=~ueberfaellig & Q(_effektiv__gt=F("basisplan"))),
        )
    )
    ergebnis = {}
    for zeile in zeilen:
        ergebnis[zeile["kernaktivitaet__kompetenz_id"]] = {
            Terminstatus.IM_BASISPLAN: zeile["gesamt"]
            - zeile["ueberfaellig"]
            - zeile["verschoben"],
            Terminstatus.VERSCHOBEN: zeile["verschoben"],
            Terminstatus.UEBERFAELLIG: zeile["ueberfaellig"],
            "gesamt": zeile["gesamt"],
        }
    return ergebnis


@dataclass
class GrosseVerschiebung:
    titel: str
    projekt: str
    projekt_url: str
    kompetenz: str
    basisplan: date
    aktuell: date
    erreicht: date | None
    anzahl: int

    @property
    def verschiebung(self) -> Verschiebung:
        return Verschiebung.zwischen(self.basisplan, self.aktuell)

    @property
    def tage(self) -> int:
        return (self.aktuell - self.basisplan).days


def groesste_verschiebungen(meilensteine, *, anzahl: int = 10) -> list[GrosseVerschiebung]:
    """The milestones furthest behind their baseline (by actual date, or plan while open),
    with how often they were shifted with an approved reason, in one query."""
    zeilen = (
        meilensteine.mit_basisplan()
        .annotate(_effektiv=Coalesce("erreicht", "geplant"))
        .filter(_effektiv__gt=F("basisplan"))
        .annotate(_abweichung=F("_effektiv") - F("basisplan"))
        .mit_anzahl_verschiebungen()
        .select_related("kernaktivitaet__kompetenz")
        .only(
            "titel",
            "basisplan",
            "geplant",
            "erreicht",
            "kernaktivitaet__titel",
            "kernaktivitaet__slug",
            "kernaktivitaet__kompetenz__titel",
        )
        .order_by("-_abweichung", "pk")[:anzahl]
    )
    return [
        GrosseVerschiebung(
            titel=m.titel,
            projekt=m.kernaktivitaet.titel,
            projekt_url=m.kernaktivitaet.get_absolute_url(),
            kompetenz=m.kernaktivitaet.kompetenz.titel if m.kernaktivitaet.kompetenz else "",
            basisplan=m.basisplan,
            aktuell=m._effektiv,
            erreicht=m.erreicht,
            anzahl=m.anzahl_verschiebungen,
        )
        for m in zeilen
    ]
