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

Large generated downloads are kept as files per Datenstand instead: ``dateicache.py``.
"""

import hashlib
import logging
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
