"""Rate limits with counters in a shared cache (settings.CACHES["begrenzung"]).

A counter per key and time window: ``erlaubt("abo-client", client, grenze=20, fenster=3600)``
counts one request and says whether it is within the limit. Keys are hashed, so the cache
holds no addresses in clear text. Used by the subscription form (per client and per address);
logins have their own protection (django-axes).
"""

import hashlib
import time

from django.core.cache import caches


def _schluessel(art: str, wert: str, fenster: int) -> str:
    abschnitt = int(time.time() // fenster)
    digest = hashlib.sha256(f"{art}:{wert}".encode()).hexdigest()[:32]
    return f"begrenzung:{art}:{abschnitt}:{digest}"


def erlaubt(art: str, wert: str, *, grenze: int, fenster: int) -> bool:
    """Counts one use of ``wert`` in this window; False when it is over ``grenze``."""
    cache = caches["begrenzung"]
    schluessel = _schluessel(art, wert, fenster)
    if cache.add(schluessel, 1, timeout=fenster):
        return grenze >= 1
    try:
        anzahl = cache.incr(schluessel)
    except ValueError:  # expired between add and incr
        cache.set(schluessel, 1, timeout=fenster)
        anzahl = 1
    return anzahl <= grenze


def sperre_setzen(art: str, wert: str, *, sekunden: int) -> bool:
    """True the first time within ``sekunden`` (and sets the lock), False while locked."""
    digest = hashlib.sha256(f"{art}:{wert}".encode()).hexdigest()[:32]
    return caches["begrenzung"].add(f"sperre:{art}:{digest}", 1, timeout=sekunden)
