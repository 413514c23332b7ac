"""The public progress dashboard (/fortschritt/): counts only, in a fixed number of queries.

Every chart is an aggregate query over published projects (never one query per project or
per Kompetenz), so the page costs the same with 125 or 10,000 Kernaktivitäten.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from querschnitt.models import Querschnittsthema
from zielsystem.models import Kompetenz

from ..models import (
    Berichtszeitraum,
    Kennzahl,
    Kernaktivitaet,
    Meilenstein,
    Phase,
    Statusbericht,
)
from ..termine import Terminstatus, groesste_verschiebungen, portfolio_je_kompetenz
from .diagramme import Diagramm, balken, gestapelt, phasen_balken, phasen_serien

PHASEN = [*Phase.choices, ("", None)]  # "" = phase not recorded


@dataclass
class Tabelle:
    beschriftung: str
    kopf: list[str]  # first entry: the row header column
    zeilen: list[tuple[str, str, list[int]]]  # (label, url or "", values)
    summe: list[int] | None = None


@dataclass
class Abschnitt:
    id: str
    titel: str
    erklaerung: str
    diagramm: Diagramm | None
    tabelle: Tabelle
    hinweis: str = ""
    extra: dict = field(default_factory=dict)


def _phasen_kopf() -> list[str]:
    return [str(label) if wert else _("Stand nicht erfasst") for wert, label in PHASEN]


def _summen(zeilen) -> list[int]:
    return [sum(spalte) for spalte in zip(*(werte for _l, _u, werte in zeilen), strict=True)]


def _nach_phase(gruppen: list[tuple[object, str, str]], zaehlung: dict) -> list:
    """[(label, url, [count per phase])] for each group that has projects."""
    zeilen = []
    for schluessel, label, url in gruppen:
        werte = [zaehlung.get((schluessel, wert), 0) for wert, _label in PHASEN]
        if any(werte):
            zeilen.append((label, url, werte))
    return zeilen


def _gestapelt_nach_phase(id, titel, zeilen) -> Diagramm | None:
    if not zeilen:
        return None
    return gestapelt(
        id=id,
        titel=titel,
        beschreibung=_(
            "Gestapelte Balken: je Zeile die Kernaktivitäten nach Phase. "
            "Die Zahlen stehen in der Tabelle daneben."
        ),
        kategorien=[(label, werte) for label, _url, werte in zeilen],
        serien=phasen_serien(),
    )


TERMINSERIEN = [
    (Terminstatus.IM_BASISPLAN, "#2e7d32"),
    (Terminstatus.VERSCHOBEN, "#a65e00"),
    (Terminstatus.UEBERFAELLIG, "#b00020"),
]


def termine_abschnitt(kompetenzen) -> Abschnitt:
    """6. Milestones against their baseline per Kompetenz, and the largest shifts (2 queries,
    issue 18)."""
    meilensteine = Meilenstein.objects.fuer_auswertung()
    zaehlung = portfolio_je_kompetenz(meilensteine)
    labels = Terminstatus.labels()
    zeilen = []
    for schluessel, label, url in [*kompetenzen, (None, _("Ohne Kompetenz"), "")]:
        werte = zaehlung.get(schluessel)
        if werte:
            zeilen.append(
                (label, url, [*(werte[status] for status, _f in TERMINSERIEN), werte["gesamt"]])
            )
    return Abschnitt(
        id="termine",
        titel=_("Meilensteine im Vergleich zum Basisplan"),
        erklaerung=_(
            "Basisplan: das geplante Datum, als ein Meilenstein zum ersten Mal veröffentlicht "
            "wurde. Je Kompetenz die Meilensteine, die ihn halten, die später liegen oder "
            "später erreicht wurden, und die überfällig sind (Termin verstrichen, nicht "
            "erreicht)."
        ),
        diagramm=gestapelt(
            id="diagramm-termine",
            titel=_("Meilensteine je Kompetenz im Vergleich zum Basisplan"),
            beschreibung=_(
                "Gestapelte Balken: je Kompetenz die Meilensteine im Basisplan, später als "
                "geplant und überfällig. Die Zahlen stehen in der Tabelle daneben."
            ),
            kategorien=[(label, werte[:3]) for label, _url, werte in zeilen],
            serien=[(labels[status], farbe) for status, farbe in TERMINSERIEN],
        )
        if zeilen
        else None,
        tabelle=Tabelle(
            beschriftung=_("Meilensteine je Kompetenz im Vergleich zum Basisplan"),
            kopf=[_("Kompetenz"), *(labels[s] for s, _f in TERMINSERIEN), _("Gesamt")],
            zeilen=zeilen,
            summe=_summen(zeilen) if zeilen else None,
        ),
        hinweis=""
        if zeilen
        else _("Es gibt noch keine veröffentlichten Meilensteine mit Basisplan."),
        extra={"verschiebungen": groesste_verschiebungen(meilensteine)},
    )


def dashboard_daten() -> dict:
    """Everything /fortschritt/ shows: eight queries whatever the data size. Real projects
    only: these are figures about the city (demo records are left out, ADR 0007)."""
    oeffentlich = Kernaktivitaet.objects.fuer_auswertung()
    abschnitte = []

    # 1. All published projects by phase (1 query) and done/total (1 query).
    phasen = oeffentlich.phasen_zaehlung()
    gesamt = oeffentlich.kennzahlen_gesamt()
    abschnitte.append(
        Abschnitt(
            id="phasen",
            titel=_("Kernaktivitäten nach Phase"),
            erklaerung=_("Alle veröffentlichten Kernaktivitäten nach ihrer aktuellen Phase."),
            diagramm=phasen_balken(
                id="diagramm-phasen",
                titel=_("Kernaktivitäten nach Phase"),
                beschreibung=_("Balkendiagramm; die Zahlen stehen in der Tabelle daneben."),
                phasen=phasen,
            )
            if phasen
            else None,
            tabelle=Tabelle(
                beschriftung=_("Kernaktivitäten nach Phase"),
                kopf=[_("Phase"), _("Anzahl")],
                zeilen=[(str(p["label"]), "", [p["anzahl"]]) for p in phasen],
                summe=[sum(p["anzahl"] for p in phasen)],
            ),
        )
    )

    # 2. Per Kompetenz and phase (2 queries).
    kompetenzen = [
        (k.pk, k.titel, k.get_absolute_url())
        for k in Kompetenz.objects.order_by("strategie", "reihenfolge").only("pk", "titel", "slug")
    ]
    zaehlung = {
        (kompetenz, phase): anzahl
        for kompetenz, phase, anzahl in oeffentlich.order_by()
        .values_list("kompetenz_id", "phase")
        .annotate(anzahl=Count("id"))
    }
    zeilen = _nach_phase([*kompetenzen, (None, _("Ohne Kompetenz"), "")], zaehlung)
    abschnitte.append(
        Abschnitt(
            id="kompetenzen",
            titel=_("Kernaktivitäten je Kompetenz"),
            erklaerung=_("Die veröffentlichten Kernaktivitäten jeder Kompetenz nach Phase."),
            diagramm=_gestapelt_nach_phase(
                "diagramm-kompetenzen", _("Kernaktivitäten je Kompetenz nach Phase"), zeilen
            ),
            tabelle=Tabelle(
                beschriftung=_("Kernaktivitäten je Kompetenz nach Phase"),
                kopf=[_("Kompetenz"), *_phasen_kopf(), _("Gesamt")],
                zeilen=[(label, url, [*werte, sum(werte)]) for label, url, werte in zeilen],
                summe=[*_summen(zeilen), sum(_summen(zeilen))] if zeilen else None,
            ),
        )
    )

    # 3. Per Querschnittsthema and phase (2 queries). A project may serve several themes.
    themen = [
        (t.pk, t.titel, t.get_absolute_url())
        for t in Querschnittsthema.objects.order_by("reihenfolge").only("pk", "titel", "slug")
    ]
    zaehlung = {
        (thema, phase): anzahl
        for thema, phase, anzahl in oeffentlich.filter(querschnittsthemen__isnull=False)
        .order_by()
        .values_list("querschnittsthemen", "phase")
        .annotate(anzahl=Count("id"))
    }
    # No total row here: themes overlap, a total would count projects twice.
    zeilen = _nach_phase(themen, zaehlung)
    abschnitte.append(
        Abschnitt(
            id="querschnittsthemen",
            titel=_("Kernaktivitäten je Querschnittsthema"),
            erklaerung=_(
                "Die veröffentlichten Kernaktivitäten jedes Querschnittsthemas nach Phase. "
                "Eine Kernaktivität kann mehreren Themen dienen und zählt dann bei jedem."
            ),
            diagramm=_gestapelt_nach_phase(
                "diagramm-querschnittsthemen",
                _("Kernaktivitäten je Querschnittsthema nach Phase"),
                zeilen,
            ),
            tabelle=Tabelle(
                beschriftung=_("Kernaktivitäten je Querschnittsthema nach Phase"),
                kopf=[_("Querschnittsthema"), *_phasen_kopf(), _("Gesamt")],
                zeilen=[(label, url, [*werte, sum(werte)]) for label, url, werte in zeilen],
            ),
        )
    )

    # 4. Projects with an approved report per Berichtszeitraum (1 query). Counted per period
    # in a subquery that starts from the real published projects (index
    # kernaktivitaet_auswertung) and probes the approved reports' index
    # (bericht_freigegeben_zeitraum): 1 ms at 200,000 reports. Joining all reports to the
    # periods and counting DISTINCT took 135 ms (docs/performance.md, section 5.2).
    projekte_mit_bericht = (
        Statusbericht.objects.fuer_auswertung()
        .filter(berichtszeitraum=OuterRef("pk"))
        .order_by()
        .values("berichtszeitraum")
        .annotate(anzahl=Count("kernaktivitaet", distinct=True))
        .values("anzahl")
    )
    zeitraeume = list(
        Berichtszeitraum.objects.order_by("beginn", "pk")
        .annotate(anzahl=Coalesce(Subquery(projekte_mit_bericht), 0))
        .values_list("name", "anzahl")
    )
    abschnitte.append(
        Abschnitt(
            id="berichte",
            titel=_("Freigegebene Statusberichte je Berichtszeitraum"),
            erklaerung=_(
                "Wie viele veröffentlichte Kernaktivitäten für jeden Berichtszeitraum einen "
                "freigegebenen Statusbericht haben."
            ),
            diagramm=balken(
                id="diagramm-berichte",
                titel=_("Kernaktivitäten mit freigegebenem Statusbericht je Berichtszeitraum"),
                beschreibung=_("Balkendiagramm; die Zahlen stehen in der Tabelle daneben."),
                werte=zeitraeume,
            )
            if zeitraeume
            else None,
            tabelle=Tabelle(
                beschriftung=_("Kernaktivitäten mit freigegebenem Statusbericht"),
                kopf=[_("Berichtszeitraum"), _("Kernaktivitäten")],
                zeilen=[(name, "", [anzahl]) for name, anzahl in zeitraeume],
            ),
            hinweis=""
            if zeitraeume
            else _("Es gibt noch keine Berichtszeiträume mit freigegebenen Statusberichten."),
        )
    )

    # 5. Kennzahlen that reach their target, per Kompetenz (1 query).
    erreicht = Q(richtung=Kennzahl.Richtung.STEIGEN, neuester_wert__gte=F("zielwert")) | Q(
        richtung=Kennzahl.Richtung.SINKEN, neuester_wert__lte=F("zielwert")
    )
    werte = {
        zeile["kernaktivitaet__kompetenz_id"]: zeile
        for zeile in Kennzahl.objects.fuer_auswertung()
        .filter(zielwert__isnull=False)
        .mit_aktuellem_wert()
        .order_by()
        .values("kernaktivitaet__kompetenz_id")
        .annotate(
            gesamt=Count("id"),
            erreicht=Count("id", filter=erreicht),
            ohne_wert=Count("id", filter=Q(neuester_wert__isnull=True)),
        )
    }
    zeilen = []
    for schluessel, label, url in [*kompetenzen, (None, _("Ohne Kompetenz"), "")]:
        zeile = werte.get(schluessel)
        if zeile:
            offen = zeile["gesamt"] - zeile["erreicht"] - zeile["ohne_wert"]
            zeilen.append(
                (label, url, [zeile["erreicht"], offen, zeile["ohne_wert"], zeile["gesamt"]])
            )
    serien = [
        (_("Ziel erreicht"), "#2e7d32"),
        (_("Ziel noch nicht erreicht"), "#a65e00"),
        (_("noch kein Messwert"), "#6b6b6b"),
    ]
    abschnitte.append(
        Abschnitt(
            id="kennzahlen",
            titel=_("Kennzahlen, die ihr Ziel erreichen"),
            erklaerung=_(
                "Kennzahlen der veröffentlichten Kernaktivitäten: Erreicht der neueste "
                "Messwert den Zielwert?"
            ),
            diagramm=gestapelt(
                id="diagramm-kennzahlen",
                titel=_("Kennzahlen je Kompetenz nach Zielerreichung"),
                beschreibung=_(
                    "Gestapelte Balken: je Kompetenz die Kennzahlen, die ihr Ziel erreichen, "
                    "die es noch nicht erreichen und die noch keinen Messwert haben. "
                    "Die Zahlen stehen in der Tabelle daneben."
                ),
                kategorien=[(label, werte[:3]) for label, _url, werte in zeilen],
                serien=serien,
            )
            if zeilen
            else None,
            tabelle=Tabelle(
                beschriftung=_("Kennzahlen je Kompetenz nach Zielerreichung"),
                kopf=[_("Kompetenz"), *(s for s, _f in serien), _("Gesamt")],
                zeilen=zeilen,
                summe=_summen(zeilen) if zeilen else None,
            ),
            hinweis="" if zeilen else _("Es sind noch keine Kennzahlen veröffentlicht."),
        )
    )
    abschnitte.append(termine_abschnitt(kompetenzen))
    return {
        "abschnitte": abschnitte,
        "gesamt": gesamt["gesamt"],
        "umgesetzt": gesamt["umgesetzt"],
    }
