"""Large generated downloads (the open data files, several MB each) kept as files per
Datenstand (see ``seitencache.py``): the first request streams the file while it is written,
later ones are served from disk until the next change.
"""

import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.utils.http import http_date

from .seitencache import datenstand

logger = logging.getLogger(__name__)

# Generated files per Datenstand ---------------------------------------------------------------

# Unfinished files of a killed process are removed by the next writer after this long.
HALBFERTIG_SEKUNDEN = 3600


@dataclass(frozen=True)
class Datenstanddatei:
    pfad: Path
    etag: str
    zeit: float  # unix time of the Datenstand


def _datenstanddatei(name: str) -> Datenstanddatei:
    stand, zeit = datenstand()
    # Version and time together: a test database rolled back to an older version number can
    # never meet a file written for the same number with other data.
    kennung = f"{stand}-{round(zeit * 1000)}"
    verzeichnis = Path(settings.DATEICACHE_VERZEICHNIS)
    return Datenstanddatei(verzeichnis / f"{name}.{kennung}", f'"{name}-{kennung}"', zeit)


def _aufraeumen(datei: Datenstanddatei, name: str) -> None:
    """Removes the files of older Datenstände and abandoned unfinished files."""
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


def _entwurf_oeffnen(datei: Datenstanddatei, name: str):
    """The unfinished file beside the finished one, or None when the folder cannot be
    written (the download is then streamed without being kept, and a warning logged)."""
    try:
        datei.pfad.parent.mkdir(parents=True, exist_ok=True)
        return tempfile.NamedTemporaryFile(dir=datei.pfad.parent, prefix=f".{name}.", delete=False)
    except OSError as fehler:
        logger.warning("Dateicache nicht beschreibbar (%s): %s", datei.pfad.parent, fehler)
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
        os.replace(entwurf.name, datei.pfad)
        _aufraeumen(datei, name)
    except OSError as fehler:
        logger.warning("Dateicache: %s nicht abgelegt: %s", datei.pfad, fehler)
        Path(entwurf.name).unlink(missing_ok=True)


def datei_je_datenstand(
    name: str,
    erzeugen: Callable[[], Iterable[bytes]],
    content_type: str,
    *,
    pruefen: Callable[[], None] | None = None,
) -> FileResponse | StreamingHttpResponse:
    """Response with the file ``name`` as generated for the current Datenstand.

    Served from ``DATEICACHE_VERZEICHNIS`` when it exists; otherwise ``erzeugen()`` is
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
    datei = _datenstanddatei(name)
    try:
        response = FileResponse(datei.pfad.open("rb"), content_type=content_type)
        response["X-Seitencache"] = "treffer"
    except OSError:  # not there yet (or the folder is unusable: then generated each time)
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
