"""Rendered parts of public pages (fragments), kept by the version of what they show.

The page cache (``seitencache.py``) keeps whole pages until the Datenstand changes, so every
approval makes every page cold. Below it, this cache keeps the parts that a change rarely
touches, so that a cold page re-renders only what changed (docs/decisions/0014):

- **Content-keyed fragments** (project cards): the key is the very values the fragment
  shows, which the page query loads anyway (``Kernaktivitaet.karten_stand``). A change to a
  project gives its card a new key; the other cards keep theirs. Nothing has to remember to
  invalidate anything, so such a fragment cannot be stale.
- **Stamp-keyed fragments** (Zielsystem blocks): the key is the Zielsystemstand, a counter in
  the shared Datenstand cache that every write able to change the Zielsystem raises (the back
  office after each write, ``portal_einrichten``). A warm block also saves its queries: the
  page loads the goals only when the block is rendered.

Every key also holds the language and the Vorlagenstand: a hash of the templates and
translation catalogues this process runs with, and ``CODE_VERSION`` for Python code that
changes what a fragment shows (raise it then), so a deployment never serves a fragment of
the previous release. Fragments live in the cache ``fragmente``: Redis across app servers
like the pages, or local memory with room for 10,000 of them (apart from the pages, which
they would otherwise push out). ``FRAGMENTCACHE_AKTIV`` switches them off (tests, and
``make bench`` to measure fully uncached pages).
"""

import hashlib
from collections import Counter
from collections.abc import Callable
from functools import cache as einmal
from importlib.metadata import version
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Raise when Python code changes what a fragment shows (a property a card uses, say).
CODE_VERSION = 1
ZIELSYSTEM_SCHLUESSEL = "portal:zielsystemstand"

# Renders per kind since the process started: lets tests prove which fragments a change
# re-rendered (tests/leistung/test_fragmentcache.py).
erzeugt: Counter = Counter()


def aktiv() -> bool:
    return getattr(settings, "FRAGMENTCACHE_AKTIV", False)


@einmal
def vorlagenstand() -> str:
    """Hash of every template and compiled translation catalogue of the project and of the
    versions of Django and crispy-forms (once per process, a few milliseconds)."""
    ordner = [Path(d) for vorlage in settings.TEMPLATES for d in vorlage.get("DIRS", ())]
    ordner += [Path(app.path) / "templates" for app in apps.get_app_configs()]
    basis = Path(settings.BASE_DIR)
    ordner = [
        o for o in ordner if o.is_dir() and basis in o.parents and "site-packages" not in o.parts
    ]
    dateien = {datei for o in ordner for datei in o.rglob("*.html")}
    dateien |= {d for pfad in settings.LOCALE_PATHS for d in Path(pfad).rglob("*.mo")}
    # Third-party templates (crispy-forms renders the filter form) change with their version.
    summe = hashlib.sha256(f"code {CODE_VERSION} {_versionen()}".encode())
    for datei in sorted(dateien):
        summe.update(str(datei.relative_to(settings.BASE_DIR)).encode())
        summe.update(datei.read_bytes())
    return summe.hexdigest()[:16]


def _versionen() -> str:
    return " ".join(
        f"{paket} {version(paket)}"
        for paket in ("django", "django-crispy-forms", "crispy-bootstrap5")
    )


def schluessel(art: str, teile) -> str:
    inhalt = hashlib.sha256(repr(teile).encode()).hexdigest()
    return f"portal:fragment:{art}:{vorlagenstand()}:{get_language()}:{inhalt}"


def vorladen(art: str, alle_teile) -> dict[str, str]:
    """The kept fragments of a whole list in one cache read (one Redis round trip instead of
    one per card): {key: html} for those found."""
    if not aktiv():
        return {}
    return caches["fragmente"].get_many([schluessel(art, teile) for teile in alle_teile])


def fragment(
    art: str, teile, erzeugen: Callable[[], str], vorgeladen: dict | None = None
) -> SafeString:
    """The fragment ``art`` for ``teile`` (a tuple of plain values: str, int, date, None …)
    from ``vorgeladen`` (see ``vorladen``) or the cache, or rendered by ``erzeugen()`` and
    kept."""
    if not aktiv():
        return mark_safe(erzeugen())  # rendered by the template engine
    name = schluessel(art, teile)
    html = (vorgeladen or {}).get(name)
    if html is None:
        html = caches["fragmente"].get(name)
    if html is None:
        html = erzeugen()
        erzeugt[art] += 1
        caches["fragmente"].set(name, str(html), timeout=settings.SEITENCACHE_SEKUNDEN)
    return mark_safe(html)  # rendered by the template engine


def zielsystemstand() -> int:
    """The version of the Zielsystem's texts (shared like the Datenstand)."""
    stand_cache = caches["datenstand"]
    wert = stand_cache.get(ZIELSYSTEM_SCHLUESSEL)
    if wert is None:
        stand_cache.add(ZIELSYSTEM_SCHLUESSEL, 1, timeout=None)
        wert = stand_cache.get(ZIELSYSTEM_SCHLUESSEL)
    return wert


def zielsystemstand_erhoehen() -> None:
    """Call after any write that may change the Zielsystem (its texts, order or slugs)."""
    caches["datenstand"].set(ZIELSYSTEM_SCHLUESSEL, zielsystemstand() + 1, timeout=None)
