"""The public change log (Änderungsprotokoll), derived from the audit history.

``protokoll_nachtragen()`` reads the history entries that are new since its last run
(``Protokollstand``: the last history id per table), compares each with the entry before it
and keeps one ``Aenderung`` per public field that changed. Only fields with public meaning
(goal texts of the Zielsystem; a project's title, goal, phase, Kompetenz, Schwerpunkte and
what it merged into; an indicator's target) and only changes made while the project was
published; never who changed it (``history_user`` is not read), only the responsible
organisation. A reason comes from the history entry (``history_change_reason``, set by the
services, e.g. the approved report that moved a phase) or is added later by the Referat
(``aenderung_begruenden``).

It runs after every successful write in the back office (``BackofficeSite.admin_view``) and
by the command ``aenderungsprotokoll_aktualisieren``; reading pages never writes. Each table
is read in blocks with two queries per block, so a first run over a long history stays cheap.
"""

from dataclasses import dataclass, field
from itertools import batched

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bochum_strategie.lib.seitencache import datenstand_erhoehen

from . import rules
from .exporte.formate import zahl_de
from .models import Aenderung, Kennzahl, Kernaktivitaet, Phase, Protokollstand

BLOCK = 1000
STADT = getattr(settings, "OPENDATA_HERAUSGEBER", "Stadt Bochum")


@dataclass(frozen=True)
class Quelle:
    """One audit-history table and the public fields the change log reads from it."""

    schluessel: str  # Protokollstand.quelle
    modell: str  # "app_label.Model" of the tracked model
    art: str  # Aenderung.Art
    felder: dict[str, object]  # field -> label (lazy)
    m2m: dict[str, tuple[str, object]] = field(default_factory=dict)  # field -> (title path, label)
    nur_veroeffentlicht: bool = False  # compare only entries made while the project was public

    def history_model(self):
        return apps.get_model(self.modell).history.model


QUELLEN = [
    Quelle(
        "zielsystem.kompetenz",
        "zielsystem.Kompetenz",
        Aenderung.Art.KOMPETENZ,
        {"titel": gettext_lazy("Titel"), "bild_2030": gettext_lazy("Das Bild im Jahr 2030")},
    ),
    Quelle(
        "zielsystem.strategischesziel",
        "zielsystem.StrategischesZiel",
        Aenderung.Art.STRATEGISCHES_ZIEL,
        {"text": gettext_lazy("Zieltext")},
    ),
    Quelle(
        "zielsystem.schwerpunkt",
        "zielsystem.Schwerpunkt",
        Aenderung.Art.SCHWERPUNKT,
        {"titel": gettext_lazy("Titel")},
    ),
    Quelle(
        "zielsystem.programmatischesziel",
        "zielsystem.ProgrammatischesZiel",
        Aenderung.Art.PROGRAMMATISCHES_ZIEL,
        {"text": gettext_lazy("Zieltext")},
    ),
    Quelle(
        "kernaktivitaeten.kernaktivitaet",
        "kernaktivitaeten.Kernaktivitaet",
        Aenderung.Art.KERNAKTIVITAET,
        {
            "titel": gettext_lazy("Titel"),
            "projektziel": gettext_lazy("Projektziel"),
            "phase": gettext_lazy("Phase"),
            "kompetenz_id": gettext_lazy("Kompetenz"),
            "aufgegangen_in_id": gettext_lazy("Aufgegangen in"),
            "aufgegangen_in_text": gettext_lazy("Aufgegangen in (anderes Vorhaben)"),
        },
        m2m={"schwerpunkte": ("schwerpunkt__titel", gettext_lazy("Schwerpunkte"))},
        nur_veroeffentlicht=True,
    ),
    Quelle(
        "kernaktivitaeten.kennzahl",
        "kernaktivitaeten.Kennzahl",
        Aenderung.Art.KENNZAHL,
        {"zielwert": gettext_lazy("Zielwert"), "zieldatum": gettext_lazy("Zieldatum")},
    ),
]


def feld_bezeichnung(aenderung: Aenderung) -> str:
    """The changed field's label in the current language (stored: German, at the time)."""
    for quelle in QUELLEN:
        if quelle.art == aenderung.art:
            label = quelle.felder.get(aenderung.feld) or quelle.m2m.get(aenderung.feld, (0, ""))[1]
            return str(label) if label else aenderung.feld_name
    return aenderung.feld_name


def protokoll_nachtragen() -> int:
    """Adds the changes of public meaning that the audit history gained since the last run.
    Returns how many entries were added."""
    staende = dict(Protokollstand.objects.values_list("quelle", "letzte_id"))
    neu = 0
    with translation.override(settings.LANGUAGE_CODE):
        for quelle in QUELLEN:
            neu += _quelle_nachtragen(quelle, staende.get(quelle.schluessel, 0))
    if neu:
        transaction.on_commit(datenstand_erhoehen)
    return neu


def startversionen_anlegen() -> int:
    """Records a starting version in the audit history for every object of the change log's
    tables that has none (loaded from fixtures, which bypass the history): without it, the
    first real change of such an object would have no "before". Returns how many."""
    anzahl = 0
    for quelle in QUELLEN:
        modell = apps.get_model(quelle.modell)
        history = quelle.history_model()
        ohne = list(modell.objects.exclude(pk__in=history.objects.values("id")).order_by("pk"))
        for block in batched(ohne, BLOCK):
            eintraege = modell.history.bulk_history_create(
                list(block), default_change_reason="", batch_size=BLOCK
            )
            anzahl += len(block)
            for feld in quelle.m2m:
                through = apps.get_model(history._meta.app_label, f"{history.__name__}_{feld}")
                verbindung = getattr(modell, feld).through
                eigen = modell._meta.model_name  # e.g. "kernaktivitaet"
                fremd = getattr(modell, feld).field.related_model._meta.model_name
                ids = {e.id: e for e in eintraege}
                through.objects.bulk_create(
                    through(**{eigen + "_id": a, fremd + "_id": b, "history": ids[a]})
                    for a, b in verbindung.objects.filter(**{f"{eigen}_id__in": ids}).values_list(
                        f"{eigen}_id", f"{fremd}_id"
                    )
                )
    return anzahl


def protokoll_grundstand() -> None:
    """After loading the strategy and the real projects: what was loaded is the starting state,
    not a change. Starting versions for objects without history, then the change log's
    position moves to the end of each history table. (``portal_einrichten`` takes up the
    changes made before the load first.)"""
    startversionen_anlegen()
    for quelle in QUELLEN:
        letzte = quelle.history_model().objects.aggregate(m=Max("history_id"))["m"] or 0
        Protokollstand.objects.update_or_create(
            quelle=quelle.schluessel, defaults={"letzte_id": letzte}
        )


def _quelle_nachtragen(quelle: Quelle, letzte_id: int) -> int:
    history = quelle.history_model()
    neue = history.objects.filter(history_id__gt=letzte_id).order_by("history_id")
    anzahl = 0
    for block in batched(neue.iterator(chunk_size=BLOCK), BLOCK):
        with transaction.atomic():
            anzahl += _block_auswerten(quelle, history, list(block))
            Protokollstand.objects.update_or_create(
                quelle=quelle.schluessel, defaults={"letzte_id": block[-1].history_id}
            )
    return anzahl


def _block_auswerten(quelle: Quelle, history, block: list) -> int:
    ids = {eintrag.id for eintrag in block}
    # The entry before this block, per object: one query for their ids, one for the rows.
    vorige_ids = (
        history.objects.filter(id__in=ids, history_id__lt=block[0].history_id)
        .values("id")
        .annotate(letzte=Max("history_id"))
        .values_list("letzte", flat=True)
    )
    vorher = {e.id: e for e in history.objects.filter(history_id__in=list(vorige_ids))}
    m2m = _m2m_werte(quelle, history, [*block, *vorher.values()])
    kontext = _Kontext.laden(quelle, block, [*block, *vorher.values()])
    neue = []
    for eintrag in block:
        vorgaenger = vorher.get(eintrag.id)
        vorher[eintrag.id] = eintrag
        if eintrag.history_type != "~" or vorgaenger is None:
            continue
        if quelle.nur_veroeffentlicht and not (
            vorgaenger.veroeffentlicht and eintrag.veroeffentlicht
        ):
            continue
        objekt = kontext.objekt(eintrag)
        if objekt is None:
            continue  # deleted since, or its project is gone
        unterschiede = [
            (
                feld,
                label,
                kontext.anzeige(feld, getattr(vorgaenger, feld)),
                kontext.anzeige(feld, getattr(eintrag, feld)),
            )
            for feld, label in quelle.felder.items()
            if getattr(vorgaenger, feld) != getattr(eintrag, feld)
        ]
        # Django saves a new object first and its many-to-many rows after: that completes
        # the creation, it is not a change.
        m2m_felder = {} if vorgaenger.history_type == "+" else quelle.m2m
        for feld, (_pfad, label) in m2m_felder.items():
            alt = m2m.get((feld, vorgaenger.history_id), [])
            neu = m2m.get((feld, eintrag.history_id), [])
            if sorted(alt) != sorted(neu):
                unterschiede.append((feld, label, "; ".join(alt), "; ".join(neu)))
        for feld, label, alt, neu in unterschiede:
            neue.append(
                Aenderung(
                    datum=eintrag.history_date,
                    art=quelle.art,
                    objekt_id=eintrag.id,
                    objekt_titel=objekt["titel"][:300],
                    objekt_url=objekt["url"],
                    kernaktivitaet_id=objekt["kernaktivitaet_id"],
                    feld=feld,
                    feld_name=str(label),
                    vorher=alt,
                    nachher=neu,
                    begruendung=(eintrag.history_change_reason or "")[:500],
                    organisation=objekt["organisation"],
                    quelle=quelle.schluessel,
                    history_id=eintrag.history_id,
                )
            )
    Aenderung.objects.bulk_create(neue, ignore_conflicts=True)
    return len(neue)


def _m2m_werte(quelle: Quelle, history, eintraege) -> dict[tuple[str, int], list[str]]:
    werte: dict[tuple[str, int], list[str]] = {}
    for feld, (pfad, _label) in quelle.m2m.items():
        through = apps.get_model(history._meta.app_label, f"{history.__name__}_{feld}")
        for history_id, titel in through.objects.filter(
            history_id__in=[e.history_id for e in eintraege]
        ).values_list("history_id", pfad):
            werte.setdefault((feld, history_id), []).append(titel)
    return werte


class _Kontext:
    """Titles, addresses and organisations for the objects of one block (a few queries)."""

    def __init__(self, quelle, objekte, titel_fremd):
        self.quelle = quelle
        self.objekte = objekte
        self.titel_fremd = titel_fremd

    @classmethod
    def laden(cls, quelle: Quelle, block, alle_eintraege) -> "_Kontext":
        modell = apps.get_model(quelle.modell)
        ids = {e.id for e in block}
        titel_fremd = {}
        if quelle.art == Aenderung.Art.KERNAKTIVITAET:
            objekte = Kernaktivitaet.objects.select_related("organisation").in_bulk(ids)
            kompetenzen = {e.kompetenz_id for e in alle_eintraege} | {None}
            Kompetenz = apps.get_model("zielsystem", "Kompetenz")
            titel_fremd["kompetenz_id"] = dict(
                Kompetenz.objects.filter(pk__in=kompetenzen - {None}).values_list("pk", "titel")
            )
            ziele = {e.aufgegangen_in_id for e in alle_eintraege}
            titel_fremd["aufgegangen_in_id"] = dict(
                Kernaktivitaet.objects.filter(pk__in=ziele - {None}).values_list("pk", "titel")
            )
        elif quelle.art == Aenderung.Art.KENNZAHL:
            objekte = Kennzahl.objects.select_related("kernaktivitaet__organisation").in_bulk(ids)
        elif quelle.art == Aenderung.Art.STRATEGISCHES_ZIEL:
            objekte = modell.objects.select_related("kompetenz").in_bulk(ids)
        elif quelle.art == Aenderung.Art.PROGRAMMATISCHES_ZIEL:
            objekte = modell.objects.select_related("schwerpunkt__kompetenz").in_bulk(ids)
        elif quelle.art == Aenderung.Art.SCHWERPUNKT:
            objekte = modell.objects.select_related("kompetenz").in_bulk(ids)
        else:
            objekte = modell.objects.in_bulk(ids)
        return cls(quelle, objekte, titel_fremd)

    def objekt(self, eintrag) -> dict | None:
        objekt = self.objekte.get(eintrag.id)
        if objekt is None:
            return None
        art = self.quelle.art
        if art == Aenderung.Art.KERNAKTIVITAET:
            return {
                "titel": eintrag.titel,
                "url": objekt.get_permanent_url(),
                "kernaktivitaet_id": objekt.pk,
                "organisation": objekt.organisation.name if objekt.organisation else STADT,
            }
        if art == Aenderung.Art.KENNZAHL:
            projekt = objekt.kernaktivitaet
            return {
                "titel": f"{projekt.titel}: {eintrag.name}",
                "url": projekt.get_permanent_url(),
                "kernaktivitaet_id": projekt.pk,
                "organisation": projekt.organisation.name if projekt.organisation else STADT,
            }
        if art == Aenderung.Art.STRATEGISCHES_ZIEL:
            titel = _("%(kompetenz)s: strategisches Ziel %(nummer)s") % {
                "kompetenz": objekt.kompetenz.titel,
                "nummer": eintrag.reihenfolge,
            }
            url = objekt.kompetenz.get_absolute_url()
        elif art == Aenderung.Art.PROGRAMMATISCHES_ZIEL:
            titel = _("%(schwerpunkt)s: programmatisches Ziel %(nummer)s") % {
                "schwerpunkt": objekt.schwerpunkt.titel,
                "nummer": eintrag.reihenfolge,
            }
            url = objekt.schwerpunkt.get_absolute_url()
        else:
            titel, url = eintrag.titel, objekt.get_absolute_url()
        return {"titel": titel, "url": url, "kernaktivitaet_id": None, "organisation": STADT}

    def anzeige(self, feld: str, wert) -> str:
        if wert is None or wert == "":
            return ""
        if feld in self.titel_fremd:
            return self.titel_fremd[feld].get(wert, "")
        if feld == "phase":
            try:
                return str(Phase(wert).label)
            except ValueError:
                return str(wert)
        if feld == "zielwert":
            return zahl_de(wert)
        if hasattr(wert, "strftime"):
            return wert.strftime("%d.%m.%Y")
        return str(wert)


@transaction.atomic
def aenderung_begruenden(*, aenderung: Aenderung, begruendung: str, user) -> Aenderung:
    """The Referat adds a short public reason to a change that has none yet."""
    if not rules.ist_referat(user):
        raise PermissionDenied(_("Nur das Referat kann Änderungen begründen."))
    aktuell = Aenderung.objects.select_for_update().get(pk=aenderung.pk)
    if aktuell.begruendung:
        raise ValidationError(_("Diese Änderung hat schon eine Begründung."))
    text = " ".join((begruendung or "").split())
    if not text:
        raise ValidationError(_("Bitte geben Sie eine Begründung ein."))
    if len(text) > 500:
        raise ValidationError(_("Die Begründung ist zu lang (höchstens 500 Zeichen)."))
    aktuell.begruendung = text
    aktuell._history_user = user
    aktuell.save()
    transaction.on_commit(datenstand_erhoehen)
    return aktuell
