"""Loads the facts about real Kernaktivitäten (``fixtures/kernaktivitaeten-fakten.json``).

What a source states is loaded; what no source states stays empty. Fields that a model needs
in a fixed form are only filled when the stated text gives them unambiguously:

- Kompetenz: the stated name mapped to the seed's Kompetenz by meaning ("Vorreiter …" was the
  name before about 2021, "Vorreiterin …" after); otherwise empty.
- Schwerpunkt: only when the stated (possibly cut) name is the start of exactly one
  Schwerpunkt of that Kompetenz.
- Organisation: the stated lead without remarks in brackets; empty when the text names more
  than one role (";"), the full statement is kept in the notes for the Referat.
- Beginn / Ende: only a full date (JJJJ-MM-TT) at the start of the stated text; a month or a
  year stays in "Angaben laut Quellen", shown on the page as stated.
- Phase: from the status facts by the explicit rules in ``PHASENREGELN``; else empty.
- Kennzahlen: the figures in ``KENNZAHLEN`` (a clear unit and a month or day); each value must
  appear in the cited status text, which is also stored as the value's source.

Idempotent, and never overwrites: a record that already carries this entry's facts (same
``faktenstand``) is left alone; otherwise (first merge with a seed record, or the facts file
changed) only fields that are still empty are filled and missing Kennzahl values added. An
edit in the back office is therefore never undone by ``make run``.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from bochum_strategie.lib.seitencache import datenstand_erhoehen
from bochum_strategie.lib.text import slugify_de
from zielsystem.models import Kompetenz, Schwerpunkt

from .models import AlterSlug, Kennzahl, Kernaktivitaet, Messwert, Organisation, Phase
from .suchindex import suchindex_aktualisieren

FAKTENDATEI = Path(settings.BASE_DIR) / "fixtures" / "kernaktivitaeten-fakten.json"
GRUND = "Fakten aus öffentlichen Quellen geladen"

# Names the sources use for a Kompetenz → the seed's title (same Kompetenz, renamed ~2021).
KOMPETENZ_ALIASE = {
    "vorreiter modernen stadtmanagements": "Vorreiterin modernen Stadtmanagements",
}

# Facts entry title → title of the seed project (fixtures/kernaktivitaeten.json) it describes,
# where neither title nor alternativtitel match. "Markthalle": the seed's "Bochums
# Speisekammer – Markthalle im Herzen der Stadt", merged into the Haus des Wissens in both.
SEED_ALIASE = {
    "Markthalle": ["Bochums Speisekammer – Markthalle im Herzen der Stadt"],
}

# (phase, pattern over one status fact). The first rule that matches any fact wins; the order
# puts an explicit end state before "in Umsetzung". Figures like "110 umgesetzte Projekte"
# (projects funded by a fund) must not count, hence anchors and whole phrases.
PHASENREGELN = [
    (Phase.AUFGEGANGEN, re.compile(r"\baufgegangen\b|zusammengeführt")),
    (Phase.UMGESETZT, re.compile(r"^umgesetzt\b|als umgesetztes Projekt gekennzeichnet")),
    (Phase.REGELBETRIEB, re.compile(r"\bVerstetigung als dauerhaftes\b")),
    (Phase.UMSETZUNG, re.compile(r"^in Umsetzung\b|^in Bau seit\b|in Bearbeitung befindliche")),
    (Phase.VORBEREITUNG, re.compile(r"Status „Vorbereitung")),
]
AUFGEGANGEN_IN = re.compile(r"im Projekt (?P<ziel>.+?) aufgegangen")


@dataclass(frozen=True)
class Wert:
    datum: date
    wert: Decimal
    beleg: str  # a part of one status fact that contains the value as written


@dataclass(frozen=True)
class KennzahlFakt:
    name: str
    einheit: str
    werte: list[Wert]
    zielwert: Decimal | None = None  # only where the title states the target
    # "Monat JJJJ" values are dated to the month's last day.


KENNZAHLEN = {
    "1.000 Bänke für Bochum": [
        KennzahlFakt(
            "Aufgestellte Bänke",
            "Bänke",
            [
                Wert(date(2020, 2, 29), Decimal(435), "Zwischenstand Februar 2020: 435 Bänke"),
                Wert(date(2021, 12, 31), Decimal(517), "Bilanz: 517 Bänke"),
            ],
            zielwert=Decimal(1000),
        ),
        KennzahlFakt(
            "Spenden",
            "Euro",
            [
                Wert(date(2020, 2, 29), Decimal(154687), "154.687 Euro"),
                Wert(date(2021, 12, 31), Decimal("202035.88"), "202.035,88 Euro Spenden"),
            ],
        ),
    ],
    "StadtBaumKonzept": [
        KennzahlFakt(
            "Neu gepflanzte Bäume",
            "Bäume",
            [Wert(date(2019, 4, 10), Decimal(1000), "1.000. Baum am 10.04.2019 gepflanzt")],
        ),
    ],
    "Bochum-Fonds": [
        KennzahlFakt(
            "Geförderte Projekte",
            "Projekte",
            [Wert(date(2024, 1, 31), Decimal(149), "bis Januar 2024: 149 Projekte")],
        ),
    ],
    "Bochumer Nachwuchskräftesicherung in der Pflege": [
        KennzahlFakt(
            "Partner im Bündnis „Bochum bewegt Pflege“",
            "Partner",
            [
                Wert(date(2021, 9, 30), Decimal(16), "im September 2021 mit 16 Partnern"),
                Wert(date(2024, 1, 31), Decimal(25), "Januar 2024: 25 Partner"),
            ],
        ),
    ],
}


@dataclass
class Ergebnis:
    angelegt: list[str] = field(default_factory=list)
    ergaenzt: list[str] = field(default_factory=list)
    unveraendert: list[str] = field(default_factory=list)


def fakten_lesen(pfad: Path = FAKTENDATEI) -> list[dict]:
    with open(pfad, encoding="utf-8") as datei:
        return json.load(datei)


def _norm(text: str) -> str:
    text = text.replace("–", "-").replace("—", "-").replace("„", '"').replace("“", '"')
    return re.sub(r"\s+", " ", text).strip().casefold()


def faktenstand(eintrag: dict) -> str:
    return hashlib.sha256(
        json.dumps(eintrag, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def phase_aus_status(status: list[str]) -> tuple[str, str]:
    """(phase, name of the absorbing project) by ``PHASENREGELN``; ("", "") if none fits."""
    for phase, muster in PHASENREGELN:
        for fakt in status:
            if muster.search(fakt):
                ziel = AUFGEGANGEN_IN.search(fakt) if phase == Phase.AUFGEGANGEN else None
                return phase, ziel.group("ziel") if ziel else ""
    return "", ""


def kompetenz_zuordnen(name: str, kompetenzen: list[Kompetenz]) -> Kompetenz | None:
    if not name.strip():
        return None
    gesucht = _norm(KOMPETENZ_ALIASE.get(_norm(name), name))
    treffer = [k for k in kompetenzen if _norm(k.titel) == gesucht]
    return treffer[0] if len(treffer) == 1 else None


def schwerpunkt_zuordnen(name: str, kompetenz: Kompetenz | None) -> Schwerpunkt | None:
    """The one Schwerpunkt of ``kompetenz`` whose title starts with the stated (possibly cut)
    name; None when there is no Kompetenz, no name, or not exactly one match."""
    if kompetenz is None or not name.strip():
        return None
    zitat = re.search(r"„(.+?)“", name)
    anfang = _norm((zitat.group(1) if zitat else name).rstrip("…").rstrip("."))
    treffer = [s for s in kompetenz.schwerpunkte.all() if _norm(s.titel).startswith(anfang)]
    return treffer[0] if len(treffer) == 1 else None


def organisation_aus_federfuehrung(text: str) -> tuple[str, str, str]:
    """(name, bereich, art) of the stated lead; ("", "", "") when the text is ambiguous."""
    text = text.strip()
    if not text or ";" in text:
        return "", "", ""
    text = re.sub(r"\s*\([^)]*\)\s*$", "", text)
    text = re.sub(r"\s+im Auftrag der Stadt Bochum$", "", text)
    art = ""
    if text.startswith("Stadt Bochum, "):
        text, art = text.removeprefix("Stadt Bochum, "), Organisation.Art.STADT
    elif text == "Stadt Bochum" or re.search(r"amt\b", text):
        art = Organisation.Art.STADT
    elif re.search(r"\bGmbH\b", text):
        art = Organisation.Art.TOCHTER
    name, _komma, bereich = text.partition(", ")
    return name.strip(), bereich.strip(), art


def datum_aus_angabe(text: str) -> date | None:
    treffer = re.match(r"(\d{4})-(\d{2})-(\d{2})\b", text.strip())
    if not treffer:
        return None
    try:
        return date(*(int(teil) for teil in treffer.groups()))
    except ValueError:
        return None


def _organisation(name: str, art: str) -> Organisation:
    vorhandene = {_norm(o.name): o for o in Organisation.objects.filter(demo=False)}
    for schluessel in (_norm(name), _norm(re.sub(r"\s+GmbH$", "", name))):
        if schluessel in vorhandene:
            return vorhandene[schluessel]
    slug = basis = slugify_de(name, 90)
    nummer = 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, nummer = f"{basis}-{nummer}", nummer + 1
    return Organisation.objects.create(name=name, slug=slug, art=art)


def _freier_slug(titel: str) -> str:
    slug = basis = slugify_de(titel, 110)
    nummer = 2
    while (
        Kernaktivitaet.objects.filter(slug=slug).exists()
        or AlterSlug.objects.filter(slug=slug).exists()
    ):
        slug, nummer = f"{basis}-{nummer}", nummer + 1
    return slug


def _anmerkungen(eintrag: dict, *, kompetenz, organisation_name: str) -> str:
    zeilen = []
    if eintrag.get("anmerkungen"):
        zeilen.append(eintrag["anmerkungen"])
    if eintrag.get("konfidenz") and eintrag["konfidenz"] != "hoch":
        zeilen.append(
            f"Konfidenz der Quellen: {eintrag['konfidenz']} "
            "(eine Quelle, oder der Bezug zur Strategie ist indirekt)."
        )
    if eintrag.get("kompetenz") and kompetenz is None:
        zeilen.append(f"Kompetenz laut Quelle, nicht zugeordnet: {eintrag['kompetenz']}")
    if eintrag.get("schwerpunkt"):
        zeilen.append(f"Schwerpunkt laut Quelle: {eintrag['schwerpunkt']}")
    if eintrag.get("federfuehrung") and not organisation_name:
        zeilen.append(f"Federführung laut Quelle, nicht eindeutig: {eintrag['federfuehrung']}")
    return "\n".join(zeilen)


def _werte(eintrag: dict) -> dict:
    """Everything the fields state, as stated; shown on the public page."""
    return {
        "beginn": eintrag.get("start", ""),
        "ende": eintrag.get("ende", ""),
        "federfuehrung": eintrag.get("federfuehrung", ""),
        "partner": list(eintrag.get("partner", [])),
        "stand": list(eintrag.get("status", [])),
        "ratsbeschluss": eintrag.get("tranche_ratsbeschluss_vorlage", ""),
    }


def _ergaenzen(projekt: Kernaktivitaet, eintrag: dict, kompetenzen: list[Kompetenz]) -> None:
    """Fills the fields of ``projekt`` that are still empty; never changes a filled one."""
    kompetenz = kompetenz_zuordnen(eintrag.get("kompetenz", ""), kompetenzen)
    org_name, bereich, art = organisation_aus_federfuehrung(eintrag.get("federfuehrung", ""))
    phase, aufgegangen_in = phase_aus_status(eintrag.get("status", []))

    if not projekt.projektziel and eintrag.get("kurzziel"):
        projekt.projektziel = eintrag["kurzziel"][:400]
    if projekt.kompetenz_id is None and kompetenz is not None:
        projekt.kompetenz = kompetenz
    if projekt.organisation_id is None and org_name:
        projekt.organisation = _organisation(org_name, art)
        if not projekt.bereich:
            projekt.bereich = bereich
    if projekt.beginn is None:
        projekt.beginn = datum_aus_angabe(eintrag.get("start", ""))
    if not projekt.phase and phase:
        projekt.phase = phase
        if phase == Phase.AUFGEGANGEN and not projekt.aufgegangen_in_text:
            projekt.aufgegangen_in_text = aufgegangen_in
        if projekt.fortschritt is None and phase in (Phase.UMGESETZT, Phase.REGELBETRIEB):
            projekt.fortschritt = 100
    if not projekt.quellen:
        projekt.quellen = list(eintrag.get("quellen", []))
    if not projekt.quellenangaben:
        projekt.quellenangaben = _werte(eintrag)
    if not projekt.anmerkungen_referat:
        projekt.anmerkungen_referat = _anmerkungen(
            eintrag, kompetenz=projekt.kompetenz, organisation_name=org_name
        )
    projekt.faktenschluessel = eintrag["titel"]
    projekt.faktenstand = faktenstand(eintrag)
    projekt._change_reason = GRUND
    projekt.save()

    if not projekt.schwerpunkte.exists():
        schwerpunkt = schwerpunkt_zuordnen(eintrag.get("schwerpunkt", ""), projekt.kompetenz)
        if schwerpunkt is not None:
            projekt.schwerpunkte.add(schwerpunkt)
    _kennzahlen_ergaenzen(projekt, eintrag)


def _kennzahlen_ergaenzen(projekt: Kernaktivitaet, eintrag: dict) -> None:
    for fakt in KENNZAHLEN.get(eintrag["titel"], []):
        kennzahl = projekt.kennzahlen.filter(name=fakt.name).first()
        if kennzahl is None:
            kennzahl = Kennzahl(
                kernaktivitaet=projekt,
                name=fakt.name,
                einheit=fakt.einheit,
                zielwert=fakt.zielwert,
            )
            kennzahl._change_reason = GRUND
            kennzahl.save()
        vorhanden = set(kennzahl.messwerte.values_list("datum", flat=True))
        for wert in fakt.werte:
            if wert.datum in vorhanden:
                continue
            belege = [s for s in eintrag.get("status", []) if wert.beleg in s]
            if not belege:  # the facts changed: load no figure that no fact states
                continue
            messwert = Messwert(
                kennzahl=kennzahl, datum=wert.datum, wert=wert.wert, quelle=belege[0][:300]
            )
            messwert._change_reason = GRUND
            messwert.save()


@transaction.atomic
def kernaktivitaeten_aus_fakten_laden(*, eintraege: list[dict]) -> Ergebnis:
    """Creates the real Kernaktivitäten of ``eintraege`` (facts file entries) that are not
    there yet, merges into existing real ones by title / alternativtitel, and leaves records
    that already carry the same facts alone. Never overwrites a filled field."""
    ergebnis = Ergebnis()
    geaendert: list[int] = []
    kompetenzen = list(Kompetenz.objects.prefetch_related("schwerpunkte"))
    echte = list(Kernaktivitaet.objects.echt())
    nach_schluessel = {p.faktenschluessel: p for p in echte if p.faktenschluessel}
    nach_titel = {_norm(p.titel): p for p in echte}
    for eintrag in eintraege:
        titel = eintrag["titel"]
        projekt = nach_schluessel.get(titel)
        if projekt is None:
            namen = [titel, *eintrag.get("alternativtitel", []), *SEED_ALIASE.get(titel, [])]
            projekt = next((nach_titel[_norm(n)] for n in namen if _norm(n) in nach_titel), None)
        if projekt is not None and projekt.faktenstand == faktenstand(eintrag):
            ergebnis.unveraendert.append(titel)
            continue
        if projekt is None:
            projekt = Kernaktivitaet(titel=titel, slug=_freier_slug(titel), veroeffentlicht=True)
            ergebnis.angelegt.append(titel)
        else:
            ergebnis.ergaenzt.append(titel)
        _ergaenzen(projekt, eintrag, kompetenzen)
        geaendert.append(projekt.pk)
        nach_titel[_norm(projekt.titel)] = projekt
    _aufgegangen_verknuepfen()
    if ergebnis.angelegt or ergebnis.ergaenzt:
        suchindex_aktualisieren(kernaktivitaet_ids=geaendert)
        transaction.on_commit(datenstand_erhoehen)
    return ergebnis


def _aufgegangen_verknuepfen() -> None:
    """Links "aufgegangen in <name>" to that real project where one has the name."""
    offen = Kernaktivitaet.objects.echt().filter(
        phase=Phase.AUFGEGANGEN, aufgegangen_in__isnull=True
    )
    for projekt in offen.exclude(aufgegangen_in_text=""):
        ziel = (
            Kernaktivitaet.objects.echt()
            .filter(titel__iexact=projekt.aufgegangen_in_text)
            .exclude(pk=projekt.pk)
            .first()
        )
        if ziel is not None:
            projekt.aufgegangen_in = ziel
            projekt._change_reason = GRUND
            projekt.save(update_fields=["aufgegangen_in"])
