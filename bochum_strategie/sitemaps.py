"""sitemap.xml: every public page, in German (the default, without prefix) and in English
(``/en/…``), each with the other language as alternate (hreflang) and German as x-default.

Addresses are built from settings.SITE_URL, not from the request's Host header, so that the
sitemap names the public address even behind a proxy.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from kernaktivitaeten.models import Kernaktivitaet
from querschnitt.models import Nachhaltigkeitsziel, Querschnittsthema
from zielsystem.models import Kompetenz, Schwerpunkt

from .models import Inhaltsseite


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        teile = urlsplit(settings.SITE_URL)
        return teile.netloc + teile.path


class FesteSeitenSitemap(PortalSitemap):
    """Pages without an object behind them."""

    priority = 0.8

    def items(self):
        return [
            "startseite",
            "zielsystem:uebersicht",
            "kernaktivitaeten:katalog",
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
        return Kernaktivitaet.objects.fuer_auswertung().only("slug", "aktualisiert").order_by("pk")

    def lastmod(self, item):
        return item.aktualisiert


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
    "inhaltsseiten": InhaltsseiteSitemap,
}
