"""Import of council decisions from OParl 1.1 (the German standard interface of council
information systems): ``Paper`` (Vorlage) with its embedded ``Consultation``\\ s, the
``Meeting`` of the authoritative consultation (date of the decision, ``AgendaItem`` with the
resolution text) and its ``Organization`` (deciding body).

A source is an endpoint URL (a ``System``, a ``Body``, a paged list of Papers, or one Paper) or
a saved JSON file (any of those, or a JSON array of OParl objects; a saved paged list may point
to its next page by a file name next to it). Paged lists are followed through ``links.next``.

Two phases: first everything is read and checked — malformed input raises ``OParlFehler`` with
a message naming the object, and nothing is written; then all decisions are written in one
transaction (rolled back in a dry run). Matching: on the OParl id, else on the Vorlage number
(``reference``). Fields the Referat edited by hand are never overwritten; the implementation
status is never touched (OParl does not know it). New decisions are created unpublished, for
the Referat to review.
"""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Gremium, Ratsbeschluss
from .services import beschluss_aus_quelle_uebernehmen

MAX_SEITEN = 500
MAX_MB = 20
MAX_BYTES = MAX_MB * 1024 * 1024
ZEITLIMIT = 20  # seconds per request
GRUND = "OParl-Import"
_url_pruefen = URLValidator(schemes=["http", "https"])


class OParlFehler(Exception):
    """Input that is not OParl as expected; the message says which object (``wo``: address,
    file or "Paper <id>") and why."""

    def __init__(self, wo, meldung):
        super().__init__(f"{wo}: {meldung}" if wo else str(meldung))


AKTIONEN = {
    "angelegt": gettext_lazy("neu angelegt"),
    "aktualisiert": gettext_lazy("geändert"),
    "unveraendert": gettext_lazy("unverändert"),
    "uebersprungen": gettext_lazy("übersprungen"),
}


@dataclass
class Vorgang:
    vorlagennummer: str
    oparl_id: str
    aktion: str  # angelegt | aktualisiert | unveraendert | uebersprungen
    felder: list[str] = field(default_factory=list)
    hinweis: str = ""

    @property
    def aktion_anzeige(self):
        return AKTIONEN[self.aktion]


@dataclass
class Importergebnis:
    vorgaenge: list[Vorgang] = field(default_factory=list)
    trocken: bool = False

    def anzahl(self, aktion: str) -> int:
        return sum(1 for v in self.vorgaenge if v.aktion == aktion)

    def zusammenfassung(self) -> str:
        text = _(
            "%(angelegt)d angelegt, %(aktualisiert)d aktualisiert, %(unveraendert)d unverändert, "
            "%(uebersprungen)d übersprungen"
        ) % {aktion: self.anzahl(aktion) for aktion in AKTIONEN}
        return text + (" " + _("(Probelauf: nichts gespeichert)") if self.trocken else "")


def _typ(objekt) -> str:
    typ = objekt.get("type", "") if isinstance(objekt, dict) else ""
    return typ.rsplit("/", 1)[-1] if isinstance(typ, str) else ""


def ist_url(text: str) -> bool:
    return isinstance(text, str) and text.startswith(("http://", "https://"))


class Leser:
    """Reads OParl JSON from an endpoint or saved files and finds objects by their id."""

    def __init__(self, quelle: str, *, max_seiten: int = MAX_SEITEN, nachbardateien: bool = True):
        self.quelle = str(quelle)
        self.nachbardateien = nachbardateien
        self.ueber_netz = ist_url(self.quelle)
        self.max_seiten = max_seiten
        self.index: dict[str, dict] = {}

    # Reading ----------------------------------------------------------------------------

    def laden(self, adresse: str):
        if ist_url(adresse):
            if not self.ueber_netz:
                raise OParlFehler(
                    adresse,
                    _(
                        "eine gespeicherte Datei kann nur auf Dateien daneben verweisen; bitte "
                        "über die Adresse des Endpunkts importieren."
                    ),
                )
            daten = self._holen(adresse)
        else:
            daten = self._datei(adresse)
        try:
            inhalt = json.loads(daten)
        except (UnicodeDecodeError, json.JSONDecodeError) as fehler:
            raise OParlFehler(
                adresse, _("kein gültiges JSON (%(fehler)s).") % {"fehler": fehler}
            ) from None
        self._indizieren(inhalt)
        return inhalt

    def _holen(self, url: str) -> bytes:
        anfrage = urllib.request.Request(
            url, headers={"Accept": "application/json", "User-Agent": "bochum-strategie-oparl"}
        )
        try:
            with urllib.request.urlopen(anfrage, timeout=ZEITLIMIT) as antwort:
                daten = antwort.read(MAX_BYTES + 1)
        except urllib.error.HTTPError as fehler:
            raise OParlFehler(
                url, _("der Server antwortet mit %(code)s.") % {"code": fehler.code}
            ) from None
        except (urllib.error.URLError, OSError, ValueError) as fehler:
            grund = getattr(fehler, "reason", fehler)
            raise OParlFehler(url, _("nicht erreichbar (%(grund)s).") % {"grund": grund}) from None
        if len(daten) > MAX_BYTES:
            raise OParlFehler(url, _("Antwort größer als %(mb)d MB.") % {"mb": MAX_MB})
        return daten

    def _datei(self, name: str) -> bytes:
        pfad = Path(name)
        if name != self.quelle:
            # A saved list page may name its next page: a file in the same folder, nothing else.
            ordner = Path(self.quelle).parent.resolve()
            pfad = (ordner / name).resolve()
            if self.ueber_netz or not self.nachbardateien or pfad.parent != ordner:
                raise OParlFehler(
                    name,
                    _(
                        "auf diese Datei darf nicht verwiesen werden (nur Dateien im selben "
                        "Ordner, und bei einer hochgeladenen Datei gar keine)."
                    ),
                )
        try:
            if pfad.stat().st_size > MAX_BYTES:
                raise OParlFehler(pfad, _("Datei größer als %(mb)d MB.") % {"mb": MAX_MB})
            return pfad.read_bytes()
        except OSError as fehler:
            raise OParlFehler(
                pfad, _("Datei nicht lesbar (%(grund)s).") % {"grund": fehler.strerror}
            ) from None

    def _indizieren(self, inhalt) -> None:
        if isinstance(inhalt, list):
            for teil in inhalt:
                self._indizieren(teil)
        elif isinstance(inhalt, dict):
            if isinstance(inhalt.get("id"), str) and _typ(inhalt):
                self.index.setdefault(inhalt["id"], inhalt)
            for wert in inhalt.values():
                if isinstance(wert, (dict, list)):
                    self._indizieren(wert)

    def objekt(self, verweis):
        """The object a reference names: embedded, already read, or (over the network)
        fetched. None when a saved file does not contain it."""
        if isinstance(verweis, dict):
            return verweis
        if not isinstance(verweis, str) or not verweis:
            return None
        if verweis in self.index:
            return self.index[verweis]
        if self.ueber_netz and ist_url(verweis):
            inhalt = self.laden(verweis)
            if not isinstance(inhalt, dict):
                raise OParlFehler(verweis, _("kein OParl-Objekt."))
            self.index.setdefault(verweis, inhalt)
            return inhalt
        return None

    def liste(self, erste, adresse: str):
        """Items of a paged list, following ``links.next`` (loops and endless lists end with
        an error)."""
        gesehen = {adresse}
        seite, seiten = erste, 1
        while True:
            if not isinstance(seite, dict) or not isinstance(seite.get("data"), list):
                raise OParlFehler(adresse, _("keine OParl-Liste (es fehlt „data“)."))
            yield from seite["data"]
            links = seite.get("links") or {}
            if not isinstance(links, dict):
                raise OParlFehler(adresse, _("„links“ ist kein Objekt."))
            weiter = links.get("next")
            if not weiter:
                return
            if not isinstance(weiter, str):
                raise OParlFehler(adresse, _("„links.next“ ist keine Adresse."))
            if ist_url(adresse) and not ist_url(weiter):
                weiter = urljoin(adresse, weiter)
            if weiter in gesehen:
                raise OParlFehler(weiter, _("die Liste verweist im Kreis."))
            seiten += 1
            if seiten > self.max_seiten:
                raise OParlFehler(adresse, _("mehr als %(n)d Seiten.") % {"n": self.max_seiten})
            gesehen.add(weiter)
            adresse = weiter
            seite = self.laden(weiter)

    def _liste_von(self, verweis, wo: str):
        if isinstance(verweis, str) and verweis:
            return self.liste(self.laden(verweis), verweis)
        raise OParlFehler(wo, _("es fehlt die Adresse der Liste."))

    def papers(self):
        """Every Paper the source leads to."""
        start = self.laden(self.quelle)
        if isinstance(start, list):
            yield from (o for o in start if _typ(o) == "Paper")
            return
        if not isinstance(start, dict):
            raise OParlFehler(self.quelle, _("weder OParl-Objekt noch Liste."))
        if "data" in start:  # a list of Papers or of Bodies
            for eintrag in self.liste(start, self.quelle):
                if _typ(eintrag) == "Body":
                    yield from self._liste_von(
                        eintrag.get("paper"), f"{eintrag.get('id')} (Body.paper)"
                    )
                else:
                    yield eintrag
            return
        typ = _typ(start)
        if typ == "System":
            for body in self._liste_von(start.get("body"), f"{self.quelle} (System.body)"):
                body = self.objekt(body)
                if _typ(body) != "Body":
                    raise OParlFehler(self.quelle, _("die Liste „body“ enthält kein Body."))
                yield from self._liste_von(body.get("paper"), f"{body.get('id')} (Body.paper)")
        elif typ == "Body":
            yield from self._liste_von(start.get("paper"), f"{self.quelle} (Body.paper)")
        elif typ == "Paper":
            yield start
        else:
            raise OParlFehler(
                self.quelle,
                _("kein OParl-System, -Body, -Paper und keine Liste (type: %(typ)r).")
                % {"typ": start.get("type")},
            )


# Mapping ------------------------------------------------------------------------------------


def _text(objekt: dict, feld: str, wo: str, max_laenge: int | None = None) -> str:
    wert = objekt.get(feld)
    if wert is None:
        return ""
    if not isinstance(wert, str):
        raise OParlFehler(wo, _("„%(feld)s“ ist kein Text.") % {"feld": feld})
    wert = " ".join(wert.split()) if max_laenge else wert.strip()
    if max_laenge and len(wert) > max_laenge:
        raise OParlFehler(
            wo,
            _("„%(feld)s“ ist länger als %(n)d Zeichen.") % {"feld": feld, "n": max_laenge},
        )
    return wert


def _datum(wert, wo: str, feld: str) -> date | None:
    if wert in (None, ""):
        return None
    if not isinstance(wert, str):
        raise OParlFehler(wo, _("„%(feld)s“ ist kein Datum.") % {"feld": feld})
    try:
        return datetime.fromisoformat(wert).date() if "T" in wert else date.fromisoformat(wert)
    except ValueError:
        raise OParlFehler(
            wo, _("„%(feld)s“ ist kein Datum (%(wert)r).") % {"feld": feld, "wert": wert}
        ) from None


def _zeitpunkt(wert, wo: str) -> datetime | None:
    if wert in (None, ""):
        return None
    try:
        zeit = datetime.fromisoformat(wert)
    except (TypeError, ValueError):
        raise OParlFehler(
            wo, _("„modified“ ist kein Zeitpunkt (%(wert)r).") % {"wert": wert}
        ) from None
    return zeit if zeit.tzinfo else None


def gremium_art(organisation: dict) -> str:
    """Rat / Ausschuss / Bezirksvertretung from the Organization's classification, type or
    name; "" when none says so."""
    for feld in ("classification", "organizationType", "name", "shortName"):
        text = str(organisation.get(feld) or "").casefold()
        if "bezirksvertretung" in text:
            return Gremium.BEZIRKSVERTRETUNG
        if "ausschuss" in text:
            return Gremium.AUSSCHUSS
        if text == "rat" or text.startswith("rat ") or text.startswith("rat der"):
            return Gremium.RAT
    return ""


def _erstes(verweise):
    if isinstance(verweise, list):
        return verweise[0] if verweise else None
    return verweise


def paper_werte(leser: Leser, paper) -> tuple[dict, str]:
    """(fields of the decision, Vorlage number) of one Paper; raises OParlFehler."""
    paper = leser.objekt(paper)
    if not isinstance(paper, dict):
        raise OParlFehler("", _("Ein Eintrag der Liste ist kein OParl-Objekt."))
    oparl_id = paper.get("id")
    wo = f"Paper {oparl_id or '–'}"
    if _typ(paper) != "Paper":
        raise OParlFehler(
            wo, _("erwartet wird type …/Paper, nicht %(typ)r.") % {"typ": paper.get("type")}
        )
    try:
        _url_pruefen(oparl_id)
    except ValidationError:
        raise OParlFehler(wo, _("„id“ ist keine Adresse.")) from None
    nummer = _text(paper, "reference", wo, 30)
    werte = {
        "oparl_id": oparl_id,
        "titel": _text(paper, "name", wo)[:300],
        "ris_url": _text(paper, "web", wo),
        "oparl_geaendert": _zeitpunkt(paper.get("modified"), wo),
    }
    if werte["ris_url"]:
        try:
            _url_pruefen(werte["ris_url"])
        except ValidationError:
            raise OParlFehler(wo, _("„web“ ist keine Adresse.")) from None
    if nummer:
        werte["vorlagennummer"] = nummer
    beratungen = paper.get("consultation") or []
    if not isinstance(beratungen, list):
        raise OParlFehler(wo, _("„consultation“ ist keine Liste."))
    entscheidend = None
    for beratung in beratungen:
        beratung = leser.objekt(beratung)
        if not isinstance(beratung, dict):
            continue  # a consultation a saved file does not contain: not known
        if _typ(beratung) != "Consultation":
            raise OParlFehler(wo, _("ein Eintrag von „consultation“ ist keine Consultation."))
        if beratung.get("authoritative") is True:
            entscheidend = beratung
    if entscheidend is not None:
        sitzung = leser.objekt(entscheidend.get("meeting"))
        if isinstance(sitzung, dict):
            werte["datum"] = _datum(sitzung.get("start"), f"Meeting {sitzung.get('id')}", "start")
        organisation = leser.objekt(_erstes(entscheidend.get("organization")))
        if organisation is None and isinstance(sitzung, dict):
            organisation = leser.objekt(_erstes(sitzung.get("organization")))
        if isinstance(organisation, dict):
            werte["gremium_name"] = _text(organisation, "name", wo, 200)
            werte["gremium"] = gremium_art(organisation)
        top = leser.objekt(entscheidend.get("agendaItem"))
        if isinstance(top, dict):
            werte["tenor"] = _text(top, "resolutionText", wo)
    return {k: v for k, v in werte.items() if v not in (None, "")}, nummer


@transaction.atomic
def oparl_importieren(
    *,
    quelle: str,
    trocken: bool = False,
    nur_bekannte: bool = False,
    nachbardateien: bool = True,
) -> Importergebnis:
    """Imports or updates decisions from ``quelle`` (URL or file path); see the module text.
    ``nachbardateien``: a saved file may point to further pages in its folder (not for an
    uploaded file). Raises OParlFehler before anything is written."""
    leser = Leser(quelle, nachbardateien=nachbardateien)
    eintraege = []
    for paper in leser.papers():
        werte, nummer = paper_werte(leser, paper)
        if paper_geloescht(leser, paper):
            eintraege.append((None, nummer, werte["oparl_id"], _("in OParl als gelöscht markiert")))
        else:
            eintraege.append((werte, nummer, werte["oparl_id"], ""))
    ergebnis = Importergebnis(trocken=trocken)
    for werte, nummer, oparl_id, hinweis in eintraege:
        if werte is None:
            ergebnis.vorgaenge.append(Vorgang(nummer, oparl_id, "uebersprungen", hinweis=hinweis))
            continue
        bekannt = Ratsbeschluss.objects.filter(oparl_id=oparl_id).exists() or (
            nummer and Ratsbeschluss.objects.filter(vorlagennummer=nummer).exists()
        )
        if not bekannt and (nur_bekannte or not nummer):
            grund = (
                _("nicht im Register") if nur_bekannte else _("ohne Vorlagennummer („reference“)")
            )
            ergebnis.vorgaenge.append(Vorgang(nummer, oparl_id, "uebersprungen", hinweis=grund))
            continue
        try:
            beschluss, aktion, felder = beschluss_aus_quelle_uebernehmen(
                schluessel={"oparl_id": oparl_id, "vorlagennummer": nummer},
                werte=werte,
                neu_werte={"veroeffentlicht": False},
                grund=GRUND,
            )
        except ValidationError as fehler:
            transaction.set_rollback(True)
            meldungen = "; ".join(f"{k}: {' '.join(v)}" for k, v in fehler.message_dict.items())
            raise OParlFehler(f"Paper {oparl_id}", meldungen) from None
        ergebnis.vorgaenge.append(Vorgang(beschluss.vorlagennummer, oparl_id, aktion, felder))
    if trocken:
        transaction.set_rollback(True)
    return ergebnis


def paper_geloescht(leser: Leser, paper) -> bool:
    paper = leser.objekt(paper)
    return isinstance(paper, dict) and paper.get("deleted") is True


def quelle_pruefen(quelle: str) -> str:
    """A URL (http/https) or an existing file; raises OParlFehler otherwise."""
    quelle = (quelle or "").strip()
    if ist_url(quelle):
        try:
            _url_pruefen(quelle)
        except ValidationError:
            raise OParlFehler(quelle, _("keine gültige Adresse.")) from None
        if not urlsplit(quelle).netloc:
            raise OParlFehler(quelle, _("keine gültige Adresse."))
        return quelle
    if not quelle:
        raise OParlFehler("", _("Bitte eine Adresse (http/https) oder eine Datei angeben."))
    if not Path(quelle).is_file():
        raise OParlFehler(quelle, _("keine Datei und keine Adresse (http/https)."))
    return quelle
