"""Named writes of the kernaktivitaeten app. The admin, the views, commands and tests call these.

Every function validates, writes atomically and records the acting user in the audit history
(django-simple-history). Permission problems raise ``PermissionDenied``; steps the workflow
does not allow raise ``WorkflowFehler`` with a message for the user.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bochum_strategie.lib.ereignisse import ereignis_melden
from bochum_strategie.lib.html import bereinigen
from bochum_strategie.lib.markdown import markdown_zu_html
from bochum_strategie.lib.seitencache import datenstand_erhoehen

from . import rules
from .models import (
    AlterSlug,
    BerichtKennzahlwert,
    BerichtMeilenstein,
    Berichtsstatus,
    Berichtszeitraum,
    Kennzahl,
    Kernaktivitaet,
    Meilenstein,
    Messwert,
    Statusbericht,
    Synonymgruppe,
    Terminaenderung,
)
from .search import vokabular_vergessen
from .suchindex import suchindex_aktualisieren

# Fields a lead fills in; prefilled from the previous report.
BERICHTSFELDER = [
    "phase",
    "fortschritt",
    "ampel",
    "erreicht",
    "naechste_schritte",
    "risiken",
    "unterstuetzungsbedarf",
]
VORBELEGTE_FELDER = [
    "phase",
    "fortschritt",
    "ampel",
    "naechste_schritte",
    "risiken",
    "unterstuetzungsbedarf",
]


class WorkflowFehler(ValidationError):
    """A step the reporting workflow does not allow (e.g. changing an approved report)."""


class Bearbeitungskonflikt(WorkflowFehler):
    """Someone else saved the same report since this form was opened."""


def _speichern(objekt, user, **kwargs):
    objekt._history_user = user
    objekt.save(**kwargs)


@transaction.atomic
def kernaktivitaet_speichern(
    *, kernaktivitaet: Kernaktivitaet, alter_slug: str | None = None, user=None
):
    """Saves a project: renders and sanitises its description, stamps the change, keeps old
    URLs alive.

    The description is written as Markdown (``beschreibung_markdown``) and shown as the HTML
    rendered from it (``beschreibung``). A project without Markdown source (loaded from a
    fixture or an older import) keeps its HTML, sanitised.

    ``alter_slug`` is the slug before this change; when it differs, the old address is kept
    as a permanent redirect (and a slug taken back is no longer a redirect).
    """
    transaction.on_commit(datenstand_erhoehen)
    phase_vorher = (
        Kernaktivitaet.objects.filter(pk=kernaktivitaet.pk).values_list("phase", flat=True).first()
        if kernaktivitaet.pk
        else None
    )
    if phase_vorher and kernaktivitaet.phase and phase_vorher != kernaktivitaet.phase:
        _phase_melden(kernaktivitaet.pk, phase_vorher, kernaktivitaet.phase)
    if kernaktivitaet.beschreibung_markdown.strip():
        kernaktivitaet.beschreibung = markdown_zu_html(kernaktivitaet.beschreibung_markdown)
    else:
        kernaktivitaet.beschreibung = bereinigen(kernaktivitaet.beschreibung)
    kernaktivitaet.aktualisiert = timezone.now()
    _speichern(kernaktivitaet, user)
    if kernaktivitaet.veroeffentlicht:
        basisplan_festschreiben(kernaktivitaet=kernaktivitaet, user=user)
    if alter_slug and alter_slug != kernaktivitaet.slug:
        AlterSlug.objects.filter(slug=kernaktivitaet.slug).delete()
        AlterSlug.objects.update_or_create(
            slug=alter_slug, defaults={"kernaktivitaet": kernaktivitaet}
        )
    suchindex_aktualisieren(kernaktivitaet_ids=[kernaktivitaet.pk])
    return kernaktivitaet


def statusbericht_vorbelegung(*, kernaktivitaet: Kernaktivitaet) -> dict:
    """Initial values for a new report: the previous report's, else the project's state."""
    vorher = kernaktivitaet.statusberichte.order_by(
        "-berichtszeitraum__ende", "-erstellt_am"
    ).first()
    if vorher:
        return {feld: getattr(vorher, feld) for feld in VORBELEGTE_FELDER}
    return {
        "phase": kernaktivitaet.phase or "vorbereitung",
        "fortschritt": kernaktivitaet.fortschritt or 0,
    }


@dataclass(frozen=True)
class Kennzahlwertzeile:
    """A new indicator value in a report (plain data; the form or a test builds it)."""

    kennzahl_id: int
    datum: date
    wert: Decimal
    quelle: str = ""


@dataclass(frozen=True)
class Meilensteinzeile:
    """A milestone the report says was reached, and when."""

    meilenstein_id: int
    erreicht: date


@dataclass(frozen=True)
class Terminaenderungzeile:
    """A new planned date with its reason: for a milestone, or (``meilenstein_id`` None) for
    the project's end."""

    meilenstein_id: int | None
    geplant: date
    begruendung: str


def basisplan_festschreiben(*, kernaktivitaet: Kernaktivitaet, user=None) -> int:
    """Freezes the planned dates of a project that is public now: every milestone without a
    baseline gets its current plan as ``basisplan``, the project its ``ende_basisplan``.
    A frozen baseline is never changed again. Returns how many dates were frozen."""
    anzahl = 0
    for meilenstein in kernaktivitaet.meilensteine.filter(basisplan__isnull=True):
        meilenstein.basisplan = meilenstein.geplant
        _speichern(meilenstein, user)
        anzahl += 1
    if kernaktivitaet.ende_basisplan is None and kernaktivitaet.ende_geplant is not None:
        Kernaktivitaet.objects.filter(pk=kernaktivitaet.pk).update(
            ende_basisplan=kernaktivitaet.ende_geplant
        )
        kernaktivitaet.ende_basisplan = kernaktivitaet.ende_geplant
        anzahl += 1
    return anzahl


def _termine_pruefen(bericht: Statusbericht, terminaenderungen) -> None:
    """A shift needs a reason, a date that differs from the current plan, and a target of the
    report's own project (an open milestone, or the project's end), once."""
    if not terminaenderungen:
        return
    fehler = []
    ziele = [zeile.meilenstein_id for zeile in terminaenderungen]
    if len(set(ziele)) != len(ziele):
        fehler.append(_("Jeder Termin kann in einem Bericht nur einmal geändert werden."))
    meilensteine = Meilenstein.objects.filter(
        pk__in=[z for z in ziele if z is not None], kernaktivitaet_id=bericht.kernaktivitaet_id
    ).in_bulk()
    projekt = bericht.kernaktivitaet
    for zeile in terminaenderungen:
        if not (zeile.begruendung or "").strip():
            fehler.append(
                _(
                    "Eine Terminänderung braucht eine Begründung; sie wird nach der Freigabe veröffentlicht."
                )
            )
        if zeile.meilenstein_id is None:
            bisher = projekt.ende_geplant
        elif zeile.meilenstein_id not in meilensteine:
            fehler.append(_("Ein Meilenstein gehört nicht zu dieser Kernaktivität."))
            continue
        else:
            meilenstein = meilensteine[zeile.meilenstein_id]
            if meilenstein.erreicht:
                fehler.append(
                    _("Der Meilenstein „%(titel)s“ ist schon erreicht; sein Termin bleibt.")
                    % {"titel": meilenstein.titel}
                )
            bisher = meilenstein.geplant
        if bisher == zeile.geplant:
            fehler.append(
                _("Das neue Datum %(datum)s ist schon das geplante; bitte ein anderes angeben.")
                % {"datum": zeile.geplant.strftime("%d.%m.%Y")}
            )
    if fehler:
        raise WorkflowFehler(list(dict.fromkeys(str(f) for f in fehler)))


def _termine_schreiben(bericht: Statusbericht, terminaenderungen) -> None:
    """Replaces the report's proposed shifts (None: leave them as they are)."""
    if terminaenderungen is None:
        return
    _termine_pruefen(bericht, terminaenderungen)
    Terminaenderung.objects.filter(statusbericht=bericht).delete()
    Terminaenderung.objects.bulk_create(
        Terminaenderung(
            statusbericht=bericht,
            meilenstein_id=zeile.meilenstein_id,
            geplant_neu=zeile.geplant,
            begruendung=zeile.begruendung.strip(),
        )
        for zeile in terminaenderungen
    )


def _zeilen_pruefen(bericht: Statusbericht, kennzahlwerte, meilensteine) -> None:
    """Every child row must belong to the report's own project, once.

    A row of another project would be written into that project on approval, by a Vorstand
    who may not even be responsible for it; so a foreign id is refused, never ignored.
    """
    fehler = []
    kennzahl_ids = [zeile.kennzahl_id for zeile in kennzahlwerte or []]
    meilenstein_ids = [zeile.meilenstein_id for zeile in meilensteine or []]
    if len(set(kennzahl_ids)) != len(kennzahl_ids):
        fehler.append(_("Jede Kennzahl kann in einem Bericht nur einmal vorkommen."))
    if len(set(meilenstein_ids)) != len(meilenstein_ids):
        fehler.append(_("Jeder Meilenstein kann in einem Bericht nur einmal vorkommen."))
    eigene_kennzahlen = set(
        Kennzahl.objects.filter(
            pk__in=kennzahl_ids, kernaktivitaet_id=bericht.kernaktivitaet_id
        ).values_list("pk", flat=True)
    )
    eigene_meilensteine = set(
        Meilenstein.objects.filter(
            pk__in=meilenstein_ids, kernaktivitaet_id=bericht.kernaktivitaet_id
        ).values_list("pk", flat=True)
    )
    if set(kennzahl_ids) - eigene_kennzahlen:
        fehler.append(_("Eine Kennzahl gehört nicht zu dieser Kernaktivität."))
    if set(meilenstein_ids) - eigene_meilensteine:
        fehler.append(_("Ein Meilenstein gehört nicht zu dieser Kernaktivität."))
    if fehler:
        raise WorkflowFehler(fehler)


def _zeilen_schreiben(bericht: Statusbericht, kennzahlwerte, meilensteine) -> None:
    """Replaces the report's child rows with the given ones (None: leave them as they are)."""
    _zeilen_pruefen(bericht, kennzahlwerte, meilensteine)
    if kennzahlwerte is not None:
        BerichtKennzahlwert.objects.filter(statusbericht=bericht).exclude(
            kennzahl_id__in=[zeile.kennzahl_id for zeile in kennzahlwerte]
        ).delete()
        for zeile in kennzahlwerte:
            BerichtKennzahlwert.objects.update_or_create(
                statusbericht=bericht,
                kennzahl_id=zeile.kennzahl_id,
                defaults={"datum": zeile.datum, "wert": zeile.wert, "quelle": zeile.quelle},
            )
    if meilensteine is not None:
        BerichtMeilenstein.objects.filter(statusbericht=bericht).exclude(
            meilenstein_id__in=[zeile.meilenstein_id for zeile in meilensteine]
        ).delete()
        for zeile in meilensteine:
            BerichtMeilenstein.objects.update_or_create(
                statusbericht=bericht,
                meilenstein_id=zeile.meilenstein_id,
                defaults={"erreicht": zeile.erreicht},
            )


@transaction.atomic
def statusbericht_anlegen(
    *,
    kernaktivitaet: Kernaktivitaet,
    berichtszeitraum: Berichtszeitraum,
    user,
    daten: dict,
    kennzahlwerte: list[Kennzahlwertzeile] | None = None,
    meilensteine: list[Meilensteinzeile] | None = None,
    terminaenderungen: list[Terminaenderungzeile] | None = None,
) -> Statusbericht:
    """Creates a draft report with its child rows (lead only, open periods only).

    ``terminaenderungen``: new planned dates with their reasons; they take effect when the
    report is approved."""
    if not rules.darf_bericht_schreiben(user, kernaktivitaet):
        raise PermissionDenied(_("Nur die Projektleitung kann für dieses Projekt berichten."))
    if not berichtszeitraum.offen:
        raise WorkflowFehler(
            _("Für diesen Berichtszeitraum werden keine Berichte mehr angenommen.")
        )
    offen = Statusbericht.objects.filter(
        kernaktivitaet=kernaktivitaet, berichtszeitraum=berichtszeitraum
    ).exclude(status=Berichtsstatus.FREIGEGEBEN)
    if offen.exists():
        raise WorkflowFehler(
            _("Für dieses Projekt gibt es in diesem Zeitraum schon einen Bericht in Bearbeitung.")
        )
    bericht = Statusbericht(
        kernaktivitaet=kernaktivitaet, berichtszeitraum=berichtszeitraum, erstellt_von=user
    )
    for feld in BERICHTSFELDER:
        if feld in daten:
            setattr(bericht, feld, daten[feld])
    bericht.full_clean(exclude=["erstellt_von"])
    _zeilen_pruefen(bericht, kennzahlwerte, meilensteine)
    _termine_pruefen(bericht, terminaenderungen)
    _speichern(bericht, user)
    _zeilen_schreiben(bericht, kennzahlwerte, meilensteine)
    _termine_schreiben(bericht, terminaenderungen)
    return bericht


def _gesperrt(bericht) -> Statusbericht:
    return (
        Statusbericht.objects.select_for_update()
        .select_related("kernaktivitaet", "berichtszeitraum")
        .get(pk=bericht.pk)
    )


def _bearbeitbar_pruefen(user, bericht):
    if not bericht.bearbeitbar:
        raise WorkflowFehler(
            _(
                "Dieser Bericht ist %(status)s und kann nicht mehr geändert werden. Eine Korrektur ist ein neuer Bericht."
            )
            % {"status": bericht.get_status_display()}
        )
    if not rules.darf_bericht_bearbeiten(user, bericht):
        raise PermissionDenied(_("Nur die Projektleitung kann diesen Bericht bearbeiten."))


def _version_pruefen(bericht: Statusbericht, version: int | None) -> None:
    """Refuses when someone else saved the report since ``version`` was read (None: no check)."""
    if version is None or bericht.version == version:
        return
    letzter = bericht.history.first()
    wer = getattr(letzter.history_user, "get_full_name", lambda: "")() or getattr(
        letzter.history_user, "username", _("jemand anderes")
    )
    raise Bearbeitungskonflikt(
        _(
            "Dieser Bericht wurde inzwischen von %(wer)s geändert. Ihre Änderungen wurden nicht "
            "gespeichert, damit nichts überschrieben wird. Bitte laden Sie den Bericht neu und "
            "übertragen Sie Ihre Änderungen."
        )
        % {"wer": wer}
    )


@transaction.atomic
def statusbericht_speichern(
    *,
    bericht: Statusbericht,
    user,
    daten: dict,
    version: int,
    kennzahlwerte: list[Kennzahlwertzeile] | None = None,
    meilensteine: list[Meilensteinzeile] | None = None,
    terminaenderungen: list[Terminaenderungzeile] | None = None,
) -> Statusbericht:
    """Saves a draft and its child rows under one lock. Refuses when someone else saved
    since ``version`` was read."""
    aktuell = _gesperrt(bericht)
    _bearbeitbar_pruefen(user, aktuell)
    _version_pruefen(aktuell, version)
    for feld in BERICHTSFELDER:
        if feld in daten:
            setattr(aktuell, feld, daten[feld])
    aktuell.full_clean(exclude=["erstellt_von"])
    _zeilen_schreiben(aktuell, kennzahlwerte, meilensteine)
    _termine_schreiben(aktuell, terminaenderungen)
    aktuell.version += 1
    _speichern(aktuell, user)
    return aktuell


@transaction.atomic
def statusbericht_einreichen(
    *, bericht: Statusbericht, user, version: int | None = None
) -> Statusbericht:
    """The lead submits the report to the Vorstand of the project's Kompetenz.

    ``version``, when given, is the version the lead last saw: a report changed since then is
    not submitted unseen.
    """
    aktuell = _gesperrt(bericht)
    _bearbeitbar_pruefen(user, aktuell)
    _version_pruefen(aktuell, version)
    if not aktuell.erreicht.strip():
        # A draft may be saved without its public text; a submitted report has one.
        raise WorkflowFehler(
            _("Bitte füllen Sie „Was wurde erreicht?“ aus, bevor Sie den Bericht einreichen."),
            code="pflicht_beim_einreichen",
        )
    aktuell.status = Berichtsstatus.EINGEREICHT
    aktuell.eingereicht_von = user
    aktuell.eingereicht_am = timezone.now()
    aktuell.version += 1
    _speichern(aktuell, user)
    from .tasks import bericht_eingereicht_melden

    transaction.on_commit(lambda: bericht_eingereicht_melden.enqueue(aktuell.pk))
    return aktuell


def _pruefung_pruefen(user, bericht):
    if bericht.status != Berichtsstatus.EINGEREICHT:
        raise WorkflowFehler(
            _("Nur eingereichte Berichte können geprüft werden; dieser ist %(status)s.")
            % {"status": bericht.get_status_display()}
        )
    if not rules.darf_bericht_pruefen(user, bericht):
        raise PermissionDenied(
            _("Nur der zuständige Vorstand oder das Referat kann diesen Bericht prüfen.")
        )


@transaction.atomic
def statusbericht_freigeben(
    *, bericht: Statusbericht, user, kommentar: str = "", version: int | None = None
) -> Statusbericht:
    """Approves and publishes: the project follows its newest approved report.

    The report's indicator values and milestones are written into its own project only; a
    report that carries a row of another project (stored before rows were checked) is
    refused, so that approving never changes a project the reviewer is not responsible for.
    """
    aktuell = _gesperrt(bericht)
    _pruefung_pruefen(user, aktuell)
    _version_pruefen(aktuell, version)
    _zeilen_pruefen(
        aktuell,
        [
            Kennzahlwertzeile(kennzahl_id=k, datum=d, wert=w)
            for k, d, w in aktuell.kennzahlwerte.values_list("kennzahl_id", "datum", "wert")
        ],
        [
            Meilensteinzeile(meilenstein_id=m, erreicht=e)
            for m, e in aktuell.meilensteine.values_list("meilenstein_id", "erreicht")
        ],
    )
    _termine_pruefen(
        aktuell,
        [
            Terminaenderungzeile(meilenstein_id=m, geplant=g, begruendung=b)
            for m, g, b in aktuell.terminaenderungen.values_list(
                "meilenstein_id", "geplant_neu", "begruendung"
            )
        ],
    )
    aktuell.status = Berichtsstatus.FREIGEGEBEN
    aktuell.geprueft_von = user
    aktuell.geprueft_am = timezone.now()
    aktuell.pruefkommentar = kommentar
    aktuell.version += 1
    _speichern(aktuell, user)
    _veroeffentlichen(aktuell, user)
    transaction.on_commit(datenstand_erhoehen)
    # Followers are told by the worker after the commit (benachrichtigungen, ADR 0008).
    ereignis_melden(
        "bericht_freigegeben", kernaktivitaet_id=aktuell.kernaktivitaet_id, objekt_id=aktuell.pk
    )
    return aktuell


def _phase_melden(kernaktivitaet_id: int, vorher: str, nachher: str) -> None:
    ereignis_melden(
        "phase_geaendert",
        kernaktivitaet_id=kernaktivitaet_id,
        daten={"vorher": vorher, "nachher": nachher},
    )


def meilensteine_stand(*, kernaktivitaet: Kernaktivitaet) -> dict[int, tuple]:
    """The project's milestones as {id: (planned, reached)}, to compare after an edit."""
    return {
        pk: (geplant, erreicht)
        for pk, geplant, erreicht in Meilenstein.objects.filter(
            kernaktivitaet=kernaktivitaet
        ).values_list("pk", "geplant", "erreicht")
    }


def meilenstein_aenderungen_melden(*, kernaktivitaet: Kernaktivitaet, vorher: dict) -> None:
    """Reports milestones reached or shifted since ``vorher`` (from ``meilensteine_stand``)
    to the followers of the project; the back office calls it after saving the milestones."""
    for pk, (geplant, erreicht) in meilensteine_stand(kernaktivitaet=kernaktivitaet).items():
        if pk not in vorher:
            continue
        geplant_vorher, erreicht_vorher = vorher[pk]
        if erreicht and not erreicht_vorher:
            ereignis_melden(
                "meilenstein_erreicht", kernaktivitaet_id=kernaktivitaet.pk, objekt_id=pk
            )
        elif geplant != geplant_vorher and not erreicht:
            ereignis_melden(
                "meilenstein_verschoben",
                kernaktivitaet_id=kernaktivitaet.pk,
                objekt_id=pk,
                daten={"vorher": geplant_vorher.isoformat(), "nachher": geplant.isoformat()},
            )


def _veroeffentlichen(bericht: Statusbericht, user):
    projekt = Kernaktivitaet.objects.select_for_update().get(pk=bericht.kernaktivitaet_id)
    # The plan as it was public until now is the baseline; the shifts below are measured
    # against it, each with its reason.
    basisplan_festschreiben(kernaktivitaet=projekt, user=user)
    grund = _("Freigegebener Statusbericht „%(zeitraum)s“") % {"zeitraum": bericht.berichtszeitraum}
    neuester = projekt.statusberichte.freigegeben().neueste_zuerst().first()
    if neuester.pk == bericht.pk:
        if projekt.phase and bericht.phase and projekt.phase != bericht.phase:
            _phase_melden(projekt.pk, projekt.phase, bericht.phase)
        projekt.phase = bericht.phase
        projekt.fortschritt = bericht.fortschritt
    for aenderung in bericht.terminaenderungen.select_related("meilenstein"):
        ziel = aenderung.meilenstein or projekt
        feld = "geplant" if aenderung.meilenstein_id else "ende_geplant"
        aenderung.geplant_alt = getattr(ziel, feld)
        aenderung.save(update_fields=["geplant_alt"])
        setattr(ziel, feld, aenderung.geplant_neu)
        if aenderung.meilenstein_id:
            ziel._change_reason = aenderung.begruendung
            _speichern(ziel, user)
            if aenderung.geplant_alt and aenderung.geplant_alt != aenderung.geplant_neu:
                ereignis_melden(
                    "meilenstein_verschoben",
                    kernaktivitaet_id=projekt.pk,
                    objekt_id=aenderung.meilenstein_id,
                    daten={
                        "vorher": aenderung.geplant_alt.isoformat(),
                        "nachher": aenderung.geplant_neu.isoformat(),
                    },
                )
    projekt.aktualisiert = timezone.now()
    projekt._change_reason = grund
    _speichern(projekt, user)
    suchindex_aktualisieren(kernaktivitaet_ids=[projekt.pk])  # the report's public text
    for eintrag in BerichtKennzahlwert.objects.filter(statusbericht=bericht).select_related(
        "kennzahl"
    ):
        messwert = Messwert.objects.filter(kennzahl=eintrag.kennzahl, datum=eintrag.datum).first()
        messwert = messwert or Messwert(kennzahl=eintrag.kennzahl, datum=eintrag.datum)
        messwert.wert = eintrag.wert
        messwert.quelle = eintrag.quelle or _("Statusbericht %(zeitraum)s") % {
            "zeitraum": bericht.berichtszeitraum
        }
        _speichern(messwert, user)
    for eintrag in BerichtMeilenstein.objects.filter(statusbericht=bericht).select_related(
        "meilenstein"
    ):
        if eintrag.erreicht and not eintrag.meilenstein.erreicht:
            ereignis_melden(
                "meilenstein_erreicht",
                kernaktivitaet_id=projekt.pk,
                objekt_id=eintrag.meilenstein_id,
            )
        eintrag.meilenstein.erreicht = eintrag.erreicht
        _speichern(eintrag.meilenstein, user)


@transaction.atomic
def statusbericht_zurueckgeben(
    *, bericht: Statusbericht, user, kommentar: str, version: int | None = None
) -> Statusbericht:
    """Returns the report to the lead with a comment saying what to change."""
    if not (kommentar or "").strip():
        raise WorkflowFehler(_("Bitte schreiben Sie dazu, was geändert werden soll."))
    aktuell = _gesperrt(bericht)
    _pruefung_pruefen(user, aktuell)
    _version_pruefen(aktuell, version)
    aktuell.status = Berichtsstatus.ZURUECKGEGEBEN
    aktuell.geprueft_von = user
    aktuell.geprueft_am = timezone.now()
    aktuell.pruefkommentar = kommentar.strip()
    aktuell.version += 1
    _speichern(aktuell, user)
    from .tasks import bericht_zurueckgegeben_melden

    transaction.on_commit(lambda: bericht_zurueckgegeben_melden.enqueue(aktuell.pk))
    return aktuell


@transaction.atomic
def synonymgruppe_speichern(*, gruppe: Synonymgruppe, user=None) -> Synonymgruppe:
    """Saves a group of synonyms (the Referat keeps them in the back office), recorded in the
    audit history; searches use it from the next request on (the page cache is renewed)."""
    gruppe.full_clean()
    transaction.on_commit(datenstand_erhoehen)
    gruppe.aktualisiert = timezone.now()
    _speichern(gruppe, user)
    vokabular_vergessen()
    return gruppe


@transaction.atomic
def synonymgruppe_loeschen(*, gruppe: Synonymgruppe, user=None) -> None:
    """Deletes a group of synonyms; the audit history keeps who deleted it."""
    transaction.on_commit(datenstand_erhoehen)
    gruppe._history_user = user
    gruppe.delete()
    vokabular_vergessen()
