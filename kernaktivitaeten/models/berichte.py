"""Reporting on Kernaktivitäten: Berichtszeiträume, Statusberichte with their indicator values
and milestones, and the reminders that were sent."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .projekte import (
    Kennzahl,
    Kernaktivitaet,
    Meilenstein,
    Phase,
    auswertung_bedingung,
    oeffentlich_bedingung,
)


class BerichtszeitraumQuerySet(models.QuerySet):
    def offen(self):
        return self.filter(offen=True)

    def aktueller(self):
        """The open period with the earliest due date (the one leads work on now)."""
        return self.offen().order_by("faellig_am", "pk").first()


class Berichtszeitraum(models.Model):
    """A reporting period opened by the Referat, e.g. "2026 – 2. Halbjahr"."""

    name = models.CharField(_("Bezeichnung"), max_length=100, unique=True)
    beginn = models.DateField(_("Beginn"))
    ende = models.DateField(_("Ende"))
    faellig_am = models.DateField(_("Berichte fällig am"))
    offen = models.BooleanField(
        _("Offen"),
        default=True,
        help_text=_("Nur für offene Zeiträume werden Berichte erwartet und erinnert."),
    )

    objects = BerichtszeitraumQuerySet.as_manager()

    class Meta:
        verbose_name = _("Berichtszeitraum")
        verbose_name_plural = _("Berichtszeiträume")
        ordering = ["-ende", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ende__gte=F("beginn")), name="zeitraum_ende_nach_beginn"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.beginn and self.ende and self.ende < self.beginn:
            raise ValidationError({"ende": _("Das Ende liegt vor dem Beginn.")})

    @property
    def ueberfaellig(self) -> bool:
        return self.faellig_am < timezone.localdate()


class Ampel(models.TextChoices):
    IM_PLAN = "im_plan", _("im Plan")
    GEFAEHRDET = "gefaehrdet", _("gefährdet")
    KRITISCH = "kritisch", _("kritisch")


class Berichtsstatus(models.TextChoices):
    ENTWURF = "entwurf", _("Entwurf")
    EINGEREICHT = "eingereicht", _("eingereicht")
    FREIGEGEBEN = "freigegeben", _("freigegeben")
    ZURUECKGEGEBEN = "zurueckgegeben", _("zurückgegeben")


# A lead may edit a report in these states; everything else is read-only for everyone.
BEARBEITBARE_STATUS = [Berichtsstatus.ENTWURF, Berichtsstatus.ZURUECKGEGEBEN]


# What the public never sees of a report: the traffic light, next steps, risks, support needed
# and the reviewer's comment stay in the back office.
INTERNE_BERICHTSFELDER = [
    "naechste_schritte",
    "risiken",
    "unterstuetzungsbedarf",
    "pruefkommentar",
    "ampel",
]


def bericht_auswertung_bedingung(pfad: str = "") -> Q:
    """An approved report of a published real project (``Statusbericht.objects.fuer_auswertung``),
    for a report reached through ``pfad`` (e.g. inside a count annotation)."""
    return Q(**{f"{pfad}status": Berichtsstatus.FREIGEGEBEN}) & auswertung_bedingung(
        f"{pfad}kernaktivitaet__"
    )


class StatusberichtQuerySet(models.QuerySet):
    def freigegeben(self):
        return self.filter(status=Berichtsstatus.FREIGEGEBEN)

    def oeffentlich(self):
        """Approved reports of public projects, without their internal fields, newest first:
        what the project page shows."""
        return (
            self.filter(
                Q(status=Berichtsstatus.FREIGEGEBEN) & oeffentlich_bedingung("kernaktivitaet__")
            )
            .ohne_interna()
            .neueste_zuerst()
        )

    def fuer_auswertung(self):
        """Approved reports of published real projects: feeds, open data, dashboard."""
        return self.filter(bericht_auswertung_bedingung())

    def neueste_zuerst(self):
        """Newest report first: by the period's end, then the approval, then the id (a
        tie-breaker, so "the newest" is always the same one)."""
        return self.order_by("-berichtszeitraum__ende", "-geprueft_am", "-pk")

    def ohne_interna(self):
        """The internal fields not loaded (``INTERNE_BERICHTSFELDER``)."""
        return self.defer(*INTERNE_BERICHTSFELDER)

    def sichtbar_fuer(self, user):
        """The reports ``user`` sees in the back office (rules.berichte_filter: a lead's own,
        a Vorstand's Kompetenzen without drafts, everything for Referat and Administrator)."""
        from .. import rules

        bedingung = rules.berichte_filter(user)
        return self if bedingung is None else self.filter(bedingung).distinct()

    def mit_projekt(self):
        return self.select_related("kernaktivitaet__kompetenz", "berichtszeitraum")


class Statusbericht(models.Model):
    """A progress report of one Kernaktivität for one Berichtszeitraum.

    Workflow (kernaktivitaeten.services): Entwurf → eingereicht → freigegeben, or
    zurückgegeben (back to the lead with a comment, editable again). A freigegebener report is
    never changed again; a correction is a new report for the same period. There is at most
    one report per project and period that is not freigegeben. ``version`` guards against
    lost updates when two people edit the same draft.
    """

    kernaktivitaet = models.ForeignKey(
        Kernaktivitaet,
        on_delete=models.PROTECT,
        related_name="statusberichte",
        verbose_name=_("Kernaktivität"),
    )
    berichtszeitraum = models.ForeignKey(
        Berichtszeitraum,
        on_delete=models.PROTECT,
        related_name="statusberichte",
        verbose_name=_("Berichtszeitraum"),
    )
    phase = models.CharField(_("Phase"), max_length=20, choices=Phase.choices)
    fortschritt = models.PositiveSmallIntegerField(
        _("Fortschritt in %"), validators=[MaxValueValidator(100)]
    )
    ampel = models.CharField(
        _("Ampel (intern)"), max_length=20, choices=Ampel.choices, default=Ampel.IM_PLAN
    )
    # Markdown; may be empty in a draft, required when the report is submitted.
    erreicht = models.TextField(
        _("Was wurde erreicht?"),
        blank=True,
        help_text=_(
            "Öffentlicher Text: erscheint nach der Freigabe auf der Projektseite. Absätze durch "
            "eine Leerzeile trennen; **fett**, *kursiv*, Listen mit „- “, Links als "
            "[Text](https://…)."
        ),
    )
    naechste_schritte = models.TextField(_("Nächste Schritte (intern)"), blank=True)
    risiken = models.TextField(_("Risiken (intern)"), blank=True)
    unterstuetzungsbedarf = models.TextField(_("Unterstützungsbedarf (intern)"), blank=True)
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=Berichtsstatus.choices,
        default=Berichtsstatus.ENTWURF,
        editable=False,
    )
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
        verbose_name=_("Angelegt von"),
    )
    erstellt_am = models.DateTimeField(_("Angelegt am"), default=timezone.now, editable=False)
    eingereicht_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("Eingereicht von"),
    )
    eingereicht_am = models.DateTimeField(
        _("Eingereicht am"), null=True, blank=True, editable=False
    )
    geprueft_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("Geprüft von"),
    )
    geprueft_am = models.DateTimeField(_("Geprüft am"), null=True, blank=True, editable=False)
    pruefkommentar = models.TextField(_("Kommentar der Prüfung"), blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = StatusberichtQuerySet.as_manager()

    class Meta:
        verbose_name = _("Statusbericht")
        verbose_name_plural = _("Statusberichte")
        ordering = ["-berichtszeitraum__ende", "kernaktivitaet__titel", "-erstellt_am"]
        constraints = [
            models.UniqueConstraint(
                fields=["kernaktivitaet", "berichtszeitraum"],
                condition=~Q(status="freigegeben"),
                name="ein_offener_bericht_je_projekt_und_zeitraum",
            ),
            models.CheckConstraint(
                condition=Q(fortschritt__lte=100), name="bericht_fortschritt_bis_100"
            ),
        ]
        indexes = [
            models.Index(fields=["kernaktivitaet", "status", "berichtszeitraum"]),
            # The dashboard's projects with an approved report per period: one index-only
            # probe per period and project (docs/performance.md, section 5.2).
            models.Index(
                fields=["berichtszeitraum", "kernaktivitaet"],
                condition=Q(status="freigegeben"),
                name="bericht_freigegeben_zeitraum",
            ),
        ]

    def __str__(self):
        return f"{self.kernaktivitaet} – {self.berichtszeitraum}"

    @property
    def bearbeitbar(self) -> bool:
        return self.status in BEARBEITBARE_STATUS


class BerichtKennzahlwert(models.Model):
    """A new Kennzahl value reported in a Statusbericht; becomes a Messwert on approval."""

    statusbericht = models.ForeignKey(
        Statusbericht,
        on_delete=models.CASCADE,
        related_name="kennzahlwerte",
        verbose_name=_("Statusbericht"),
    )
    kennzahl = models.ForeignKey(
        Kennzahl, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kennzahl")
    )
    datum = models.DateField(_("Stand vom"))
    wert = models.DecimalField(_("Wert"), max_digits=14, decimal_places=2)
    quelle = models.CharField(_("Quelle"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Neuer Kennzahlwert")
        verbose_name_plural = _("Neue Kennzahlwerte")
        constraints = [
            models.UniqueConstraint(
                fields=["statusbericht", "kennzahl"], name="ein_wert_je_kennzahl_und_bericht"
            )
        ]

    def __str__(self):
        return f"{self.kennzahl}: {self.wert}"


class BerichtMeilenstein(models.Model):
    """A milestone reached in the report's period; sets Meilenstein.erreicht on approval."""

    statusbericht = models.ForeignKey(
        Statusbericht,
        on_delete=models.CASCADE,
        related_name="meilensteine",
        verbose_name=_("Statusbericht"),
    )
    meilenstein = models.ForeignKey(
        Meilenstein, on_delete=models.CASCADE, related_name="+", verbose_name=_("Meilenstein")
    )
    erreicht = models.DateField(_("Erreicht am"))

    class Meta:
        verbose_name = _("Erreichter Meilenstein")
        verbose_name_plural = _("Erreichte Meilensteine")
        constraints = [
            models.UniqueConstraint(
                fields=["statusbericht", "meilenstein"],
                name="ein_eintrag_je_meilenstein_und_bericht",
            )
        ]

    def __str__(self):
        return f"{self.meilenstein}: {self.erreicht}"


class Erinnerung(models.Model):
    """A reminder mail that was sent; makes the reminder command idempotent."""

    class Art(models.TextChoices):
        VORHER = "vorher", _("vor der Fälligkeit")
        NACHHER = "nachher", _("nach der Fälligkeit")

    berichtszeitraum = models.ForeignKey(
        Berichtszeitraum, on_delete=models.CASCADE, related_name="+"
    )
    kernaktivitaet = models.ForeignKey(Kernaktivitaet, on_delete=models.CASCADE, related_name="+")
    empfaenger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    art = models.CharField(max_length=10, choices=Art.choices)
    gesendet_am = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Versandte Erinnerung")
        verbose_name_plural = _("Versandte Erinnerungen")
        constraints = [
            models.UniqueConstraint(
                fields=["berichtszeitraum", "kernaktivitaet", "empfaenger", "art"],
                name="erinnerung_nur_einmal",
            )
        ]

    def __str__(self):
        return f"{self.empfaenger} – {self.kernaktivitaet} ({self.get_art_display()})"
