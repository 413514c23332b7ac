"""Large generated downloads (the open data files, several MB each) kept as files per
Datenstand (see ``seitencache.py``): the first request streams the file while it is written,
later ones are served from disk until the next change.

The files live in the storage ``STORAGES["dateicache"]``: by default ``Dateiablage``, a folder
(``DATEICACHE_VERZEICHNIS``) that several app servers may share, so each file is generated
once per Datenstand, not once per server. A storage without local paths (e.g. S3 through
django-storages, docs/deployment.md) works too: the file is then written to a local temporary
file while it streams, and uploaded in one piece when complete.
"""

import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse, StreamingHttpResponse
from django.utils.http import http_date

from .seitencache import datenstand

logger = logging.getLogger(__name__)

# Generated files per Datenstand ---------------------------------------------------------------

# Unfinished files of a killed process are removed by the next writer after this long.
HALBFERTIG_SEKUNDEN = 3600


class Dateiablage(FileSystemStorage):
    """The default storage of the kept files: a folder, ``DATEICACHE_VERZEICHNIS`` unless a
    ``location`` is given in ``STORAGES``; read at use, so a changed setting moves it."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, str(settings.DATEICACHE_VERZEICHNIS))

    @property
    def location(self):
        return os.path.abspath(self.base_location)


class Exportablage(Dateiablage):
    """The default storage of export jobs' files: the folder ``EXPORTE_VERZEICHNIS``."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, str(settings.EXPORTE_VERZEICHNIS))


def datei_ablegen(speicher: Storage, name: str, quelle: Path) -> str:
    """Moves the complete local file ``quelle`` into ``speicher`` as ``name`` in one step, so
    that nobody can ever read it half-written: a rename in a folder storage (``quelle`` should
    be in the same folder, see ``entwurf_ordner``), an upload of the whole file otherwise.
    Returns the name in the storage."""
    ordner = _ordner(speicher)
    if ordner is not None:
        ziel = Path(speicher.path(name))
        ziel.parent.mkdir(parents=True, exist_ok=True)
        os.replace(quelle, ziel)
        return name
    with open(quelle, "rb") as datei:
        gespeichert = speicher.save(name, File(datei, name=name))
    Path(quelle).unlink(missing_ok=True)
    return gespeichert


def entwurf_ordner(speicher: Storage) -> Path | None:
    """Where an unfinished file for ``speicher`` is written: its own folder (then the final
    rename is atomic), or None (the system's temporary folder) for a storage without paths."""
    ordner = _ordner(speicher)
    if ordner is not None:
        ordner.mkdir(parents=True, exist_ok=True)
    return ordner


def ablage() -> Storage:
    return storages["dateicache"]


def _ordner(speicher: Storage) -> Path | None:
    """The local folder of the storage, or None for a storage without paths (S3 …)."""
    if isinstance(speicher, FileSystemStorage):
        return Path(speicher.path(""))
    return None


@dataclass(frozen=True)
class Datenstanddatei:
    name: str  # in the storage
    pfad: Path | None  # local file, when the storage has paths
    etag: str
    zeit: float  # unix time of the Datenstand


def _datenstanddatei(name: str, ordner: Path | None) -> Datenstanddatei:
    stand, zeit = datenstand()
    # Version and time together: a test database rolled back to an older version number can
    # never meet a file written for the same number with other data.
    kennung = f"{stand}-{round(zeit * 1000)}"
    dateiname = f"{name}.{kennung}"
    pfad = ordner / dateiname if ordner is not None else None
    return Datenstanddatei(dateiname, pfad, f'"{name}-{kennung}"', zeit)


def _aufraeumen(datei: Datenstanddatei, name: str) -> None:
    """Removes the files of older Datenstände and abandoned unfinished files."""
    if datei.pfad is None:
        _entfernt_aufraeumen(datei, name)
        return
    grenze = time.time() - HALBFERTIG_SEKUNDEN
    for alt in datei.pfad.parent.glob(f"{name}.*"):
        if alt != datei.pfad:
            alt.unlink(missing_ok=True)
    for halbfertig in datei.pfad.parent.glob(f".{name}.*"):
        try:
            if halbfertig.stat().st_mtime < grenze:
                halbfertig.unlink(missing_ok=True)
        except FileNotFoundError:
            pass


def _entfernt_aufraeumen(datei: Datenstanddatei, name: str) -> None:
    speicher = ablage()
    _ordner_namen, dateien = speicher.listdir("")
    for alt in dateien:
        if alt.startswith(f"{name}.") and alt != datei.name:
            speicher.delete(alt)


def _entwurf_oeffnen(datei: Datenstanddatei, name: str):
    """The unfinished file beside the finished one, or None when the folder cannot be
    written (the download is then streamed without being kept, and a warning logged)."""
    # A storage without paths: a local temporary file, uploaded when complete.
    ordner = datei.pfad.parent if datei.pfad is not None else None
    try:
        if ordner is not None:
            ordner.mkdir(parents=True, exist_ok=True)
        return tempfile.NamedTemporaryFile(dir=ordner, prefix=f".{name}.", delete=False)
    except OSError as fehler:
        logger.warning("Dateicache nicht beschreibbar (%s): %s", ordner, fehler)
        return None


def _verwerfen(entwurf) -> None:
    entwurf.close()
    Path(entwurf.name).unlink(missing_ok=True)


def _mitschreiben(
    stuecke: Iterable[bytes], entwurf, datei: Datenstanddatei, name: str
) -> Iterator[bytes]:
    """Yields the pieces and writes them to ``entwurf``, which only gets the file's name when
    complete. A download that is aborted or fails keeps nothing; a full disk or a failing
    rename costs the file, never the download."""
    fertig = False
    try:
        for stueck in stuecke:
            if entwurf is not None:
                try:
                    entwurf.write(stueck)
                except OSError as fehler:
                    logger.warning("Dateicache: %s nicht geschrieben: %s", datei.pfad, fehler)
                    _verwerfen(entwurf)
                    entwurf = None
            yield stueck
        fertig = True
    finally:
        if entwurf is not None and not fertig:
            _verwerfen(entwurf)
    if entwurf is None:
        return
    try:
        entwurf.close()
        if datei.pfad is not None:
            os.replace(entwurf.name, datei.pfad)  # atomic: readers see all or nothing
        else:
            _hochladen(entwurf.name, datei)
        _aufraeumen(datei, name)
    except Exception as fehler:  # OSError, or whatever a remote storage raises
        logger.warning("Dateicache: %s nicht abgelegt: %s", datei.pfad or datei.name, fehler)
    finally:
        Path(entwurf.name).unlink(missing_ok=True)


def _hochladen(entwurf: str, datei: Datenstanddatei) -> None:
    """One upload of the complete file (an object store replaces objects atomically). Another
    server may have stored the same Datenstand meanwhile: then that file stays."""
    speicher = ablage()
    if speicher.exists(datei.name):
        return
    with open(entwurf, "rb") as inhalt:
        gespeichert = speicher.save(datei.name, File(inhalt))
    if gespeichert != datei.name:  # the storage chose another name: not ours to keep
        speicher.delete(gespeichert)


def datei_je_datenstand(
    name: str,
    erzeugen: Callable[[], Iterable[bytes]],
    content_type: str,
    *,
    pruefen: Callable[[], None] | None = None,
) -> FileResponse | StreamingHttpResponse:
    """Response with the file ``name`` as generated for the current Datenstand.

    Served from the storage ``dateicache`` (``DATEICACHE_VERZEICHNIS``) when it exists; otherwise ``erzeugen()`` is
    streamed to the client and written to the folder on the way. With the page cache off
    (``SEITENCACHE_AKTIV=0``) the file is generated for every request. The answer has an
    ``ETag`` and ``Last-Modified`` of the Datenstand, so conditional requests get a 304.

    ``pruefen`` (e.g. "does this part exist?", raising Http404) runs only when the file is not
    kept yet: a kept file is proof enough, and serving it then costs no query.
    """
    if not getattr(settings, "SEITENCACHE_AKTIV", True):
        if pruefen:
            pruefen()
        return StreamingHttpResponse(erzeugen(), content_type=content_type)
    speicher = ablage()
    datei = _datenstanddatei(name, _ordner(speicher))
    try:
        response = FileResponse(_oeffnen(speicher, datei), content_type=content_type)
        response["X-Seitencache"] = "treffer"
    except FileNotFoundError:  # not there yet
        response = None
    except Exception as fehler:  # folder or store unusable: then generated each time
        logger.warning("Dateicache nicht lesbar (%s): %s", datei.name, fehler)
        response = None
    if response is None:
        if pruefen:
            pruefen()
        entwurf = _entwurf_oeffnen(datei, name)
        response = StreamingHttpResponse(
            _mitschreiben(erzeugen(), entwurf, datei, name), content_type=content_type
        )
        response["X-Seitencache"] = "neu"
    response["ETag"] = datei.etag
    response["Last-Modified"] = http_date(datei.zeit)
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


def _oeffnen(speicher: Storage, datei: Datenstanddatei):
    """The kept file, opened for reading; FileNotFoundError when there is none yet."""
    if datei.pfad is not None:
        return datei.pfad.open("rb")
    if not speicher.exists(datei.name):
        raise FileNotFoundError(datei.name)
    return speicher.open(datei.name, "rb")
