"""The Berichtsstand as a named read: which projects a reviewer watches, and where the report of
each stands in a Berichtszeitraum (missing, draft, submitted, returned, approved, or not due
because the project owes no report: ``PHASEN_OHNE_BERICHTSPFLICHT``), with totals per
Kompetenz and overall."""

from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, OuterRef, Subquery, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import rules
from .models import (
    PHASEN_OHNE_BERICHTSPFLICHT,
    Berichtsstatus,
    Berichtszeitraum,
    Kernaktivitaet,
    Statusbericht,
)

FEHLT = "fehlt"
NICHT_FAELLIG = "nicht_faellig"
ERLEDIGT = {Berichtsstatus.EINGEREICHT, Berichtsstatus.FREIGEGEBEN}
# The states of the Berichtsstand in the order of its columns, with their German names.
STAENDE = [
    (Berichtsstatus.EINGEREICHT.value, Berichtsstatus.EINGEREICHT.label),
    (Berichtsstatus.FREIGEGEBEN.value, Berichtsstatus.FREIGEGEBEN.label),
    (Berichtsstatus.ZURUECKGEGEBEN.value, Berichtsstatus.ZURUECKGEGEBEN.label),
    (Berichtsstatus.ENTWURF.value, Berichtsstatus.ENTWURF.label),
    (FEHLT, gettext_lazy("fehlt")),
    (NICHT_FAELLIG, gettext_lazy("kein Bericht nötig")),
]


def darf_berichtsstand_sehen(user) -> bool:
    return (
        rules.ist_referat(user)
        or rules.ist_administrator(user)
        or bool(rules.vorstand_kompetenz_ids(user))
    )


def darf_erinnern(user) -> bool:
    """Sending reminders from the Berichtsstand is the Referat's task."""
    return rules.ist_referat(user)


def _sichtbare_projekte(user):
    projekte = Kernaktivitaet.objects.sichtbar_fuer(user)
    if not (rules.ist_referat(user) or rules.ist_administrator(user)):
        projekte = projekte.filter(kompetenz__in=rules.vorstand_kompetenz_ids(user))
    return projekte


def _mit_stand(projekte, zeitraum: Berichtszeitraum | None):
    """Annotates ``stand``: the status of the project's newest report in ``zeitraum``, else
    "nicht_faellig" for projects that owe none, else "fehlt"."""
    if zeitraum is None:
        return projekte.annotate(stand=Value("", output_field=CharField()))
    letzter_status = Subquery(
        Statusbericht.objects.filter(berichtszeitraum=zeitraum, kernaktivitaet=OuterRef("pk"))
        .order_by("-erstellt_am", "-pk")
        .values("status")[:1]
    )
    return projekte.annotate(
        bericht_status=letzter_status,
        stand=Case(
            When(bericht_status__isnull=False, then="bericht_status"),
            When(phase__in=PHASEN_OHNE_BERICHTSPFLICHT, then=Value(NICHT_FAELLIG)),
            default=Value(FEHLT),
            output_field=CharField(),
        ),
    )


def berichtsstand_projekte(
    *, user, zeitraum: Berichtszeitraum | None, kompetenz=None, stand: str = ""
):
    """The projects in ``user``'s Berichtsstand: all for Referat and Administrator, those of
    their Kompetenzen for a Vorstand (not the ones they only lead); narrowed to a Kompetenz and
    to a state of the report in ``zeitraum`` (a Berichtsstatus, "fehlt" or "nicht_faellig")."""
    projekte = _sichtbare_projekte(user).select_related("kompetenz")
    if kompetenz is not None:
        projekte = projekte.filter(kompetenz=kompetenz)
    if zeitraum is not None and stand:
        projekte = _mit_stand(projekte, zeitraum).filter(stand=stand)
    return projekte.order_by("kompetenz__reihenfolge", "titel")


@dataclass
class Summe:
    """Counts of one Kompetenz (or all) by state."""

    kompetenz_id: int | None
    titel: str
    slug: str = ""
    anzahl: dict = field(default_factory=dict)

    @property
    def spalten(self) -> list[int]:
        return [self.anzahl.get(code, 0) for code, _name in STAENDE]

    @property
    def gesamt(self) -> int:
        return sum(self.anzahl.values())

    @property
    def offen(self) -> int:
        """Projects whose report is still owed: missing, a draft or returned."""
        return sum(
            self.anzahl.get(code, 0)
            for code in (FEHLT, Berichtsstatus.ENTWURF, Berichtsstatus.ZURUECKGEGEBEN)
        )


def berichtsstand_summen(*, user, zeitraum: Berichtszeitraum | None) -> tuple[list[Summe], Summe]:
    """Per Kompetenz of ``user``'s Berichtsstand and overall: how many reports of ``zeitraum``
    are in each state (one grouped query)."""
    gesamt = Summe(kompetenz_id=None, titel=_("Alle Kompetenzen"))
    if zeitraum is None:
        return [], gesamt
    zeilen = (
        _mit_stand(_sichtbare_projekte(user), zeitraum)
        .order_by()
        .values(
            "kompetenz_id", "kompetenz__titel", "kompetenz__slug", "kompetenz__reihenfolge", "stand"
        )
        .annotate(anzahl=Count("pk"))
        .values_list(
            "kompetenz_id",
            "kompetenz__titel",
            "kompetenz__slug",
            "kompetenz__reihenfolge",
            "stand",
            "anzahl",
        )
    )
    je_kompetenz: dict = {}
    reihenfolge: dict = {}
    for kompetenz_id, titel, slug, position, stand, anzahl in zeilen:
        summe = je_kompetenz.setdefault(
            kompetenz_id,
            Summe(kompetenz_id=kompetenz_id, titel=titel or _("ohne Kompetenz"), slug=slug or ""),
        )
        reihenfolge[kompetenz_id] = (position is None, position or 0, titel or "")
        summe.anzahl[stand] = summe.anzahl.get(stand, 0) + anzahl
        gesamt.anzahl[stand] = gesamt.anzahl.get(stand, 0) + anzahl
    summen = sorted(je_kompetenz.values(), key=lambda s: reihenfolge[s.kompetenz_id])
    return summen, gesamt


@dataclass(frozen=True)
class Berichtsstandzeile:
    projekt: Kernaktivitaet
    bericht: Statusbericht | None
    ueberfaellig: bool

    @property
    def nicht_faellig(self) -> bool:
        return self.bericht is None and self.projekt.phase in PHASEN_OHNE_BERICHTSPFLICHT

    @property
    def status(self) -> str:
        if self.bericht:
            return self.bericht.get_status_display()
        if self.nicht_faellig:
            return _("kein Bericht nötig (%(phase)s)") % {"phase": self.projekt.get_phase_display()}
        return _("fehlt")

    @property
    def status_code(self) -> str:
        if self.bericht:
            return self.bericht.status
        return NICHT_FAELLIG if self.nicht_faellig else FEHLT


def berichtsstand_zeilen(projekte, zeitraum: Berichtszeitraum | None) -> list[Berichtsstandzeile]:
    """One row per project (of one page) with its report of ``zeitraum``, in one query."""
    projekte = list(projekte)
    berichte = {}
    if zeitraum is not None:
        for bericht in Statusbericht.objects.filter(
            berichtszeitraum=zeitraum, kernaktivitaet__in=[p.pk for p in projekte]
        ).order_by("erstellt_am", "pk"):
            berichte[bericht.kernaktivitaet_id] = bericht
    zeilen = []
    for projekt in projekte:
        bericht = berichte.get(projekt.pk)
        erledigt = (bericht is not None and bericht.status in ERLEDIGT) or (
            bericht is None and projekt.phase in PHASEN_OHNE_BERICHTSPFLICHT
        )
        zeilen.append(
            Berichtsstandzeile(
                projekt=projekt,
                bericht=bericht,
                ueberfaellig=bool(zeitraum and zeitraum.ueberfaellig and not erledigt),
            )
        )
    return zeilen
