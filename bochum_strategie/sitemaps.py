"""The sitemap: every public page, in German (the default, without prefix) and in English
(``/en/…``), each with the other language as alternate (hreflang) and German as x-default.

``/sitemap.xml`` is a sitemap index (sitemaps protocol); it names one part per section and per
``TEILGROESSE`` addresses (``/sitemap-<section>.xml?p=2``). Index and parts are generated from
values (no model instances) and kept as files per Datenstand (``lib/dateicache.py``), gzipped
for clients that accept it; the views are in ``views.py``.

Addresses are built from settings.SITE_URL, not from the request's Host header, so that the
sitemap names the public address even behind a proxy.
"""

import math
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from kernaktivitaeten.models import Kernaktivitaet, Ratsbeschluss
from querschnitt.models import Nachhaltigkeitsziel, Querschnittsthema
from zielsystem.models import Kompetenz, Schwerpunkt

from .models import Inhaltsseite

# Addresses per part (each object counts once per language); the protocol allows 50,000.
TEILGROESSE = 2000


class PortalSitemap(Sitemap):
    limit = TEILGROESSE  # Django pages the (object, language) pairs
    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        teile = urlsplit(settings.SITE_URL)
        return teile.netloc + teile.path


def anzahl_teile(sitemap: Sitemap) -> int:
    """How many parts a section has, by one COUNT (Django's paginator would load every item:
    this is asked on every request, before the kept file is served)."""
    items = sitemap.items()
    anzahl = items.count() if isinstance(items, QuerySet) else len(items)
    adressen = anzahl * len(sitemap._languages())
    return max(1, math.ceil(adressen / sitemap.limit))


class FesteSeitenSitemap(PortalSitemap):
    """Pages without an object behind them."""

    priority = 0.8

    def items(self):
        return [
            "startseite",
            "zielsystem:uebersicht",
            "kernaktivitaeten:katalog",
            "beschluesse:register",
            "exporte:dashboard",
            "exporte:daten",
            "kernaktivitaeten:aenderungen",
            "querschnitt:themen",
            "querschnitt:sdgs",
        ]

    def location(self, item):
        return reverse(item)


class KompetenzSitemap(PortalSitemap):
    priority = 0.7

    def items(self):
        return Kompetenz.objects.order_by("reihenfolge", "pk")


class SchwerpunktSitemap(PortalSitemap):
    priority = 0.6

    def items(self):
        return Schwerpunkt.objects.select_related("kompetenz").order_by("pk")


class QuerschnittsthemaSitemap(PortalSitemap):
    priority = 0.6

    def items(self):
        return Querschnittsthema.objects.order_by("pk")


class NachhaltigkeitszielSitemap(PortalSitemap):
    priority = 0.4

    def items(self):
        return Nachhaltigkeitsziel.objects.order_by("nummer")


class KernaktivitaetSitemap(PortalSitemap):
    """Published projects only; an unpublished one is a 404 for the public."""

    priority = 0.7

    def items(self):
        return (
            Kernaktivitaet.objects.fuer_auswertung().order_by("pk").values("slug", "aktualisiert")
        )

    def location(self, item):
        return reverse("kernaktivitaeten:detail", kwargs={"slug": item["slug"]})

    def lastmod(self, item):
        return item["aktualisiert"]


class BeschlussSitemap(PortalSitemap):
    """Published real decisions of the Beschlussregister."""

    priority = 0.5

    def items(self):
        return (
            Ratsbeschluss.objects.fuer_auswertung()
            .order_by("pk")
            .values("vorlagennummer", "aktualisiert")
        )

    def location(self, item):
        return reverse("beschluesse:detail", kwargs={"vorlage": item["vorlagennummer"]})

    def lastmod(self, item):
        return item["aktualisiert"]


class InhaltsseiteSitemap(PortalSitemap):
    priority = 0.3

    def items(self):
        return Inhaltsseite.objects.only("art", "aktualisiert").order_by("art")

    def lastmod(self, item):
        return item.aktualisiert


SITEMAPS = {
    "seiten": FesteSeitenSitemap,
    "kompetenzen": KompetenzSitemap,
    "schwerpunkte": SchwerpunktSitemap,
    "querschnittsthemen": QuerschnittsthemaSitemap,
    "nachhaltigkeitsziele": NachhaltigkeitszielSitemap,
    "kernaktivitaeten": KernaktivitaetSitemap,
    "beschluesse": BeschlussSitemap,
    "inhaltsseiten": InhaltsseiteSitemap,
}
