"""The Berichtsstand as a named read: which projects a reviewer watches, and where the report of
each stands in a Berichtszeitraum (missing, draft, submitted, returned, approved)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import rules
from .models import Berichtsstatus, Berichtszeitraum, Kernaktivitaet, Statusbericht

FEHLT = "fehlt"
ERLEDIGT = {Berichtsstatus.EINGEREICHT, Berichtsstatus.FREIGEGEBEN}


def darf_berichtsstand_sehen(user) -> bool:
    return (
        rules.ist_referat(user)
        or rules.ist_administrator(user)
        or bool(rules.vorstand_kompetenz_ids(user))
    )


def berichtsstand_projekte(
    *, user, zeitraum: Berichtszeitraum | None, kompetenz=None, stand: str = ""
):
    """The projects in ``user``'s Berichtsstand: all for Referat and Administrator, those of
    their Kompetenzen for a Vorstand (not the ones they only lead); narrowed to a Kompetenz and
    to a state of the report in ``zeitraum`` ("fehlt" or a Berichtsstatus)."""
    projekte = Kernaktivitaet.objects.sichtbar_fuer(user).select_related("kompetenz")
    if not (rules.ist_referat(user) or rules.ist_administrator(user)):
        projekte = projekte.filter(kompetenz__in=rules.vorstand_kompetenz_ids(user))
    if kompetenz is not None:
        projekte = projekte.filter(kompetenz=kompetenz)
    if zeitraum is not None and stand:
        im_zeitraum = Statusbericht.objects.filter(berichtszeitraum=zeitraum)
        if stand == FEHLT:
            projekte = projekte.exclude(pk__in=im_zeitraum.values("kernaktivitaet_id"))
        else:
            projekte = projekte.filter(
                pk__in=im_zeitraum.filter(status=stand).values("kernaktivitaet_id")
            )
    return projekte.order_by("kompetenz__reihenfolge", "titel")


@dataclass(frozen=True)
class Berichtsstandzeile:
    projekt: Kernaktivitaet
    bericht: Statusbericht | None
    ueberfaellig: bool

    @property
    def status(self) -> str:
        return self.bericht.get_status_display() if self.bericht else _("fehlt")

    @property
    def status_code(self) -> str:
        return self.bericht.status if self.bericht else FEHLT


def berichtsstand_zeilen(projekte, zeitraum: Berichtszeitraum | None) -> list[Berichtsstandzeile]:
    """One row per project (of one page) with its report of ``zeitraum``, in one query."""
    projekte = list(projekte)
    berichte = {}
    if zeitraum is not None:
        for bericht in Statusbericht.objects.filter(
            berichtszeitraum=zeitraum, kernaktivitaet__in=[p.pk for p in projekte]
        ).order_by("erstellt_am"):
            berichte[bericht.kernaktivitaet_id] = bericht
    zeilen = []
    for projekt in projekte:
        bericht = berichte.get(projekt.pk)
        erledigt = bericht is not None and bericht.status in ERLEDIGT
        zeilen.append(
            Berichtsstandzeile(
                projekt=projekt,
                bericht=bericht,
                ueberfaellig=bool(zeitraum and zeitraum.ueberfaellig and not erledigt),
            )
        )
    return zeilen
