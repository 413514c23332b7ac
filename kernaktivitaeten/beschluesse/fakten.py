"""Loads the council decisions that the facts file (``fixtures/kernaktivitaeten-fakten.json``)
states with a Vorlage number into the Beschlussregister.

Each decision below names the exact words of the facts file it rests on (``beleg``); it is only
loaded while a project's ``tranche_ratsbeschluss_vorlage`` or ``status`` still contains them,
so nothing is loaded that no fact states. Only what the text says is filled: body, date or
year, a title taken from the text; no deadline, no implementation status (no source states
one), no summary. The stated text itself is kept in "Angaben laut Quellen" with the project's
sources. Decisions named without a number (e.g. "Leitbild Mobilität 2030: Rat 06.06.2019")
stay as text on the project page.

Idempotent and never overwriting: an existing decision only gets fields that are still empty
(the Referat's edits stay), and concerned projects are only added, never removed.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from ..models import Gremium, Kernaktivitaet
from .services import beschluss_aus_quelle_uebernehmen

GRUND = "Fakten aus öffentlichen Quellen geladen"


@dataclass(frozen=True)
class BeschlussFakt:
    vorlagennummer: str
    projekt: str  # title of the facts entry
    beleg: str  # words of the entry that state the decision
    titel: str = ""
    gremium: str = ""
    datum: date | None = None
    jahr: int | None = None
    tranche: bool = False  # the decision adopted the project (else: it concerns it)


BESCHLUESSE = [
    BeschlussFakt(
        "20202999",
        "Bochums grüne Oasen – Attraktive Parks und Freiräume",
        "Ratsvorlage 20202999, vom Rat 2021 einstimmig beschlossen",
        gremium=Gremium.RAT,
        jahr=2021,
        tranche=True,
    ),
    BeschlussFakt(
        "20230262",
        "BOvelo – Leitprojekte Radverkehr",
        "Radverkehrskonzept: Beschlussvorlage 20230262 (Rat 04.05.2023)",
        titel="Radverkehrskonzept",
        gremium=Gremium.RAT,
        datum=date(2023, 5, 4),
    ),
    BeschlussFakt(
        "20181415",
        "Wohnungsbauoffensive",
        "Wohnbauflächenprogramm (Rat Sept. 2018, Vorlage 20181415",
        titel="Wohnbauflächenprogramm",
        gremium=Gremium.RAT,
        jahr=2018,
    ),
    BeschlussFakt(
        "20191481",
        "Wohnungsbauoffensive",
        "Aktualisierung Vorlage 20191481",
        titel="Wohnbauflächenprogramm, Aktualisierung",
    ),
]


def _aussagen(eintrag: dict) -> list[str]:
    return [eintrag.get("tranche_ratsbeschluss_vorlage", ""), *eintrag.get("status", [])]


@transaction.atomic
def beschluesse_aus_fakten_laden(*, eintraege: list[dict]) -> dict[str, str]:
    """Loads ``BESCHLUESSE`` whose words the facts ``eintraege`` still contain; returns
    {Vorlagennummer: "angelegt" | "aktualisiert" | "unveraendert"}."""
    nach_titel = {e["titel"]: e for e in eintraege}
    ergebnis = {}
    for fakt in BESCHLUESSE:
        eintrag = nach_titel.get(fakt.projekt)
        belege = [a for a in _aussagen(eintrag) if fakt.beleg in a] if eintrag else []
        if not belege:
            continue  # the facts changed: load nothing no fact states
        werte = {
            "vorlagennummer": fakt.vorlagennummer,
            "titel": fakt.titel,
            "gremium": fakt.gremium,
            "datum": fakt.datum,
            "jahr": fakt.datum.year if fakt.datum else fakt.jahr,
            "angaben_laut_quellen": "\n".join(belege),
            "quellen": list(eintrag.get("quellen", [])),
        }
        beschluss, aktion, _felder = beschluss_aus_quelle_uebernehmen(
            schluessel={"vorlagennummer": fakt.vorlagennummer},
            werte={k: v for k, v in werte.items() if v not in (None, "", [])},
            grund=GRUND,
            nur_leere=True,
        )
        projekt = Kernaktivitaet.objects.echt().filter(faktenschluessel=fakt.projekt).first()
        if projekt is not None:
            if fakt.tranche:
                if projekt.ratsbeschluss_id is None:
                    projekt.ratsbeschluss = beschluss
                    projekt._change_reason = GRUND
                    projekt.save(update_fields=["ratsbeschluss"])
                    aktion = "aktualisiert" if aktion == "unveraendert" else aktion
            elif not beschluss.betroffene_kernaktivitaeten.filter(pk=projekt.pk).exists():
                beschluss.betroffene_kernaktivitaeten.add(projekt)
                aktion = "aktualisiert" if aktion == "unveraendert" else aktion
        ergebnis[fakt.vorlagennummer] = aktion
    return ergebnis
