"""Cache for anonymous public pages that is never stale.

Every cached page is stored under a key that contains the *Datenstand*: a number in the cache
that goes up whenever anything a public page shows may have changed. Every write bumps it by
calling ``datenstand_erhoehen()``: the service functions and commands explicitly, and the back
office's admin site after each successful write request (``BackofficeSite.admin_view``), which
covers the master data edited in plain admin forms that have no service. Old entries are then
simply never read again and expire.

Only anonymous GET/HEAD requests of views marked with ``@oeffentlich_gecacht`` are cached;
logged-in users always get a fresh page marked ``Cache-Control: private, no-cache``. The
language is part of the path (``/en/…``), so the path and query string identify a page.
Responses carry ``ETag`` and ``Last-Modified``; Django's ConditionalGetMiddleware answers
matching conditional requests with 304.

After a change every page is cold at once. So that concurrent requests for the same cold page
do not all render it (a stampede), rendering is single-flight: the first request takes a
short lock in the cache (``cache.add``: atomic in Redis across app servers, per process with
the local memory cache) and renders; the others wait for its result up to
``SEITENCACHE_WARTEN_SEKUNDEN`` and then render themselves. Nobody is ever served a page of
an older Datenstand: an approval shows on the next request (the freshness promise,
docs/performance.md).

Large generated downloads are kept as files per Datenstand instead: ``dateicache.py``.
"""

import hashlib
import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse
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


def je_datenstand(art: str, kennung: str, berechnen):
    """A value computed from public data (e.g. the catalogue's facet counts for one filter
    combination), kept in the page cache until the Datenstand changes, like the pages; with
    the page cache off it is computed every time."""
    if not getattr(settings, "SEITENCACHE_AKTIV", True):
        return berechnen()
    stand, _zeit = datenstand()
    schluessel = f"portal:{art}:{stand}:{hashlib.sha256(kennung.encode()).hexdigest()}"
    wert = cache.get(schluessel)
    if wert is None:
        wert = berechnen()
        cache.set(schluessel, wert, timeout=settings.SEITENCACHE_SEKUNDEN)
    return wert


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
        gespeichert, gesperrt = cache.get(schluessel), False
        if gespeichert is None:
            gespeichert, gesperrt = _warten_oder_sperren(schluessel)
        if gespeichert is not None:
            return _aus_dem_cache(gespeichert)
        try:
            return _rendern(view, request, args, kwargs, schluessel, zeit)
        finally:
            if gesperrt:
                cache.delete(_sperre(schluessel))

    return wrapper


def _sperre(schluessel: str) -> str:
    return f"{schluessel}:wird-erzeugt"


def _warten_oder_sperren(schluessel: str) -> tuple[tuple | None, bool]:
    """Single flight: (page, False) when another request rendered it meanwhile; (None, True)
    when this request holds the lock and renders; (None, False) when it waited in vain and
    renders anyway."""
    warten = settings.SEITENCACHE_WARTEN_SEKUNDEN
    sperrzeit = max(1, round(warten * 2))  # a crashed renderer blocks nobody for long
    if cache.add(_sperre(schluessel), 1, timeout=sperrzeit):
        return None, True
    frist = time.monotonic() + warten
    pause = 0.01
    while time.monotonic() < frist:
        time.sleep(pause)
        pause = min(pause * 2, 0.1)
        gespeichert = cache.get(schluessel)
        if gespeichert is not None:
            return gespeichert, False
        if cache.add(_sperre(schluessel), 1, timeout=sperrzeit):
            return None, True  # the other one is done without a page to keep (e.g. a 404)
    logger.warning("Seitencache: Seite nach %s s nicht erzeugt, wird selbst erzeugt", warten)
    return None, False


def _aus_dem_cache(gespeichert) -> HttpResponse:
    inhalt, kopf = gespeichert
    response = HttpResponse(inhalt, content_type=kopf["Content-Type"])
    for name, wert in kopf.items():
        response[name] = wert
    response["X-Seitencache"] = "treffer"
    return response


def _rendern(view, request, args, kwargs, schluessel: str, zeit: float):
    """Renders the view; a 200 without cookies is kept until the Datenstand changes."""
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


_im_prozess: dict[str, tuple[tuple[int, float], object]] = {}


def im_prozess_je_datenstand(art: str, berechnen):
    """A value derived from public data that is cheap to keep but costly to build (e.g. the
    search vocabulary prepared for reading queries), kept in this process's memory until the
    Datenstand changes. Unlike ``je_datenstand`` it is kept with the page cache off too: it is
    an index of the data, not a rendered answer. Code that changes its data in this process
    calls ``im_prozess_vergessen(art)``, so nothing depends on the Datenstand being raised
    before the change is read again (a transaction not yet committed, a test)."""
    stand = datenstand()
    gemerkt = _im_prozess.get(art)
    if gemerkt is not None and gemerkt[0] == stand:
        return gemerkt[1]
    wert = berechnen()
    _im_prozess[art] = (stand, wert)
    return wert


def im_prozess_vergessen(art: str) -> None:
    _im_prozess.pop(art, None)
