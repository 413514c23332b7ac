"""Records of the portal itself: the texts of the pages the law asks for, and the feedback that
visitors send about barriers (docs/decisions/0006-seitentexte-im-projektpaket.md)."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bochum_strategie.lib.html import bereinigen

# Page texts may structure themselves with h2 (their page has only the title above them).
SEITENTEXT_TAGS = frozenset({"h2"})


def seitentext_bereinigen(html: str) -> str:
    """The formatting a page text may use; everything else (scripts, styles, …) is removed."""
    return bereinigen(html, weitere_tags=SEITENTEXT_TAGS)


class Inhaltsseite(models.Model):
    """One of the fixed pages: accessibility statement, Leichte Sprache, imprint, privacy.

    The set of pages is fixed (``art``, which is also the address); the Referat edits their
    text in the back office. ``unvollstaendig`` marks a text whose legally required facts are
    not all known yet; the page then says so visibly instead of showing invented details.
    """

    class Art(models.TextChoices):
        BARRIEREFREIHEIT = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")
        LEICHTE_SPRACHE = "leichte-sprache", _("Leichte Sprache")
        IMPRESSUM = "impressum", _("Impressum")
        DATENSCHUTZ = "datenschutz", _("Datenschutzerklärung")

    art = models.CharField(_("Art"), max_length=30, choices=Art.choices, unique=True)
    titel = models.CharField(_("Titel"), max_length=200)
    beschreibung = models.CharField(
        _("Kurzbeschreibung"),
        max_length=300,
        blank=True,
        help_text=_("Ein Satz für Suchmaschinen und Vorschauen (meta description)."),
    )
    inhalt = models.TextField(
        _("Inhalt"),
        help_text=_(
            "Formatierter Text (HTML): Absätze, Listen, Zwischenüberschriften (h2–h4), Links, "
            "fett und kursiv. Alles andere wird beim Speichern entfernt."
        ),
    )
    titel_en = models.CharField(_("Titel (Englisch)"), max_length=200, blank=True)
    beschreibung_en = models.CharField(_("Kurzbeschreibung (Englisch)"), max_length=300, blank=True)
    inhalt_en = models.TextField(
        _("Inhalt (Englisch)"),
        blank=True,
        help_text=_("Leer lassen, solange es keine Übersetzung gibt: dann gilt der deutsche Text."),
    )
    stand = models.DateField(_("Stand"), default=timezone.localdate)
    unvollstaendig = models.BooleanField(
        _("unvollständig"),
        default=False,
        help_text=_("Angaben fehlen noch; die Seite zeigt dann einen sichtbaren Hinweis."),
    )
    fehlende_angaben = models.TextField(
        _("Fehlende Angaben"),
        blank=True,
        help_text=_(
            "Was noch ergänzt wird, eine Angabe je Zeile; erscheint im Hinweis auf der Seite."
        ),
    )
    aktualisiert = models.DateTimeField(_("Aktualisiert"), auto_now=True)

    history = HistoricalRecords()

    URL_NAMEN = {
        Art.BARRIEREFREIHEIT: "barrierefreiheit",
        Art.LEICHTE_SPRACHE: "leichte_sprache",
        Art.IMPRESSUM: "impressum",
        Art.DATENSCHUTZ: "datenschutz",
    }

    class Meta:
        verbose_name = _("Inhaltsseite")
        verbose_name_plural = _("Inhaltsseiten")
        ordering = ["art"]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse(self.URL_NAMEN[self.art])

    @property
    def fehlende_angaben_liste(self) -> list[str]:
        return [zeile.strip() for zeile in self.fehlende_angaben.splitlines() if zeile.strip()]

    @property
    def englisch(self) -> bool:
        """Whether the page is shown in English: English is active and the text exists."""
        return (get_language() or "de").startswith("en") and bool(self.inhalt_en.strip())

    @property
    def anzeige_titel(self) -> str:
        return (self.titel_en or self.titel) if self.englisch else self.titel

    @property
    def anzeige_beschreibung(self) -> str:
        return (self.beschreibung_en or self.beschreibung) if self.englisch else self.beschreibung

    @property
    def anzeige_inhalt(self) -> str:
        """The text as safe HTML, sanitised again on output (rows may come from elsewhere
        than the admin form: fixtures, shell, a restored backup)."""
        return mark_safe(seitentext_bereinigen(self.inhalt_en if self.englisch else self.inhalt))


class Rueckmeldung(models.Model):
    """A visitor's message about a barrier on the portal. Never shown publicly; the Referat
    reads it in the back office and gets it by mail."""

    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), max_length=254, blank=True)
    nachricht = models.TextField(_("Nachricht"), max_length=5000)
    seite = models.CharField(
        _("Betroffene Seite"),
        max_length=500,
        blank=True,
        help_text=_("Adresse der Seite, auf die sich die Rückmeldung bezieht."),
    )
    erstellt = models.DateTimeField(_("Eingegangen"), default=timezone.now, editable=False)
    mail_gesendet = models.BooleanField(
        _("per E-Mail weitergeleitet"),
        default=False,
        help_text=_("Nein: die E-Mail an das Referat ist fehlgeschlagen; hier lesen."),
    )

    class Meta:
        verbose_name = _("Rückmeldung zur Barrierefreiheit")
        verbose_name_plural = _("Rückmeldungen zur Barrierefreiheit")
        ordering = ["-erstellt"]

    def __str__(self):
        return f"{timezone.localtime(self.erstellt):%d.%m.%Y %H:%M} – {self.nachricht[:60]}"
