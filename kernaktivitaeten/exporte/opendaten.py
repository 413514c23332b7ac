"""Open data: public datasets as CSV and JSON, their schema, and DCAT-AP.de metadata.

Only what the public project pages show: published projects (``Kernaktivitaet.objects.
oeffentlich()``) and, of those, approved reports' public text, milestones, Kennzahlen and
Messwerte. Never drafts, internal report fields (Ampel, Risiken, nächste Schritte,
Unterstützungsbedarf, Prüfkommentar), people (contact names and addresses, leads, reviewers)
or unpublished projects. Each dataset is defined once, as a list of fields with a row
function, and the CSV, the JSON, the field table, the JSON Schema and the DCAT entry are all
derived from that definition.

Licence: Datenlizenz Deutschland – Namensnennung – 2.0 (dl-by-de/2.0).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from html import unescape
from itertools import batched

import nh3
from django.conf import settings
from django.db.models import F, Max, Prefetch
from django.db.models.query import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from zielsystem.models import Kompetenz, Schwerpunkt

from ..models import (
    Beschlussstatus,
    Gremium,
    Kennzahl,
    Kernaktivitaet,
    Meilenstein,
    Messwert,
    Phase,
    Ratsbeschluss,
    Statusbericht,
    Terminaenderung,
)
from ..termine import Terminstatus, portfolio_je_kompetenz, terminstatus
from .formate import als_datum, json_wert

LIZENZ = {
    "name": "Datenlizenz Deutschland – Namensnennung – 2.0",
    "kennung": "dl-by-de/2.0",
    "url": "https://www.govdata.de/dl-de/by-2-0",
    "dcat": "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
}
# May be overridden in settings; the contributor ID is assigned by GovData on registration.
HERAUSGEBER = getattr(settings, "OPENDATA_HERAUSGEBER", "Stadt Bochum")
HERAUSGEBER_URL = getattr(settings, "OPENDATA_HERAUSGEBER_URL", "https://www.bochum.de")
NAMENSNENNUNG = getattr(settings, "OPENDATA_NAMENSNENNUNG", "Stadt Bochum – Bochum Strategie")
CONTRIBUTOR_ID = getattr(
    settings, "OPENDATA_CONTRIBUTOR_ID", "http://dcat-ap.de/def/contributors/openNRW"
)
GEMEINDESCHLUESSEL = getattr(settings, "OPENDATA_GEMEINDESCHLUESSEL", "05911000")  # Bochum

ZEILEN_JE_BLOCK = 1000
JSON_TYPEN = {
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "string": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "boolean": {"type": "boolean"},
    "uri": {"type": "string", "format": "uri"},
    "liste": {"type": "array", "items": {"type": "string"}},
    "zahlenliste": {"type": "array", "items": {"type": "integer"}},
}
TYP_NAMEN = {
    "integer": _("Ganzzahl"),
    "number": _("Zahl"),
    "string": _("Text"),
    "date": _("Datum"),
    "boolean": _("ja/nein"),
    "uri": _("Adresse (URL)"),
    "liste": _("Liste von Texten"),
    "zahlenliste": _("Liste von Ganzzahlen"),
}


@dataclass(frozen=True)
class Feld:
    name: str
    typ: str  # key of JSON_TYPEN
    beschreibung: str
    leer_moeglich: bool = False
    werte: tuple[str, ...] = ()  # allowed values (enum), if fixed

    @property
    def typ_name(self):
        return TYP_NAMEN[self.typ]

    def json_schema(self) -> dict:
        schema = dict(JSON_TYPEN[self.typ])
        if self.leer_moeglich:
            schema["type"] = [schema["type"], "null"]
        if self.werte:
            schema["enum"] = list(self.werte) + ([None] if self.leer_moeglich else [])
        schema["description"] = str(self.beschreibung)
        return schema


@dataclass(frozen=True)
class Datensatz:
    slug: str
    titel: str
    beschreibung: str
    felder: tuple[Feld, ...]
    zeilen: Callable[[], Iterator[dict]]
    geaendert: Callable[[], datetime | None]
    schlagworte: tuple[str, ...] = ()

    @property
    def spalten(self) -> list[str]:
        return [f.name for f in self.felder]


def _oeffentliche_projekte():
    """Published real projects: open data never carries demo records (ADR 0007)."""
    return Kernaktivitaet.objects.fuer_auswertung()


def _url(name: str, **kwargs) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def _klartext(html: str) -> str:
    """Formatted description as plain text (tags removed, entities resolved)."""
    text = nh3.clean(html or "", tags=set())
    return " ".join(unescape(text).split())


def _in_bloecken(queryset, *lookups) -> Iterator:
    for block in batched(queryset.iterator(chunk_size=ZEILEN_JE_BLOCK), ZEILEN_JE_BLOCK):
        if lookups:
            prefetch_related_objects(block, *lookups)
        yield from block


# Kernaktivitäten ----------------------------------------------------------------------------

PHASEN = tuple(Phase.values)


def _projekte_zeilen() -> Iterator[dict]:
    projekte = (
        _oeffentliche_projekte()
        .select_related("kompetenz", "organisation", "ratsbeschluss")
        .order_by("pk")
    )
    for p in _in_bloecken(
        projekte,
        Prefetch("schwerpunkte", queryset=Schwerpunkt.objects.order_by("reihenfolge")),
        "querschnittsthemen",
        "nachhaltigkeitsziele",
    ):
        yield {
            "id": p.pk,
            "nummer": p.nummer,
            "titel": p.titel,
            "url": settings.SITE_URL + p.get_permanent_url(),
            "projektziel": p.projektziel,
            "beschreibung": _klartext(p.beschreibung),
            "kompetenz": p.kompetenz.titel if p.kompetenz else None,
            "schwerpunkte": [s.titel for s in p.schwerpunkte.all()],
            "querschnittsthemen": [t.titel for t in p.querschnittsthemen.all()],
            "nachhaltigkeitsziele": sorted(z.nummer for z in p.nachhaltigkeitsziele.all()),
            "phase": p.phase or None,
            "phase_bezeichnung": str(p.phase_anzeige),
            "fortschritt": p.fortschritt,
            "organisation": p.organisation.name if p.organisation else None,
            "ratsbeschluss": p.ratsbeschluss.vorlagennummer if p.ratsbeschluss else None,
            "ratsbeschluss_datum": p.ratsbeschluss.datum if p.ratsbeschluss else None,
            "beginn": p.beginn,
            "ende_geplant": p.ende_geplant,
            "ende_basisplan": p.ende_basisplan,
            "ende_tatsaechlich": p.ende_tatsaechlich,
            "aktualisiert": als_datum(p.aktualisiert),
        }


def _projekte_geaendert():
    return _oeffentliche_projekte().aggregate(m=Max("aktualisiert"))["m"]


KERNAKTIVITAETEN = Datensatz(
    slug="kernaktivitaeten",
    titel=_("Kernaktivitäten der Bochum Strategie"),
    beschreibung=_(
        "Alle veröffentlichten Kernaktivitäten (Projekte) der Bochum Strategie 2030 mit "
        "Kompetenz, Schwerpunkten, Querschnittsthemen, Nachhaltigkeitszielen (SDGs), Phase "
        "und Fortschritt."
    ),
    felder=(
        Feld("id", "integer", _("Dauerhafte Kennung der Kernaktivität im Portal.")),
        Feld("nummer", "integer", _("Nummer in der Strategie."), leer_moeglich=True),
        Feld("titel", "string", _("Titel.")),
        Feld("url", "uri", _("Dauerhafte Adresse der Projektseite.")),
        Feld("projektziel", "string", _("Ziel in einem Satz.")),
        Feld("beschreibung", "string", _("Beschreibung als reiner Text.")),
        Feld("kompetenz", "string", _("Kompetenz der Strategie."), leer_moeglich=True),
        Feld("schwerpunkte", "liste", _("Schwerpunkte der Kompetenz.")),
        Feld("querschnittsthemen", "liste", _("Querschnittsthemen.")),
        Feld("nachhaltigkeitsziele", "zahlenliste", _("Nummern der Nachhaltigkeitsziele (1–17).")),
        Feld("phase", "string", _("Phase (Schlüssel)."), leer_moeglich=True, werte=PHASEN),
        Feld("phase_bezeichnung", "string", _("Phase als Text.")),
        Feld("fortschritt", "integer", _("Fortschritt in Prozent (0–100)."), leer_moeglich=True),
        Feld("organisation", "string", _("Federführende Organisation."), leer_moeglich=True),
        Feld("ratsbeschluss", "string", _("Vorlagennummer des Ratsbeschlusses."), True),
        Feld("ratsbeschluss_datum", "date", _("Datum des Ratsbeschlusses."), True),
        Feld("beginn", "date", _("Beginn."), leer_moeglich=True),
        Feld("ende_geplant", "date", _("Geplantes Ende."), leer_moeglich=True),
        Feld(
            "ende_basisplan",
            "date",
            _("Geplantes Ende laut Basisplan (als das Projekt zuerst veröffentlicht wurde)."),
            leer_moeglich=True,
        ),
        Feld("ende_tatsaechlich", "date", _("Tatsächliches Ende."), leer_moeglich=True),
        Feld("aktualisiert", "date", _("Letzte Änderung.")),
    ),
    zeilen=_projekte_zeilen,
    geaendert=_projekte_geaendert,
    schlagworte=("Strategie", "Stadtentwicklung", "Projekte", "Nachhaltigkeit"),
)


# Statusberichte -----------------------------------------------------------------------------


def _oeffentliche_berichte():
    return Statusbericht.objects.fuer_auswertung()


def _berichte_zeilen() -> Iterator[dict]:
    berichte = (
        _oeffentliche_berichte()
        .select_related("kernaktivitaet", "berichtszeitraum")
        .only(
            "id",
            "phase",
            "fortschritt",
            "erreicht",
            "geprueft_am",
            "kernaktivitaet__id",
            "kernaktivitaet__titel",
            "berichtszeitraum__name",
            "berichtszeitraum__beginn",
            "berichtszeitraum__ende",
        )
        .order_by("pk")
    )
    for b in _in_bloecken(berichte):
        yield {
            "id": b.pk,
            "kernaktivitaet_id": b.kernaktivitaet_id,
            "kernaktivitaet": b.kernaktivitaet.titel,
            "berichtszeitraum": b.berichtszeitraum.name,
            "zeitraum_beginn": b.berichtszeitraum.beginn,
            "zeitraum_ende": b.berichtszeitraum.ende,
            "phase": b.phase,
            "fortschritt": b.fortschritt,
            "erreicht": b.erreicht,
            "freigegeben_am": als_datum(b.geprueft_am),
        }


STATUSBERICHTE = Datensatz(
    slug="statusberichte",
    titel=_("Statusberichte der Kernaktivitäten"),
    beschreibung=_(
        "Freigegebene Statusberichte der veröffentlichten Kernaktivitäten: Berichtszeitraum, "
        "Phase, Fortschritt und der öffentliche Text „Was wurde erreicht?“."
    ),
    felder=(
        Feld("id", "integer", _("Kennung des Statusberichts.")),
        Feld(
            "kernaktivitaet_id",
            "integer",
            _("Kennung der Kernaktivität (Datensatz Kernaktivitäten)."),
        ),
        Feld("kernaktivitaet", "string", _("Titel der Kernaktivität.")),
        Feld("berichtszeitraum", "string", _("Berichtszeitraum.")),
        Feld("zeitraum_beginn", "date", _("Beginn des Berichtszeitraums.")),
        Feld("zeitraum_ende", "date", _("Ende des Berichtszeitraums.")),
        Feld("phase", "string", _("Phase laut Bericht (Schlüssel)."), werte=PHASEN),
        Feld("fortschritt", "integer", _("Fortschritt laut Bericht in Prozent.")),
        Feld("erreicht", "string", _("Was wurde erreicht? (öffentlicher Text)")),
        Feld("freigegeben_am", "date", _("Datum der Freigabe."), leer_moeglich=True),
    ),
    zeilen=_berichte_zeilen,
    geaendert=lambda: _oeffentliche_berichte().aggregate(m=Max("geprueft_am"))["m"],
    schlagworte=("Statusbericht", "Fortschritt", "Monitoring"),
)


# Meilensteine, Kennzahlen, Messwerte ---------------------------------------------------------


def _geaendert(model):
    """Newest audit entry of ``model``, else the newest public project change."""
    letzte = model.history.aggregate(m=Max("history_date"))["m"]
    projekte = _projekte_geaendert()
    return max((d for d in (letzte, projekte) if d is not None), default=None)


def _meilensteine_geaendert():
    """Milestones, their shifts and the portfolio per Kompetenz change together."""
    return _geaendert(Meilenstein)


def _meilensteine_zeilen() -> Iterator[dict]:
    heute = timezone.localdate()
    meilensteine = Meilenstein.objects.fuer_auswertung().mit_anzahl_verschiebungen().order_by("pk")
    for m in _in_bloecken(meilensteine):
        yield {
            "id": m.pk,
            "kernaktivitaet_id": m.kernaktivitaet_id,
            "titel": m.titel,
            "geplant": m.geplant,
            "erreicht": m.erreicht,
            "verzoegert": m.verzoegert,
            "basisplan": m.basisplan,
            "abweichung_tage": ((m.erreicht or m.geplant) - m.basisplan).days
            if m.basisplan
            else None,
            "verschiebungen": m.anzahl_verschiebungen,
            "terminstatus": terminstatus(
                basisplan=m.basisplan, geplant=m.geplant, erreicht=m.erreicht, heute=heute
            ),
        }


MEILENSTEINE = Datensatz(
    slug="meilensteine",
    titel=_("Meilensteine der Kernaktivitäten"),
    beschreibung=_(
        "Geplante Schritte der veröffentlichten Kernaktivitäten mit Plan- und Ist-Datum."
    ),
    felder=(
        Feld("id", "integer", _("Kennung des Meilensteins.")),
        Feld("kernaktivitaet_id", "integer", _("Kennung der Kernaktivität.")),
        Feld("titel", "string", _("Meilenstein.")),
        Feld("geplant", "date", _("Geplant für.")),
        Feld("erreicht", "date", _("Erreicht am."), leer_moeglich=True),
        Feld("verzoegert", "boolean", _("Nach dem Plan erreicht oder überfällig.")),
        Feld(
            "basisplan",
            "date",
            _("Geplantes Datum, als der Meilenstein zuerst veröffentlicht wurde (Basisplan)."),
            leer_moeglich=True,
        ),
        Feld(
            "abweichung_tage",
            "integer",
            _(
                "Tage zwischen Basisplan und Ist-Datum (oder aktuellem Plan, solange offen); "
                "positiv: später."
            ),
            leer_moeglich=True,
        ),
        Feld("verschiebungen", "integer", _("Wie oft der Termin mit Begründung verschoben wurde.")),
        Feld(
            "terminstatus",
            "string",
            _("Stand gegenüber dem Basisplan."),
            werte=(
                Terminstatus.IM_BASISPLAN,
                Terminstatus.VERSCHOBEN,
                Terminstatus.UEBERFAELLIG,
                Terminstatus.OHNE_BASISPLAN,
            ),
        ),
    ),
    zeilen=_meilensteine_zeilen,
    geaendert=_meilensteine_geaendert,
    schlagworte=("Meilensteine", "Projektplanung"),
)


def _kennzahlen_zeilen() -> Iterator[dict]:
    kennzahlen = Kennzahl.objects.fuer_auswertung().mit_aktuellem_wert().order_by("pk")
    for k in _in_bloecken(kennzahlen):
        yield {
            "id": k.pk,
            "kernaktivitaet_id": k.kernaktivitaet_id,
            "name": k.name,
            "einheit": k.einheit,
            "ausgangswert": k.ausgangswert,
            "ausgangsdatum": k.ausgangsdatum,
            "zielwert": k.zielwert,
            "zieldatum": k.zieldatum,
            "richtung": k.richtung,
            "aktueller_wert": k.aktueller_wert,
            "ziel_erreicht": k.ziel_erreicht,
        }


KENNZAHLEN = Datensatz(
    slug="kennzahlen",
    titel=_("Kennzahlen der Kernaktivitäten"),
    beschreibung=_(
        "Kennzahlen der veröffentlichten Kernaktivitäten mit Ausgangs-, Ziel- und aktuellem "
        "Wert; die einzelnen Messwerte stehen im Datensatz Messwerte."
    ),
    felder=(
        Feld("id", "integer", _("Kennung der Kennzahl.")),
        Feld("kernaktivitaet_id", "integer", _("Kennung der Kernaktivität.")),
        Feld("name", "string", _("Name der Kennzahl.")),
        Feld("einheit", "string", _("Einheit.")),
        Feld("ausgangswert", "number", _("Ausgangswert."), leer_moeglich=True),
        Feld("ausgangsdatum", "date", _("Stand des Ausgangswerts."), leer_moeglich=True),
        Feld("zielwert", "number", _("Zielwert."), leer_moeglich=True),
        Feld("zieldatum", "date", _("Zieldatum."), leer_moeglich=True),
        Feld("richtung", "string", _("Gewünschte Richtung."), werte=("steigen", "sinken")),
        Feld("aktueller_wert", "number", _("Neuester Messwert."), leer_moeglich=True),
        Feld("ziel_erreicht", "boolean", _("Neuester Messwert erreicht den Zielwert.")),
    ),
    zeilen=_kennzahlen_zeilen,
    geaendert=lambda: _geaendert(Kennzahl),
    schlagworte=("Kennzahlen", "Indikatoren", "Wirkungsmessung"),
)


def _messwerte_zeilen() -> Iterator[dict]:
    messwerte = (
        Messwert.objects.fuer_auswertung()
        .annotate(projekt_id=F("kennzahl__kernaktivitaet_id"))
        .order_by("pk")
    )
    for m in _in_bloecken(messwerte):
        yield {
            "id": m.pk,
            "kennzahl_id": m.kennzahl_id,
            "kernaktivitaet_id": m.projekt_id,
            "datum": m.datum,
            "wert": m.wert,
            "quelle": m.quelle,
        }


MESSWERTE = Datensatz(
    slug="messwerte",
    titel=_("Messwerte der Kennzahlen"),
    beschreibung=_("Alle Messwerte der Kennzahlen veröffentlichter Kernaktivitäten, nach Datum."),
    felder=(
        Feld("id", "integer", _("Kennung des Messwerts.")),
        Feld("kennzahl_id", "integer", _("Kennung der Kennzahl (Datensatz Kennzahlen).")),
        Feld("kernaktivitaet_id", "integer", _("Kennung der Kernaktivität.")),
        Feld("datum", "date", _("Stand vom.")),
        Feld("wert", "number", _("Wert.")),
        Feld("quelle", "string", _("Quelle des Werts.")),
    ),
    zeilen=_messwerte_zeilen,
    geaendert=lambda: _geaendert(Messwert),
    schlagworte=("Kennzahlen", "Messwerte", "Zeitreihe"),
)

# Beschlüsse ---------------------------------------------------------------------------------


def _oeffentliche_beschluesse():
    """Published real decisions (ADR 0007); only their public fields."""
    return Ratsbeschluss.objects.fuer_auswertung()


def _beschluesse_zeilen() -> Iterator[dict]:
    beschluesse = (
        _oeffentliche_beschluesse()
        .select_related("organisation")
        .mit_umsetzungsstand()
        .order_by("pk")
    )
    for b in _in_bloecken(
        beschluesse,
        Prefetch(
            "kernaktivitaeten",
            queryset=Kernaktivitaet.objects.fuer_auswertung().only("pk", "ratsbeschluss"),
            to_attr="oeffentliche_projekte",
        ),
        Prefetch(
            "betroffene_kernaktivitaeten",
            queryset=Kernaktivitaet.objects.fuer_auswertung().only("pk"),
            to_attr="oeffentliche_betroffene",
        ),
        Prefetch("schwerpunkte", queryset=Schwerpunkt.objects.order_by("reihenfolge")),
        "programmatische_ziele",
    ):
        yield {
            "vorlagennummer": b.vorlagennummer,
            "url": _url("beschluesse:detail", vorlage=b.vorlagennummer),
            "titel": b.titel,
            "datum": b.datum,
            "jahr": b.beschlussjahr,
            "gremium": b.gremium or None,
            "gremium_name": b.gremium_name,
            "zusammenfassung": b.zusammenfassung,
            "tenor": b.tenor,
            "ris_url": b.ris_url or None,
            "organisation": b.organisation.name if b.organisation else None,
            "frist": b.frist,
            "status": b.status or None,
            "status_bezeichnung": str(b.status_anzeige),
            "status_grund": b.status_grund,
            "ueberfaellig": b.ueberfaellig,
            "kernaktivitaeten": sorted(p.pk for p in b.oeffentliche_projekte),
            "kernaktivitaeten_umgesetzt": b.anzahl_umgesetzt,
            "betroffene_kernaktivitaeten": sorted(p.pk for p in b.oeffentliche_betroffene),
            "schwerpunkte": [s.titel for s in b.schwerpunkte.all()],
            "programmatische_ziele": [z.titel for z in b.programmatische_ziele.all()],
            "quellen": list(b.quellen or []),
            "aktualisiert": als_datum(b.aktualisiert),
        }


def _beschluesse_geaendert():
    return _oeffentliche_beschluesse().aggregate(m=Max("aktualisiert"))["m"]


BESCHLUESSE = Datensatz(
    slug="beschluesse",
    titel=_("Beschlussregister der Bochum Strategie"),
    beschreibung=_(
        "Die Beschlüsse des Rates und seiner Ausschüsse zur Bochum Strategie: Vorlagennummer, "
        "Datum, Gremium, Inhalt, Frist, Umsetzungsstand mit Begründung und die beschlossenen "
        "Kernaktivitäten."
    ),
    felder=(
        Feld("vorlagennummer", "string", _("Nummer der Vorlage (Drucksache).")),
        Feld("url", "uri", _("Adresse der Seite des Beschlusses im Portal.")),
        Feld("titel", "string", _("Titel.")),
        Feld("datum", "date", _("Datum des Beschlusses."), leer_moeglich=True),
        Feld("jahr", "integer", _("Jahr des Beschlusses."), leer_moeglich=True),
        Feld(
            "gremium",
            "string",
            _("Beschließendes Gremium (Schlüssel)."),
            leer_moeglich=True,
            werte=tuple(Gremium.values),
        ),
        Feld("gremium_name", "string", _("Name des Gremiums.")),
        Feld("zusammenfassung", "string", _("Kurzfassung.")),
        Feld("tenor", "string", _("Was beschlossen wurde.")),
        Feld("ris_url", "uri", _("Adresse im Ratsinformationssystem."), leer_moeglich=True),
        Feld("organisation", "string", _("Verantwortliche Organisation."), leer_moeglich=True),
        Feld("frist", "date", _("Frist."), leer_moeglich=True),
        Feld(
            "status",
            "string",
            _("Umsetzungsstand (Schlüssel)."),
            leer_moeglich=True,
            werte=tuple(Beschlussstatus.values),
        ),
        Feld("status_bezeichnung", "string", _("Umsetzungsstand als Text.")),
        Feld("status_grund", "string", _("Begründung zum Umsetzungsstand.")),
        Feld(
            "ueberfaellig", "boolean", _("Frist abgelaufen, ohne dass der Beschluss umgesetzt ist.")
        ),
        Feld("kernaktivitaeten", "zahlenliste", _("Kennungen der beschlossenen Kernaktivitäten.")),
        Feld("kernaktivitaeten_umgesetzt", "integer", _("Davon umgesetzt.")),
        Feld(
            "betroffene_kernaktivitaeten",
            "zahlenliste",
            _("Kennungen weiterer betroffener Kernaktivitäten."),
        ),
        Feld("schwerpunkte", "liste", _("Schwerpunkte, denen der Beschluss dient.")),
        Feld("programmatische_ziele", "liste", _("Programmatische Ziele, denen er dient.")),
        Feld("quellen", "liste", _("Adressen der Quellen.")),
        Feld("aktualisiert", "date", _("Letzte Änderung.")),
    ),
    zeilen=_beschluesse_zeilen,
    geaendert=_beschluesse_geaendert,
    schlagworte=("Ratsbeschlüsse", "Beschlusscontrolling", "Strategie", "Kommunalpolitik"),
)


# Plans: dated shifts and the portfolio per Kompetenz (issue 18) --------------------------------


def _terminaenderungen_zeilen() -> Iterator[dict]:
    aenderungen = (
        Terminaenderung.objects.fuer_auswertung()
        .select_related("statusbericht__berichtszeitraum")
        .only(
            "meilenstein_id",
            "geplant_alt",
            "geplant_neu",
            "begruendung",
            "statusbericht__kernaktivitaet_id",
            "statusbericht__geprueft_am",
            "statusbericht__berichtszeitraum__name",
        )
        .order_by("pk")
    )
    for t in _in_bloecken(aenderungen):
        yield {
            "id": t.pk,
            "kernaktivitaet_id": t.statusbericht.kernaktivitaet_id,
            "meilenstein_id": t.meilenstein_id,
            "termin": "meilenstein" if t.meilenstein_id else "projektende",
            "geplant_alt": t.geplant_alt,
            "geplant_neu": t.geplant_neu,
            "begruendung": t.begruendung,
            "freigegeben_am": als_datum(t.statusbericht.geprueft_am),
            "berichtszeitraum": t.statusbericht.berichtszeitraum.name,
        }


TERMINAENDERUNGEN = Datensatz(
    slug="terminaenderungen",
    titel=_("Terminänderungen mit Begründung"),
    beschreibung=_(
        "Jede freigegebene Verschiebung eines Meilensteins oder des Projektendes der "
        "veröffentlichten Kernaktivitäten: altes und neues Datum, Begründung, Freigabe."
    ),
    felder=(
        Feld("id", "integer", _("Kennung der Terminänderung.")),
        Feld("kernaktivitaet_id", "integer", _("Kennung der Kernaktivität.")),
        Feld(
            "meilenstein_id",
            "integer",
            _("Kennung des Meilensteins (leer: Projektende)."),
            leer_moeglich=True,
        ),
        Feld("termin", "string", _("Was verschoben wurde."), werte=("meilenstein", "projektende")),
        Feld("geplant_alt", "date", _("Bisher geplant."), leer_moeglich=True),
        Feld("geplant_neu", "date", _("Neu geplant.")),
        Feld("begruendung", "string", _("Begründung.")),
        Feld(
            "freigegeben_am", "date", _("Mit dem Statusbericht freigegeben am."), leer_moeglich=True
        ),
        Feld("berichtszeitraum", "string", _("Berichtszeitraum des Statusberichts.")),
    ),
    zeilen=_terminaenderungen_zeilen,
    geaendert=_meilensteine_geaendert,
    schlagworte=("Meilensteine", "Projektplanung", "Transparenz"),
)


def _termine_je_kompetenz_zeilen() -> Iterator[dict]:
    zaehlung = portfolio_je_kompetenz(Meilenstein.objects.fuer_auswertung())
    kompetenzen = [
        (k.pk, k.titel) for k in Kompetenz.objects.order_by("strategie", "reihenfolge")
    ] + [(None, None)]
    for pk, titel in kompetenzen:
        werte = zaehlung.get(pk)
        if werte:
            yield {
                "kompetenz": titel,
                "im_basisplan": werte[Terminstatus.IM_BASISPLAN],
                "verschoben": werte[Terminstatus.VERSCHOBEN],
                "ueberfaellig": werte[Terminstatus.UEBERFAELLIG],
                "gesamt": werte["gesamt"],
            }


TERMINE_JE_KOMPETENZ = Datensatz(
    slug="termine-je-kompetenz",
    titel=_("Meilensteine je Kompetenz im Vergleich zum Basisplan"),
    beschreibung=_(
        "Je Kompetenz die Meilensteine veröffentlichter Kernaktivitäten, die ihren Basisplan "
        "halten, später liegen und überfällig sind (wie auf der Seite Fortschritt)."
    ),
    felder=(
        Feld(
            "kompetenz",
            "string",
            _("Kompetenz (leer: noch keiner zugeordnet)."),
            leer_moeglich=True,
        ),
        Feld("im_basisplan", "integer", _("Nicht später als im Basisplan.")),
        Feld("verschoben", "integer", _("Später als im Basisplan geplant oder erreicht.")),
        Feld("ueberfaellig", "integer", _("Termin verstrichen, nicht erreicht.")),
        Feld("gesamt", "integer", _("Meilensteine mit Basisplan.")),
    ),
    zeilen=_termine_je_kompetenz_zeilen,
    geaendert=_meilensteine_geaendert,
    schlagworte=("Meilensteine", "Projektplanung", "Kompetenzen"),
)

DATENSAETZE = {
    d.slug: d
    for d in (
        KERNAKTIVITAETEN,
        STATUSBERICHTE,
        MEILENSTEINE,
        KENNZAHLEN,
        MESSWERTE,
        BESCHLUESSE,
        TERMINAENDERUNGEN,
        TERMINE_JE_KOMPETENZ,
    )
}


# Formats ------------------------------------------------------------------------------------


def csv_daten(datensatz: Datensatz) -> Iterator[bytes]:
    from .csv import csv_zeilen

    namen = datensatz.spalten
    return csv_zeilen(namen, ([zeile[n] for n in namen] for zeile in datensatz.zeilen()))


def json_daten(datensatz: Datensatz) -> Iterator[bytes]:
    from .csv import json_zeilen

    with translation.override(settings.LANGUAGE_CODE):
        metadaten = {
            "datensatz": datensatz.slug,
            "titel": str(datensatz.titel),
            "herausgeber": HERAUSGEBER,
            "lizenz": {"name": LIZENZ["name"], "kennung": LIZENZ["kennung"], "url": LIZENZ["url"]},
            "namensnennung": NAMENSNENNUNG,
            "schema": _url("exporte:datensatz_schema", datensatz=datensatz.slug),
            "erstellt": timezone.localtime().isoformat(timespec="seconds"),
        }
    return json_zeilen(metadaten, datensatz.zeilen())


def json_schema(datensatz: Datensatz) -> dict:
    """JSON Schema (2020-12) of the JSON download."""
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": _url("exporte:datensatz_schema", datensatz=datensatz.slug),
            "title": str(datensatz.titel),
            "description": str(datensatz.beschreibung),
            "type": "object",
            "required": ["datensatz", "lizenz", "daten"],
            "properties": {
                "datensatz": {"const": datensatz.slug},
                "titel": {"type": "string"},
                "herausgeber": {"type": "string"},
                "lizenz": {"type": "object"},
                "namensnennung": {"type": "string"},
                "schema": {"type": "string", "format": "uri"},
                "erstellt": {"type": "string", "format": "date-time"},
                "daten": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": datensatz.spalten,
                        "properties": {f.name: f.json_schema() for f in datensatz.felder},
                    },
                },
            },
        }


# DCAT-AP.de ---------------------------------------------------------------------------------

DCAT_KONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU = "http://publications.europa.eu/resource/authority"
FORMATE = {
    "csv": {"format": f"{EU}/file-type/CSV", "media": "text/csv", "titel": "CSV"},
    "json": {"format": f"{EU}/file-type/JSON", "media": "application/json", "titel": "JSON"},
}


def _literal(text) -> dict:
    return {"@value": str(text), "@language": "de"}


def _zeitpunkt(wert) -> dict | None:
    if wert is None:
        return None
    if isinstance(wert, datetime):
        return {
            "@value": timezone.localtime(wert).isoformat(timespec="seconds"),
            "@type": "xsd:dateTime",
        }
    return {"@value": json_wert(wert), "@type": "xsd:date"}


def _ohne_leere(eintrag: dict) -> dict:
    return {k: v for k, v in eintrag.items() if v not in (None, [], "")}


def dcat_katalog() -> dict:
    """The DCAT-AP.de catalogue as JSON-LD (one dcat:Catalog with its datasets)."""
    with translation.override(settings.LANGUAGE_CODE):
        seite = _url("exporte:daten")
        herausgeber = {
            "@id": HERAUSGEBER_URL,
            "@type": "foaf:Organization",
            "foaf:name": HERAUSGEBER,
        }
        kontakt = _ohne_leere(
            {
                "@type": "vcard:Organization",
                "vcard:fn": NAMENSNENNUNG,
                "vcard:hasEmail": {"@id": f"mailto:{settings.REFERAT_EMAIL}"}
                if getattr(settings, "REFERAT_EMAIL", "")
                else None,
                "vcard:hasURL": {"@id": seite},
            }
        )
        datensaetze, aenderungen = [], []
        berechnet = {}  # datasets that share their date function ask the database once
        for datensatz in DATENSAETZE.values():
            if datensatz.geaendert not in berechnet:
                berechnet[datensatz.geaendert] = datensatz.geaendert()
            geaendert = berechnet[datensatz.geaendert]
            aenderungen.append(geaendert)
            kennung = f"{seite}#{datensatz.slug}"
            verteilungen = []
            for endung, fmt in FORMATE.items():
                download = _url("exporte:datensatz", datensatz=datensatz.slug, format=endung)
                verteilungen.append(
                    _ohne_leere(
                        {
                            "@id": f"{kennung}-{endung}",
                            "@type": "dcat:Distribution",
                            "dct:title": _literal(f"{datensatz.titel} ({fmt['titel']})"),
                            "dcat:accessURL": {"@id": download},
                            "dcat:downloadURL": {"@id": download},
                            "dct:format": {"@id": fmt["format"]},
                            "dcat:mediaType": {
                                "@id": f"https://www.iana.org/assignments/media-types/{fmt['media']}"
                            },
                            "dct:license": {"@id": LIZENZ["dcat"]},
                            "dcatde:licenseAttributionByText": NAMENSNENNUNG,
                            "dct:conformsTo": {
                                "@id": _url("exporte:datensatz_schema", datensatz=datensatz.slug)
                            }
                            if endung == "json"
                            else None,
                            "dct:modified": _zeitpunkt(geaendert),
                        }
                    )
                )
            datensaetze.append(
                _ohne_leere(
                    {
                        "@id": kennung,
                        "@type": "dcat:Dataset",
                        "dct:identifier": kennung,
                        "dct:title": _literal(datensatz.titel),
                        "dct:description": _literal(datensatz.beschreibung),
                        "dct:publisher": herausgeber,
                        "dcatde:contributorID": {"@id": CONTRIBUTOR_ID},
                        "dcatde:maintainer": herausgeber,
                        "dcat:contactPoint": kontakt,
                        "dcat:theme": {"@id": f"{EU}/data-theme/GOVE"},
                        "dcat:keyword": [
                            _literal(w) for w in ("Bochum Strategie", *datensatz.schlagworte)
                        ],
                        "dct:language": {"@id": f"{EU}/language/DEU"},
                        "dct:license": {"@id": LIZENZ["dcat"]},
                        "dct:accrualPeriodicity": {"@id": f"{EU}/frequency/IRREG"},
                        "dct:spatial": {
                            "@id": f"http://dcat-ap.de/def/politicalGeocoding/municipalityKey/{GEMEINDESCHLUESSEL}"
                        },
                        "dcatde:politicalGeocodingLevelURI": {
                            "@id": "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
                        },
                        "dcatde:politicalGeocodingURI": {
                            "@id": f"http://dcat-ap.de/def/politicalGeocoding/municipalityKey/{GEMEINDESCHLUESSEL}"
                        },
                        "dcat:landingPage": {"@id": f"{seite}#{datensatz.slug}"},
                        "dct:modified": _zeitpunkt(geaendert),
                        "dcat:distribution": verteilungen,
                    }
                )
            )
        bekannt = [d for d in aenderungen if d is not None]
        return {
            "@context": DCAT_KONTEXT,
            "@graph": [
                _ohne_leere(
                    {
                        "@id": f"{seite}#katalog",
                        "@type": "dcat:Catalog",
                        "dct:title": _literal(_("Offene Daten der Bochum Strategie")),
                        "dct:description": _literal(
                            _(
                                "Kernaktivitäten, Statusberichte, Meilensteine und Kennzahlen der "
                                "Bochum Strategie 2030 als offene Daten."
                            )
                        ),
                        "dct:publisher": herausgeber,
                        "foaf:homepage": {"@id": seite},
                        "dct:language": {"@id": f"{EU}/language/DEU"},
                        "dct:license": {"@id": LIZENZ["dcat"]},
                        "dct:modified": _zeitpunkt(max(bekannt) if bekannt else None),
                        "dcat:dataset": datensaetze,
                    }
                )
            ],
        }
