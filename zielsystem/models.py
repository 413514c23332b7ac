"""The strategy's goal system (Zielsystem) as data.

Wesenskern → Kompetenzen → Schwerpunkte → programmatische Ziele. Nothing here is specific
to Bochum: another city loads its own strategy through fixtures or the back office.

Records whose text is cut or missing in the source carry ``unvollstaendig=True`` and a
``quellenhinweis`` that says what is missing, so the back office can complete them; the
portal never fills such gaps with invented text.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Quellenstand(models.Model):
    """Abstract: marks a record whose source text is incomplete."""

    unvollstaendig = models.BooleanField(
        _("Text unvollständig"),
        default=False,
        help_text=_("Gesetzt, wenn der Text in der Quelle abgeschnitten ist oder fehlt."),
    )
    quellenhinweis = models.CharField(
        _("Hinweis zur Quelle"),
        max_length=300,
        blank=True,
        help_text=_("Was in der Quelle fehlt, damit die Redaktion es ergänzen kann."),
    )

    class Meta:
        abstract = True


class StrategieQuerySet(models.QuerySet):
    def aktuelle(self):
        """The strategy the portal shows: the one with the latest horizon (None if none loaded)."""
        return self.order_by("-horizont", "pk").first()


class Strategie(models.Model):
    titel = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    horizont = models.PositiveSmallIntegerField(_("Zeithorizont (Jahr)"))
    praeambel = models.TextField(_("Präambel"), blank=True)
    leitbild = models.CharField(
        _("Leitbild"),
        max_length=200,
        blank=True,
        help_text=_('z. B. "Wissen – Wandel – Wir-Gefühl"'),
    )
    stand = models.CharField(_("Stand der Quelle"), max_length=100, blank=True)

    objects = StrategieQuerySet.as_manager()

    class Meta:
        verbose_name = _("Strategie")
        verbose_name_plural = _("Strategien")
        ordering = ["-horizont", "titel"]

    def __str__(self):
        return self.titel


class Wesenskernbegriff(Quellenstand):
    """One of the three terms of the Wesenskern with its short and long definition."""

    strategie = models.ForeignKey(
        Strategie, on_delete=models.CASCADE, related_name="wesenskern", verbose_name=_("Strategie")
    )
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"))
    begriff = models.CharField(_("Begriff"), max_length=100)
    kurzdefinition = models.CharField(_("Kurzdefinition"), max_length=300)
    beschreibung = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        verbose_name = _("Wesenskernbegriff")
        verbose_name_plural = _("Wesenskern")
        ordering = ["strategie", "reihenfolge"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategie", "reihenfolge"], name="wesenskern_reihenfolge_eindeutig"
            ),
            models.UniqueConstraint(
                fields=["strategie", "begriff"], name="wesenskern_begriff_eindeutig"
            ),
        ]

    def __str__(self):
        return self.begriff


# What a Kompetenz page shows of the Zielsystem below the Kompetenz.
ZIELE = ("strategische_ziele", "schwerpunkte__ziele")


class KompetenzQuerySet(models.QuerySet):
    def fuer_uebersicht(self):
        """Kompetenzen with their Schwerpunkte, ready for an overview page."""
        return self.prefetch_related("schwerpunkte")

    def mit_zielen(self):
        """Kompetenzen with strategic goals, Schwerpunkte and their programmatic goals."""
        return self.prefetch_related(*ZIELE)


class Kompetenz(Quellenstand):
    """One of the strategy's strengths, with its picture of 2030 and its responsible Vorstand."""

    strategie = models.ForeignKey(
        Strategie, on_delete=models.CASCADE, related_name="kompetenzen", verbose_name=_("Strategie")
    )
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"))
    slug = models.SlugField(_("Kurzname (URL)"), max_length=100, unique=True)
    titel = models.CharField(_("Titel"), max_length=200)
    bild_2030 = models.TextField(
        _("Das Bild im Jahr 2030"), blank=True, help_text=_("Absätze durch Leerzeilen trennen.")
    )
    vorstand = models.CharField(
        _("Zuständiger Vorstand"),
        max_length=200,
        blank=True,
        help_text=_("Bezeichnung des zuständigen Vorstandsbereichs."),
    )
    vorstandsmitglieder = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="vorstand_kompetenzen",
        blank=True,
        verbose_name=_("Vorstand (Benutzerkonten)"),
        help_text=_(
            "Diese Personen prüfen die Statusberichte der Kernaktivitäten dieser Kompetenz."
        ),
    )
    # Who reviews which Kompetenz is a question of rights: every change is kept, with the
    # members before and after.
    history = HistoricalRecords(m2m_fields=[vorstandsmitglieder])

    objects = KompetenzQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kompetenz")
        verbose_name_plural = _("Kompetenzen")
        ordering = ["strategie", "reihenfolge"]
        permissions = [
            ("vorstand_zuweisen_kompetenz", _("Darf den Vorstand einer Kompetenz zuweisen"))
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["strategie", "reihenfolge"], name="kompetenz_reihenfolge_eindeutig"
            ),
            models.UniqueConstraint(
                fields=["strategie", "titel"], name="kompetenz_titel_eindeutig"
            ),
        ]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse("zielsystem:kompetenz", kwargs={"slug": self.slug})

    def mit_zielen_laden(self) -> "Kompetenz":
        """Loads goals and Schwerpunkte into this instance (the queries of ``mit_zielen``),
        for a page that needs them only when its Zielsystem block is not cached."""
        models.prefetch_related_objects([self], *ZIELE)
        return self

    @property
    def bild_2030_absaetze(self) -> list[str]:
        return [absatz.strip() for absatz in self.bild_2030.split("\n\n") if absatz.strip()]


class StrategischesZiel(models.Model):
    kompetenz = models.ForeignKey(
        Kompetenz,
        on_delete=models.CASCADE,
        related_name="strategische_ziele",
        verbose_name=_("Kompetenz"),
    )
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"))
    text = models.TextField(_("Text"))
    # Goal texts are public statements: every change is kept (the public change log reads it).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Strategisches Ziel")
        verbose_name_plural = _("Strategische Ziele")
        ordering = ["kompetenz", "reihenfolge"]
        constraints = [
            models.UniqueConstraint(
                fields=["kompetenz", "reihenfolge"], name="strategisches_ziel_reihenfolge_eindeutig"
            )
        ]

    def __str__(self):
        return f"{self.kompetenz} – {self.reihenfolge}"


class SchwerpunktQuerySet(models.QuerySet):
    def mit_kompetenz(self):
        return self.select_related("kompetenz")


class Schwerpunkt(Quellenstand):
    """A focus area within a Kompetenz; its slug is unique within the Kompetenz."""

    kompetenz = models.ForeignKey(
        Kompetenz,
        on_delete=models.CASCADE,
        related_name="schwerpunkte",
        verbose_name=_("Kompetenz"),
    )
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"))
    slug = models.SlugField(_("Kurzname (URL)"), max_length=100)
    titel = models.CharField(_("Titel"), max_length=200)
    history = HistoricalRecords()

    objects = SchwerpunktQuerySet.as_manager()

    class Meta:
        verbose_name = _("Schwerpunkt")
        verbose_name_plural = _("Schwerpunkte")
        ordering = ["kompetenz__strategie", "kompetenz__reihenfolge", "reihenfolge"]
        constraints = [
            models.UniqueConstraint(
                fields=["kompetenz", "reihenfolge"], name="schwerpunkt_reihenfolge_eindeutig"
            ),
            models.UniqueConstraint(
                fields=["kompetenz", "slug"], name="schwerpunkt_slug_eindeutig"
            ),
        ]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse(
            "zielsystem:schwerpunkt",
            kwargs={"kompetenz_slug": self.kompetenz.slug, "slug": self.slug},
        )


class ProgrammatischesZiel(Quellenstand):
    """A "Wir …" goal sentence under a Schwerpunkt."""

    schwerpunkt = models.ForeignKey(
        Schwerpunkt, on_delete=models.CASCADE, related_name="ziele", verbose_name=_("Schwerpunkt")
    )
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"))
    text = models.TextField(_("Text"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Programmatisches Ziel")
        verbose_name_plural = _("Programmatische Ziele")
        ordering = ["schwerpunkt", "reihenfolge"]
        constraints = [
            models.UniqueConstraint(
                fields=["schwerpunkt", "reihenfolge"],
                name="programmatisches_ziel_reihenfolge_eindeutig",
            )
        ]

    def __str__(self):
        return self.text[:80]
