"""One crawler for the tests: breadth-first over a site's internal links through Django's
test client, with the URL pattern each address resolves to."""

import re
from collections import defaultdict
from urllib.parse import urlsplit

from django.apps import apps
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import translation

from tests.helpers import dokument, formulare, verweise

OEFFENTLICH = {"zielsystem", "querschnitt", "kernaktivitaeten"}  # apps with public pages
MAX_SEITEN = 1200  # links followed per crawl
MAX_JE_MUSTER = 12  # query-string variants per pattern followed (filters, sortings, pages)


def echte_adressen() -> list[str]:
    """The page of every public object in the database, in both languages (besides what the
    links lead to: the crawl must not depend on every object being linked somewhere)."""
    adressen = []
    for model in apps.get_models():
        if not hasattr(model, "get_absolute_url") or model._meta.app_label not in OEFFENTLICH:
            continue
        objekte = model._default_manager.all()
        if hasattr(objekte, "oeffentlich"):
            objekte = objekte.oeffentlich()
        for sprache in ("de", "en"):
            with translation.override(sprache):
                adressen += [o.get_absolute_url() for o in objekte]
    return adressen


def _aufloesen(pfad: str):
    pfad = urlsplit(pfad).path
    try:
        with translation.override("en" if pfad.startswith("/en/") else "de"):
            return resolve(pfad)
    except Resolver404:
        return None


def muster_von(pfad: str) -> str | None:
    """The route a path resolves to (with language prefix removed), or None."""
    treffer = _aufloesen(pfad)
    return treffer.route.removeprefix("en/") if treffer else None


def art_von(pfad: str) -> str:
    """Back office: the kind of view (changelist, add, change, …) whatever the model."""
    treffer = _aufloesen(pfad)
    name = treffer.url_name if treffer else ""
    return re.sub(r"^\w+?_\w+?_(changelist|add|change|history|delete)$", r"\1", name or "")


class Crawler:
    """Breadth-first over internal links; remembers status, referring page and forms."""

    def __init__(self, client: Client, *, bereich: str = "/", je_muster: int = MAX_JE_MUSTER):
        self.client = client
        self.bereich = bereich
        self.je_muster = je_muster
        self.status: dict[str, int] = {}
        self.von: dict[str, str] = {}
        self.formulare: set[tuple[str, str]] = set()  # (page, action) of POST forms
        self.fehler: list[str] = []

    def _folgen(self, href: str, seite: str) -> str | None:
        href = href.split("#", 1)[0]
        if not href or href.startswith(("mailto:", "tel:", "data:")):
            return None
        teile = urlsplit(href)
        if teile.scheme or teile.netloc:
            return None  # external: the privacy tests forbid those on public pages anyway
        if not href.startswith("/"):
            href = urlsplit(seite).path.rsplit("/", 1)[0] + "/" + href
        if href.startswith("/media/") or not href.startswith((self.bereich, "/static/")):
            return None
        if "/logout/" in href or re.search(r"/r/\d+/", href):  # no logout; no view-on-site
            return None
        return href

    def crawlen(self, start: list[str], *, limit: int = MAX_SEITEN):
        schlange = list(start)
        je_muster: dict[str, int] = defaultdict(int)
        while schlange and len(self.status) < limit:
            pfad = schlange.pop(0)
            if pfad in self.status:
                continue
            response = self.client.get(pfad)
            self.status[pfad] = response.status_code
            if response.status_code >= 500:
                self.fehler.append(f"GET {pfad} -> {response.status_code} {ursache(response)}")
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            seite = dokument(response)
            for methode, aktion in formulare(seite):
                if methode == "post":
                    self.formulare.add((pfad, self._folgen(aktion, pfad) or pfad))
            for href in verweise(seite):
                ziel = self._folgen(href, pfad)
                if ziel is None or ziel in self.status or ziel in self.von:
                    continue
                # Every object's page, but only a few variants of one page's query string
                # (the catalogue links to filters, sortings and pages).
                if "?" in ziel or self.bereich != "/":
                    muster = muster_von(ziel) or ziel
                    if je_muster[muster] >= self.je_muster:
                        continue
                    je_muster[muster] += 1
                self.von[ziel] = pfad
                schlange.append(ziel)

    def ein_pfad_je_art(self) -> dict[str, str]:
        """Back office: one path per kind of view."""
        ergebnis = {}
        for pfad in self.ein_pfad_je_muster().values():
            ergebnis.setdefault(art_von(pfad), pfad)
        return ergebnis

    def ein_pfad_je_muster(self) -> dict[str, str]:
        """One successfully crawled path per (pattern, language), for the expensive checks."""
        ergebnis = {}
        for pfad, status in self.status.items():
            if status != 200 or pfad.startswith("/static/"):
                continue
            muster = muster_von(pfad)
            schluessel = f"{'en' if pfad.startswith('/en/') else 'de'} {muster}"
            if muster is not None and schluessel not in ergebnis:
                ergebnis[schluessel] = urlsplit(pfad).path
        return ergebnis


def ursache(response) -> str:
    exc = getattr(response, "exc_info", None)
    return f"({exc[0].__name__}: {exc[1]})" if exc else ""


def alle_muster(resolver=None, namensraum=(), praefix=""):
    """(name, route, converters) of every URL pattern, includes resolved."""
    resolver = resolver or get_resolver()
    for eintrag in resolver.url_patterns:
        konverter = getattr(eintrag.pattern, "converters", {})
        if isinstance(eintrag, URLResolver):
            ns = (*namensraum, eintrag.namespace) if eintrag.namespace else namensraum
            for name, route, k in alle_muster(eintrag, ns, praefix + str(eintrag.pattern)):
                yield name, route, {**konverter, **k}
        elif isinstance(eintrag, URLPattern):
            name = ":".join((*namensraum, eintrag.name)) if eintrag.name else None
            yield name, praefix + str(eintrag.pattern), konverter


def crawl(client, start: str, limit: int = MAX_SEITEN) -> dict[str, int]:
    """Follows the public site's links from ``start``; returns {path: status} of its pages
    (static files left out)."""
    crawler = Crawler(client)
    crawler.crawlen([start], limit=limit)
    return {p: s for p, s in crawler.status.items() if not p.startswith("/static/")}
