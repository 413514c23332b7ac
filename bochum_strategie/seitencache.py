"""Cache for anonymous public pages that is never stale.

Every cached page is stored under a key that contains the *Datenstand*: a number in the cache
that goes up whenever anything a public page shows may have changed. Writes bump it explicitly:
the service functions and commands call ``datenstand_erhoehen()``, and the middleware below
bumps it after every successful write request to the back office (admin saves, workflow steps,
imports). Old entries are then simply never read again and expire.

Only anonymous GET/HEAD requests of views marked with ``@oeffentlich_gecacht`` are cached;
logged-in users always get a fresh page marked ``Cache-Control: private, no-cache``. The
language is part of the path (``/en/…``), so the path and query string identify a page.
Responses carry ``ETag`` and ``Last-Modified``; Django's ConditionalGetMiddleware answers
matching conditional requests with 304.

Large generated downloads (the open data files, several MB each) are not kept in the cache but
as files per Datenstand (``datei_je_datenstand``): the first request streams the file while it
is written, later ones are served from disk until the next change.
"""

import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import http_date

STAND_SCHLUESSEL = "portal:datenstand"
logger = logging.getLogger(__name__)


def _stand_cache():
    """Shared by all processes (database table or Redis), unlike the page cache itself."""
    return caches["datenstand"]


def datenstand() -> tuple[int, float]:
    """(version, unix time of the last change) in one read; created on first use."""
    stand_cache = _stand_cache()
    wert = stand_cache.get(STAND_SCHLUESSEL)
    if wert is None:
        stand_cache.add(STAND_SCHLUESSEL, (1, timezone.now().timestamp()), timeout=None)
        wert = stand_cache.get(STAND_SCHLUESSEL)
    return wert


def datenstand_erhoehen() -> None:
    """Makes every cached public page stale. Call after any write that pages may show.

    The version is a (counter, time) pair written in one go; two writers racing may both
    write the same counter, which is harmless: either way the old pages are never read again.
    """
    version, _zeit = datenstand()
    _stand_cache().set(STAND_SCHLUESSEL, (version + 1, timezone.now().timestamp()), timeout=None)


def _schluessel(request, stand: int) -> str:
    pfad = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"portal:seite:{stand}:{request.method == 'HEAD'}:{pfad}"


def oeffentlich_gecacht(view):
    """Caches the view's 200 answers for anonymous visitors until the Datenstand changes."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not getattr(settings, "SEITENCACHE_AKTIV", True) or request.method not in (
            "GET",
            "HEAD",
        ):
            return view(request, *args, **kwargs)
        if request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            response["Cache-Control"] = "private, no-cache"
            return response
        stand, zeit = datenstand()
        schluessel = _schluessel(request, stand)
        gespeichert = cache.get(schluessel)
        if gespeichert is not None:
            inhalt, kopf = gespeichert
            response = HttpResponse(inhalt, content_type=kopf["Content-Type"])
            for name, wert in kopf.items():
                response[name] = wert
            response["X-Seitencache"] = "treffer"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.cookies:
            response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            response["Last-Modified"] = http_date(zeit)
            response["Cache-Control"] = "public, max-age=0, must-revalidate"
            kopf = {
                name: response[name]
                for name in (
                    "Content-Type",
                    "ETag",
                    "Last-Modified",
                    "Cache-Control",
                    "Content-Language",
                )
                if name in response
            }
            cache.set(schluessel, (response.content, kopf), timeout=settings.SEITENCACHE_SEKUNDEN)
        response["X-Seitencache"] = "neu"
        return response

    return wrapper


class DatenstandMiddleware:
    """After a successful write to the back office, cached public pages are out of date."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.praefixe = ("/verwaltung/", "/en/verwaltung/")

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in ("POST", "PUT", "PATCH", "DELETE")
            and request.path.startswith(self.praefixe)
            and response.status_code < 400
            and not request.path.endswith(("/login/", "/logout/"))
        ):
            datenstand_erhoehen()
        return response


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
    name: str, erzeugen: Callable[[], Iterable[bytes]], content_type: str
) -> FileResponse | StreamingHttpResponse:
    """Response with the file ``name`` as generated for the current Datenstand.

    Served from ``DATEICACHE_VERZEICHNIS`` when it exists; otherwise ``erzeugen()`` is
    streamed to the client and written to the folder on the way. With the page cache off
    (``SEITENCACHE_AKTIV=0``) the file is generated for every request. The answer has an
    ``ETag`` and ``Last-Modified`` of the Datenstand, so conditional requests get a 304.
    """
    if not getattr(settings, "SEITENCACHE_AKTIV", True):
        return StreamingHttpResponse(erzeugen(), content_type=content_type)
    datei = _datenstanddatei(name)
    try:
        response = FileResponse(datei.pfad.open("rb"), content_type=content_type)
        response["X-Seitencache"] = "treffer"
    except OSError:  # not there yet (or the folder is unusable: then generated each time)
        entwurf = _entwurf_oeffnen(datei, name)
        response = StreamingHttpResponse(
            _mitschreiben(erzeugen(), entwurf, datei, name), content_type=content_type
        )
        response["X-Seitencache"] = "neu"
    response["ETag"] = datei.etag
    response["Last-Modified"] = http_date(datei.zeit)
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response
