"""Export jobs: large back-office exports built by the task queue's worker (ADR 0013).

An export of more than ``settings.EXPORT_HINTERGRUND_AB`` projects is not built in the web
request: ``exportauftrag_anlegen`` saves the selection as plain values and queues
``tasks.exportauftrag_ausfuehren``; the worker writes the file to a temporary name, reports
the projects done (the progress page reads them), moves the complete file into
``STORAGES["exporte"]`` in one step and queues the mail. A failure is kept as a German
sentence for the user (the traceback goes to the log); the user can start the job again.

A job whose worker died (SIGKILL, power cut) stays "läuft" without a sign of life: the hourly
``benachrichtigungen_pflegen`` queues its task again (the same mechanism as for mail tasks of
``kernaktivitaeten.tasks``), and the task starts the job afresh when its last sign of life is
older than ``VERWAIST_NACH``. Finished files are deleted after
``settings.EXPORT_AUFBEWAHRUNG_TAGE`` days (``exporte_aufraeumen``).
"""

import logging
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bochum_strategie.lib.dateicache import datei_ablegen, entwurf_ordner

from ..models import Berichtszeitraum, Exportart, Exportauftrag, Exportstatus
from .ausgabe import FORMATE, fortschrittsbericht_schreiben
from .fortschritt import Auswahl, Zugriff
from .pdf import fortschrittsbericht_pdf_schreiben
from .sicherheit import dateiname

logger = logging.getLogger(__name__)

# A running job without a sign of life for this long has lost its worker (a part of the PDF
# takes well under a minute; docs/performance.md).
VERWAIST_NACH = timedelta(minutes=10)
# Progress of the table formats is written every this many projects.
MELDEN_JE = 100


class Exportfehler(Exception):
    """A failure the user can understand: the message is shown as it is (German)."""


def ablage() -> Storage:
    return storages["exporte"]


def hintergrund(anzahl: int) -> bool:
    """Whether an export of ``anzahl`` projects runs as a job."""
    return anzahl > settings.EXPORT_HINTERGRUND_AB


# Creating and restarting ----------------------------------------------------------------------


def _dateiname(*, art: str, format: str, zusatz: str, zeitpunkt) -> str:
    return dateiname(art, FORMATE[format].endung, zusatz=zusatz, zeitpunkt=zeitpunkt)


def _einreihen(auftrag: Exportauftrag) -> None:
    from ..tasks import exportauftrag_ausfuehren

    pk, lauf = auftrag.pk, auftrag.lauf
    transaction.on_commit(lambda: exportauftrag_ausfuehren.enqueue(pk, lauf))


@transaction.atomic
def exportauftrag_anlegen(
    *, user, art: str, format: str, parameter: dict, beschreibung: str, zusatz: str = ""
) -> Exportauftrag:
    """Saves a job for ``user`` and queues it. ``parameter``: the selection as plain values
    (``Fortschrittsbericht``: kompetenz slug, zeitraum id, phase; ``Berichtsstand``: zeitraum,
    kompetenz ids and stand); ``zusatz`` goes into the file name (e.g. the Kompetenz)."""
    if format not in FORMATE:
        raise ValueError(f"Unbekanntes Format: {format}")
    jetzt = timezone.now()
    auftrag = Exportauftrag.objects.create(
        art=art,
        format=format,
        parameter=parameter,
        beschreibung=beschreibung[:300],
        angefordert_von=user,
        angelegt_am=jetzt,
        dateiname=_dateiname(art=art, format=format, zusatz=zusatz, zeitpunkt=jetzt),
    )
    _einreihen(auftrag)
    return auftrag


@transaction.atomic
def exportauftrag_neu_starten(*, auftrag: Exportauftrag) -> Exportauftrag:
    """Queues a failed job (or one that waits or runs without a sign of life) once more,
    from the start. A task of the earlier run finds another ``lauf`` and does nothing."""
    auftrag = Exportauftrag.objects.select_for_update().get(pk=auftrag.pk)
    if not _neu_startbar(auftrag):
        raise Exportfehler(_("Dieser Export läuft noch oder ist fertig."))
    auftrag.lauf += 1
    auftrag.status = Exportstatus.WARTEND
    auftrag.erledigt = 0
    auftrag.fehlermeldung = ""
    auftrag.gestartet_am = auftrag.lebenszeichen_am = auftrag.fertig_am = None
    auftrag.angelegt_am = timezone.now()
    auftrag.save()
    _einreihen(auftrag)
    return auftrag


def _neu_startbar(auftrag: Exportauftrag, *, jetzt=None) -> bool:
    if auftrag.status == Exportstatus.FEHLGESCHLAGEN:
        return True
    if auftrag.status == Exportstatus.LAEUFT:
        return _verwaist(auftrag, jetzt=jetzt)
    return False


def _verwaist(auftrag: Exportauftrag, *, jetzt=None) -> bool:
    leben = auftrag.lebenszeichen_am or auftrag.gestartet_am
    return leben is None or leben < (jetzt or timezone.now()) - VERWAIST_NACH


def neu_startbar(auftrag: Exportauftrag) -> bool:
    """Whether the progress page offers "Erneut starten"."""
    return _neu_startbar(auftrag)


# Running --------------------------------------------------------------------------------------


def _uebernehmen(*, auftrag_id: int, lauf: int) -> Exportauftrag | None:
    """Marks the job as running in this worker; None when there is nothing to do (deleted,
    restarted meanwhile, finished, or running in a worker that is alive)."""
    with transaction.atomic():
        auftrag = Exportauftrag.objects.select_for_update().filter(pk=auftrag_id).first()
        if auftrag is None or auftrag.lauf != lauf:
            return None
        if auftrag.status == Exportstatus.LAEUFT and not _verwaist(auftrag):
            return None
        if auftrag.status not in (Exportstatus.WARTEND, Exportstatus.LAEUFT):
            return None
        jetzt = timezone.now()
        auftrag.status = Exportstatus.LAEUFT
        auftrag.gestartet_am = auftrag.lebenszeichen_am = jetzt
        auftrag.erledigt = 0
        auftrag.save(update_fields=["status", "gestartet_am", "lebenszeichen_am", "erledigt"])
        return auftrag


@dataclass
class _Fortschritt:
    auftrag: Exportauftrag

    def __call__(self, erledigt: int, gesamt: int | None = None) -> None:
        werte = {"erledigt": erledigt, "lebenszeichen_am": timezone.now()}
        if gesamt is not None:
            werte["gesamt"] = gesamt
        Exportauftrag.objects.filter(pk=self.auftrag.pk, lauf=self.auftrag.lauf).update(**werte)


@dataclass
class _GezaehlteAuswahl(Auswahl):
    """The selection, reporting every ``MELDEN_JE`` rows read (Excel, CSV, JSON)."""

    melden: _Fortschritt | None = None

    def zeilen(self):
        nummer = 0
        for nummer, zeile in enumerate(super().zeilen(), start=1):
            if self.melden and nummer % MELDEN_JE == 0:
                self.melden(nummer)
            yield zeile
        if self.melden:
            self.melden(nummer)


def _nutzer(auftrag: Exportauftrag):
    user = get_user_model().objects.filter(pk=auftrag.angefordert_von_id, is_active=True).first()
    if user is None:
        raise Exportfehler(_("Das Benutzerkonto, das den Export angefordert hat, ist nicht aktiv."))
    return user


def _zeitraum(pk):
    if pk is None:
        return None
    zeitraum = Berichtszeitraum.objects.filter(pk=pk).first()
    if zeitraum is None:
        raise Exportfehler(_("Den gewählten Berichtszeitraum gibt es nicht mehr."))
    return zeitraum


def _fortschrittsbericht(auftrag, user, datei, melden) -> None:
    from zielsystem.models import Kompetenz

    zugriff = Zugriff.fuer(user)
    if zugriff is None:
        raise Exportfehler(_("Sie dürfen den Fortschrittsbericht nicht mehr exportieren."))
    parameter = auftrag.parameter
    kompetenz = None
    if parameter.get("kompetenz"):
        kompetenz = Kompetenz.objects.filter(slug=parameter["kompetenz"]).first()
        if kompetenz is None:
            raise Exportfehler(_("Die gewählte Kompetenz gibt es nicht mehr."))
    try:
        auswahl = _GezaehlteAuswahl(
            zugriff=zugriff,
            kompetenz=kompetenz,
            zeitraum=_zeitraum(parameter.get("zeitraum")),
            phase=parameter.get("phase") or "",
            melden=None if auftrag.format == "pdf" else melden,
        )
    except PermissionDenied:
        raise Exportfehler(_("Diese Kompetenz dürfen Sie nicht mehr exportieren.")) from None
    melden(0, auswahl.projekte().count())
    if auftrag.format == "pdf":
        fortschrittsbericht_pdf_schreiben(auswahl, datei, fortschritt=melden)
    else:
        fortschrittsbericht_schreiben(auswahl, auftrag.format, datei)


def _berichtsstand(auftrag, user, datei, melden) -> None:
    from zielsystem.models import Kompetenz

    from ..berichtsstand import (
        berichtsstand_projekte,
        berichtsstand_summen,
        darf_berichtsstand_sehen,
    )
    from .berichtsstand import berichtsstand_excel

    if not darf_berichtsstand_sehen(user):
        raise Exportfehler(_("Sie dürfen den Berichtsstand nicht mehr sehen."))
    parameter = auftrag.parameter
    zeitraum = _zeitraum(parameter.get("zeitraum"))
    kompetenz = None
    if parameter.get("kompetenz"):
        kompetenz = Kompetenz.objects.filter(pk=parameter["kompetenz"]).first()
        if kompetenz is None:
            raise Exportfehler(_("Die gewählte Kompetenz gibt es nicht mehr."))
    projekte = berichtsstand_projekte(
        user=user, zeitraum=zeitraum, kompetenz=kompetenz, stand=parameter.get("stand") or ""
    )
    summen, gesamt = berichtsstand_summen(user=user, zeitraum=zeitraum)
    melden(0, projekte.count())
    datei.write(
        berichtsstand_excel(
            projekte=projekte, zeitraum=zeitraum, summen=summen, gesamt=gesamt, fortschritt=melden
        )
    )


SCHREIBER = {
    Exportart.FORTSCHRITTSBERICHT: _fortschrittsbericht,
    Exportart.BERICHTSSTAND: _berichtsstand,
}


def _fehlertext(fehler: Exception) -> str:
    if isinstance(fehler, Exportfehler):
        return str(fehler)
    if isinstance(fehler, OSError):
        return _(
            "Die Datei konnte nicht gespeichert werden (Ablage nicht erreichbar oder voll). "
            "Bitte starten Sie den Export später erneut."
        )
    return _(
        "Beim Erstellen der Datei ist ein unerwarteter Fehler aufgetreten. Bitte starten Sie den "
        "Export erneut; wenn der Fehler bleibt, wenden Sie sich an das Referat."
    )


def exportauftrag_ausfuehren(*, auftrag_id: int, lauf: int) -> Exportauftrag | None:
    """Builds the job's file (run by the worker). Returns the job, or None when there was
    nothing to do. Never leaves a half-written file: the storage gets the complete file in
    one step, and only then is the job "fertig"."""
    auftrag = _uebernehmen(auftrag_id=auftrag_id, lauf=lauf)
    if auftrag is None:
        return None
    exporte_aufraeumen()  # the worker keeps the folder tidy, whether a timer runs or not
    speicher = ablage()
    melden = _Fortschritt(auftrag)
    entwurf = None
    try:
        user = _nutzer(auftrag)
        with tempfile.NamedTemporaryFile(
            dir=entwurf_ordner(speicher), prefix=".entwurf-", suffix=".part", delete=False
        ) as entwurf:
            SCHREIBER[auftrag.art](auftrag, user, entwurf, melden)
        name = datei_ablegen(
            speicher, f"auftrag-{auftrag.pk}/{lauf}/{auftrag.dateiname}", Path(entwurf.name)
        )
    except Exception as fehler:
        if entwurf is not None:
            Path(entwurf.name).unlink(missing_ok=True)
        if not isinstance(fehler, Exportfehler):
            logger.exception("Exportauftrag %s (Lauf %s) fehlgeschlagen", auftrag.pk, lauf)
        return _beenden(
            auftrag,
            lauf=lauf,
            status=Exportstatus.FEHLGESCHLAGEN,
            fehlermeldung=_fehlertext(fehler),
        )
    return _beenden(auftrag, lauf=lauf, status=Exportstatus.FERTIG, datei=name)


@transaction.atomic
def _beenden(auftrag, *, lauf: int, status: str, datei: str = "", fehlermeldung: str = ""):
    from ..tasks import exportauftrag_melden

    aktuell = Exportauftrag.objects.select_for_update().filter(pk=auftrag.pk).first()
    if aktuell is None or aktuell.lauf != lauf:  # deleted or restarted meanwhile
        if datei:
            ablage().delete(datei)
        return aktuell
    alte_datei = aktuell.datei
    aktuell.status = status
    aktuell.fertig_am = timezone.now()
    aktuell.fehlermeldung = fehlermeldung
    aktuell.datei = datei
    if status == Exportstatus.FERTIG:
        aktuell.erledigt = aktuell.gesamt
    aktuell.save()
    if alte_datei and alte_datei != datei:
        transaction.on_commit(lambda: ablage().delete(alte_datei))
    transaction.on_commit(lambda: exportauftrag_melden.enqueue(aktuell.pk))
    return aktuell


# Expiry ---------------------------------------------------------------------------------------


def exporte_aufraeumen(*, jetzt=None) -> int:
    """Deletes the files of jobs finished more than ``EXPORT_AUFBEWAHRUNG_TAGE`` days ago
    and marks the jobs "abgelaufen". Returns how many."""
    speicher = ablage()
    _entwuerfe_aufraeumen(speicher, jetzt=jetzt)
    _verwaiste_loeschen(speicher)
    anzahl = 0
    for auftrag in Exportauftrag.objects.abgelaufen(jetzt=jetzt).only("pk", "datei"):
        if auftrag.datei:
            speicher.delete(auftrag.datei)
        anzahl += Exportauftrag.objects.filter(pk=auftrag.pk, status=Exportstatus.FERTIG).update(
            status=Exportstatus.ABGELAUFEN, datei=""
        )
    return anzahl


def _entwuerfe_aufraeumen(speicher: Storage, *, jetzt=None) -> None:
    """Unfinished files of a worker that was killed while writing (after a day)."""
    ordner = entwurf_ordner(speicher)
    if ordner is None:
        return
    grenze = (jetzt or timezone.now()).timestamp() - 24 * 3600
    for entwurf in ordner.glob(".entwurf-*.part"):
        try:
            if entwurf.stat().st_mtime < grenze:
                entwurf.unlink(missing_ok=True)
        except FileNotFoundError:
            pass


def _verwaiste_loeschen(speicher: Storage) -> None:
    """Files of jobs that no longer exist (deleted with their user's account)."""
    try:
        ordner_namen, _dateien = speicher.listdir("")
    except FileNotFoundError:
        return
    kennungen = {
        int(name.removeprefix("auftrag-")): name
        for name in ordner_namen
        if name.startswith("auftrag-") and name.removeprefix("auftrag-").isdigit()
    }
    vorhanden = set(Exportauftrag.objects.filter(pk__in=kennungen).values_list("pk", flat=True))
    for kennung, name in kennungen.items():
        if kennung not in vorhanden:
            _ordner_loeschen(speicher, name)


def _ordner_loeschen(speicher: Storage, name: str) -> None:
    unterordner, dateien = speicher.listdir(name)
    for datei in dateien:
        speicher.delete(f"{name}/{datei}")
    for unter in unterordner:
        _ordner_loeschen(speicher, f"{name}/{unter}")
    pfad = entwurf_ordner(speicher)
    if pfad is not None:
        (pfad / name).rmdir()
