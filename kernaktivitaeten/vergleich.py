"""What changed in the portfolio between two Berichtszeiträume: phase changes, projects with
their first approved report, projects finished, milestones shifted and indicators that moved.

The state of a project at the end of a period is its newest approved report up to that
period's end; an indicator's value there is its newest Messwert up to that date. Each list is
one query, whatever the number of projects.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, OuterRef, Q, Subquery

from .models import (
    ABGESCHLOSSENE_PHASEN,
    Berichtszeitraum,
    Kennzahl,
    Messwert,
    Phase,
    Statusbericht,
    Terminaenderung,
)


def _phase_label(wert) -> str:
    try:
        return str(Phase(wert).label)
    except ValueError:
        return wert or ""


@dataclass
class Periodenvergleich:
    von: Berichtszeitraum
    bis: Berichtszeitraum
    phasenwechsel: list[dict] = field(default_factory=list)
    neu: list[dict] = field(default_factory=list)
    abgeschlossen: list[dict] = field(default_factory=list)
    verschobene_meilensteine: list[dict] = field(default_factory=list)
    kennzahlen: list[dict] = field(default_factory=list)

    @property
    def leer(self) -> bool:
        return not (
            self.phasenwechsel or self.neu or self.verschobene_meilensteine or self.kennzahlen
        )

    def bloecke(self) -> list[dict]:
        """The lists in the order shown (templates/exporte/_vergleich_bloecke.html): one block
        per list with ``art``, ``anzahl`` and ``zeilen``; ``fortsetzung`` marks a slice that
        continues a list (the PDF lays out a long comparison in parts)."""
        return [
            {"art": art, "anzahl": len(zeilen), "zeilen": zeilen, "fortsetzung": False}
            for art, zeilen in (
                ("phasenwechsel", self.phasenwechsel),
                ("neu", self.neu),
                ("abgeschlossen", self.abgeschlossen),
                ("verschobene_meilensteine", self.verschobene_meilensteine),
                ("kennzahlen", self.kennzahlen),
            )
        ]


def _stand(ende: date):
    return Subquery(
        Statusbericht.objects.freigegeben()
        .filter(kernaktivitaet=OuterRef("pk"), berichtszeitraum__ende__lte=ende)
        .neueste_zuerst()
        .values("phase")[:1]
    )


def _wert(ende: date):
    return Subquery(
        Messwert.objects.filter(kennzahl=OuterRef("pk"), datum__lte=ende)
        .order_by("-datum")
        .values("wert")[:1]
    )


def periodenvergleich(
    *, von: Berichtszeitraum, bis: Berichtszeitraum, projekte
) -> Periodenvergleich:
    """Compares the end of ``von`` with the end of ``bis`` for the projects of ``projekte``
    (a Kernaktivitaet queryset the caller chose: what the user may see)."""
    vergleich = Periodenvergleich(von=von, bis=bis)
    zeilen = (
        projekte.annotate(_phase_von=_stand(von.ende), _phase_bis=_stand(bis.ende))
        .filter(_phase_bis__isnull=False)
        .filter(Q(_phase_von__isnull=True) | ~Q(_phase_von=F("_phase_bis")))
        .select_related("kompetenz")
        .only("titel", "slug", "kompetenz__titel")
        .order_by("titel", "pk")
    )
    for projekt in zeilen:
        zeile = {
            "titel": projekt.titel,
            "url": projekt.get_absolute_url(),
            "kompetenz": projekt.kompetenz.titel if projekt.kompetenz else "",
            "phase_von": _phase_label(projekt._phase_von),
            "phase_bis": _phase_label(projekt._phase_bis),
        }
        if projekt._phase_von is None:
            vergleich.neu.append(zeile)
        else:
            vergleich.phasenwechsel.append(zeile)
        if projekt._phase_bis in ABGESCHLOSSENE_PHASEN and (
            projekt._phase_von not in ABGESCHLOSSENE_PHASEN
        ):
            vergleich.abgeschlossen.append(zeile)

    for aenderung in (
        Terminaenderung.objects.freigegeben()
        .filter(
            statusbericht__kernaktivitaet__in=projekte.values("pk"),
            statusbericht__berichtszeitraum__ende__gt=von.ende,
            statusbericht__berichtszeitraum__ende__lte=bis.ende,
        )
        .select_related("meilenstein", "statusbericht__kernaktivitaet")
        .order_by("statusbericht__kernaktivitaet__titel", "pk")
    ):
        projekt = aenderung.statusbericht.kernaktivitaet
        vergleich.verschobene_meilensteine.append(
            {
                "projekt": projekt.titel,
                "url": projekt.get_absolute_url(),
                "termin": aenderung.meilenstein.titel if aenderung.meilenstein else None,
                "alt": aenderung.geplant_alt,
                "neu": aenderung.geplant_neu,
                "begruendung": aenderung.begruendung,
            }
        )

    for kennzahl in (
        Kennzahl.objects.filter(kernaktivitaet__in=projekte.values("pk"))
        .annotate(_wert_von=_wert(von.ende), _wert_bis=_wert(bis.ende))
        .filter(_wert_bis__isnull=False)
        .filter(Q(_wert_von__isnull=True) | ~Q(_wert_von=F("_wert_bis")))
        .select_related("kernaktivitaet")
        .only("name", "einheit", "zielwert", "kernaktivitaet__titel", "kernaktivitaet__slug")
        .order_by("kernaktivitaet__titel", "pk")
    ):
        vergleich.kennzahlen.append(
            {
                "projekt": kennzahl.kernaktivitaet.titel,
                "url": kennzahl.kernaktivitaet.get_absolute_url(),
                "name": kennzahl.name,
                "einheit": kennzahl.einheit,
                "wert_von": kennzahl._wert_von,
                "wert_bis": kennzahl._wert_bis,
                "zielwert": kennzahl.zielwert,
            }
        )
    return vergleich


def vorheriger_zeitraum(zeitraum: Berichtszeitraum | None) -> Berichtszeitraum | None:
    """The period that ended last before ``zeitraum`` ended (the Fortschrittsbericht compares
    with it)."""
    if zeitraum is None:
        return None
    return Berichtszeitraum.objects.filter(ende__lt=zeitraum.ende).order_by("-ende", "pk").first()
