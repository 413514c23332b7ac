"""Atom feeds of approved Statusberichte: all, and per Kompetenz.

Only published projects' approved reports, only their public text (phase, progress,
"Was wurde erreicht?"); no internal fields, no names. Each entry links to the project page;
its id stays stable when the project's slug changes (permanent address + report id).
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Stylesheet
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator

from zielsystem.models import Kompetenz

from ..models import Aenderung, Statusbericht

ANZAHL = 50


def oeffentliche_berichte():
    """Approved reports of published real projects, newest approval first, internals not
    loaded (demo projects' reports are left out, ADR 0007)."""
    return (
        Statusbericht.objects.fuer_auswertung()
        .select_related("kernaktivitaet__kompetenz", "berichtszeitraum")
        .ohne_interna()
        .order_by(F("geprueft_am").desc(nulls_last=True), "-pk")
    )


class LesbarerAtomFeed(Atom1Feed):
    """Atom with an ``<?xml-stylesheet?>`` processing instruction: a browser shows the feed
    as a readable page (static/feeds/atom.xsl, same host, no script); feed readers ignore
    the instruction. Django adds stylesheets to RSS only, hence this ``write``."""

    def write(self, outfile, encoding):
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", str(stylesheet))
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


class BerichteFeed(Feed):
    feed_type = LesbarerAtomFeed
    language = "de"

    def stylesheets(self):
        return [Stylesheet(static("feeds/atom.xsl"), mimetype="text/xsl")]

    def author_name(self):
        return _("Stadt Bochum")

    def title(self):
        return _("Statusberichte der Bochum Strategie")

    def subtitle(self):
        return _("Neu freigegebene Statusberichte der Kernaktivitäten der Bochum Strategie 2030.")

    def link(self):
        return reverse("exporte:dashboard")

    def items(self):
        return oeffentliche_berichte()[:ANZAHL]

    def item_title(self, bericht):
        return f"{bericht.kernaktivitaet.titel} – {bericht.berichtszeitraum.name}"

    def item_description(self, bericht):
        projekt = bericht.kernaktivitaet
        stand = _("Phase: %(phase)s · Fortschritt: %(fortschritt)s %%") % {
            "phase": bericht.get_phase_display(),
            "fortschritt": bericht.fortschritt,
        }
        kompetenz = (
            _("Kompetenz: %(kompetenz)s") % {"kompetenz": projekt.kompetenz.titel}
            if projekt.kompetenz
            else ""
        )
        kopf = " · ".join(teil for teil in (kompetenz, stand) if teil)
        return f"<p>{escape(kopf)}</p>{linebreaks(escape(bericht.erreicht))}"

    def item_link(self, bericht):
        return bericht.kernaktivitaet.get_absolute_url()

    def item_guid(self, bericht):
        adresse = settings.SITE_URL + bericht.kernaktivitaet.get_permanent_url()
        return f"{adresse}#statusbericht-{bericht.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, bericht):
        return bericht.geprueft_am

    def item_updateddate(self, bericht):
        return bericht.geprueft_am

    def item_categories(self, bericht):
        projekt = bericht.kernaktivitaet
        return [projekt.kompetenz.titel] if projekt.kompetenz else []


class KompetenzBerichteFeed(BerichteFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Kompetenz, slug=slug)

    def title(self, kompetenz):
        return _("Statusberichte: %(kompetenz)s") % {"kompetenz": kompetenz.titel}

    def subtitle(self, kompetenz):
        return _(
            "Neu freigegebene Statusberichte der Kernaktivitäten der Kompetenz „%(kompetenz)s“."
        ) % {"kompetenz": kompetenz.titel}

    def link(self, kompetenz):
        return kompetenz.get_absolute_url()

    def items(self, kompetenz):
        return oeffentliche_berichte().filter(kernaktivitaet__kompetenz=kompetenz)[:ANZAHL]


class AenderungenFeed(BerichteFeed):
    """The public change log (/aenderungen/) as Atom: date, what changed (before → after), the
    reason and the organisation; never a person."""

    def title(self):
        return _("Änderungsprotokoll der Bochum Strategie")

    def subtitle(self):
        return _(
            "Änderungen mit öffentlicher Bedeutung an Zielen, Kernaktivitäten und Zielwerten, "
            "mit Begründung."
        )

    def link(self):
        return reverse("kernaktivitaeten:aenderungen")

    def items(self):
        return Aenderung.objects.fuer_auswertung().neueste_zuerst()[:ANZAHL]

    def item_title(self, aenderung):
        return f"{aenderung.objekt_titel}: {aenderung.feld_name}"

    def item_description(self, aenderung):
        leer = _("(leer)")
        zeilen = [
            _("Vorher: %(wert)s") % {"wert": aenderung.vorher or leer},
            _("Nachher: %(wert)s") % {"wert": aenderung.nachher or leer},
            _("Begründung: %(wert)s") % {"wert": aenderung.begruendung or _("keine angegeben")},
            _("Organisation: %(wert)s") % {"wert": aenderung.organisation},
        ]
        return "".join(f"<p>{escape(zeile)}</p>" for zeile in zeilen)

    def item_link(self, aenderung):
        """The changed thing's page (the log's pages move as entries are added)."""
        return aenderung.objekt_url or reverse("kernaktivitaeten:aenderungen")

    def item_guid(self, aenderung):
        return f"{settings.SITE_URL}/aenderungen/#aenderung-{aenderung.pk}"

    def item_pubdate(self, aenderung):
        return aenderung.datum

    def item_updateddate(self, aenderung):
        return aenderung.datum

    def item_categories(self, aenderung):
        return [str(aenderung.get_art_display())]
