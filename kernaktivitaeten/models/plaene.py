"""How plans moved: dated shifts of milestones and project end dates (``Terminaenderung``), and
the public change log (``Aenderung``) derived from the audit history.

A planned date that was public once (its ``basisplan`` is frozen) changes only through a
Statusbericht: the lead enters the new date with a reason, the Vorstand sees both in the
review, and the approval writes the date and keeps the entry (old date, new date, reason,
approving report). The change log is built from django-simple-history by
``kernaktivitaeten.aenderungen``; it keeps public fields only, never the person who changed
something, only the organisation.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .berichte import Berichtsstatus, Statusbericht
from .projekte import Kernaktivitaet, Meilenstein, auswertung_bedingung, oeffentlich_bedingung


class TerminaenderungQuerySet(models.QuerySet):
    def freigegeben(self):
        """Shifts approved with their report (the dated entries of a plan's history)."""
        return self.filter(statusbericht__status=Berichtsstatus.FREIGEGEBEN)

    def oeffentlich(self):
        """Approved shifts of public projects: what the project page shows, oldest first."""
        return (
            self.freigegeben()
            .filter(oeffentlich_bedingung("statusbericht__kernaktivitaet__"))
            .select_related("statusbericht__berichtszeitraum")
            .only(
                "meilenstein_id",
                "geplant_alt",
                "geplant_neu",
                "begruendung",
                "statusbericht__kernaktivitaet_id",
                "statusbericht__geprueft_am",
                "statusbericht__berichtszeitraum__name",
            )
            .order_by("statusbericht__geprueft_am", "pk")
        )

    def fuer_auswertung(self):
        """Approved shifts of published real projects (open data, public figures)."""
        return self.freigegeben().filter(auswertung_bedingung("statusbericht__kernaktivitaet__"))


class Terminaenderung(models.Model):
    """A new planned date for a milestone (or, without a milestone, for the project's end),
    with its reason, reported in a Statusbericht.

    Until the report is approved it is a proposal the Vorstand reviews; the approval fills
    ``geplant_alt`` with the date it replaces and writes ``geplant_neu`` into the plan. An
    approved report is never changed again, so the entry stays as it was approved.
    """

    statusbericht = models.ForeignKey(
        Statusbericht,
        on_delete=models.CASCADE,
        related_name="terminaenderungen",
        verbose_name=_("Statusbericht"),
    )
    meilenstein = models.ForeignKey(
        Meilenstein,
        on_delete=models.CASCADE,
        related_name="terminaenderungen",
        null=True,
        blank=True,
        verbose_name=_("Meilenstein"),
        help_text=_("Leer: das geplante Ende des Projekts."),
    )
    geplant_neu = models.DateField(_("Neues geplantes Datum"))
    begruendung = models.TextField(
        _("Begründung"),
        max_length=1000,
        help_text=_("Öffentlich nach der Freigabe: Warum verschiebt sich der Termin?"),
    )
    geplant_alt = models.DateField(
        _("Bisher geplant"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Bei der Freigabe festgehalten."),
    )

    objects = TerminaenderungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Terminänderung")
        verbose_name_plural = _("Terminänderungen (mit Begründung)")
        constraints = [
            models.UniqueConstraint(
                fields=["statusbericht", "meilenstein"],
                name="eine_terminaenderung_je_meilenstein_und_bericht",
            ),
            models.UniqueConstraint(
                fields=["statusbericht"],
                condition=Q(meilenstein__isnull=True),
                name="eine_aenderung_des_projektendes_je_bericht",
            ),
            models.CheckConstraint(
                condition=~Q(begruendung=""), name="terminaenderung_begruendung_pflicht"
            ),
        ]

    def __str__(self):
        ziel = self.meilenstein.titel if self.meilenstein_id else _("Projektende")
        return f"{ziel}: {self.geplant_neu:%d.%m.%Y}"


class AenderungQuerySet(models.QuerySet):
    def fuer_auswertung(self):
        """The public change log: changes of the Zielsystem, and of published real projects
        (a project's changes are public as long as the project is; demo projects never)."""
        return self.filter(
            Q(kernaktivitaet__isnull=True) | auswertung_bedingung("kernaktivitaet__")
        ).select_related("kernaktivitaet")

    def neueste_zuerst(self):
        return self.order_by("-datum", "-pk")

    def ohne_begruendung(self):
        return self.filter(begruendung="")


class Aenderung(models.Model):
    """One change of public meaning, derived from one audit-history entry and one field.

    Stores values as display text at the time of the change (a renamed Kompetenz does not
    rewrite old entries). ``organisation`` is the responsible organisation (the project's
    lead organisation, the city for the Zielsystem), never a person.
    """

    class Art(models.TextChoices):
        KERNAKTIVITAET = "kernaktivitaet", _("Kernaktivität")
        KENNZAHL = "kennzahl", _("Kennzahl")
        KOMPETENZ = "kompetenz", _("Kompetenz")
        STRATEGISCHES_ZIEL = "strategisches_ziel", _("Strategisches Ziel")
        SCHWERPUNKT = "schwerpunkt", _("Schwerpunkt")
        PROGRAMMATISCHES_ZIEL = "programmatisches_ziel", _("Programmatisches Ziel")

    datum = models.DateTimeField(_("Geändert am"), db_index=True)
    art = models.CharField(_("Art"), max_length=30, choices=Art.choices)
    objekt_id = models.PositiveIntegerField(_("Kennung des Objekts"))
    objekt_titel = models.CharField(_("Objekt"), max_length=300)
    objekt_url = models.CharField(_("Adresse"), max_length=300, blank=True)
    kernaktivitaet = models.ForeignKey(
        Kernaktivitaet,
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("Kernaktivität"),
    )
    feld = models.CharField(_("Feld"), max_length=50)
    feld_name = models.CharField(_("Was"), max_length=100)
    vorher = models.TextField(_("Vorher"), blank=True)
    nachher = models.TextField(_("Nachher"), blank=True)
    begruendung = models.CharField(
        _("Begründung"),
        max_length=500,
        blank=True,
        help_text=_("Kurz und öffentlich: Warum wurde das geändert?"),
    )
    organisation = models.CharField(_("Organisation"), max_length=200)
    quelle = models.CharField(_("Quelle (Historientabelle)"), max_length=100, editable=False)
    history_id = models.PositiveIntegerField(_("Eintrag der Historie"), editable=False)
    history = HistoricalRecords()  # who added a reason, for the Referat

    objects = AenderungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Änderung (Änderungsprotokoll)")
        verbose_name_plural = _("Änderungsprotokoll")
        ordering = ["-datum", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["quelle", "history_id", "feld"], name="aenderung_je_eintrag_und_feld"
            )
        ]

    def __str__(self):
        return f"{self.objekt_titel}: {self.feld_name}"


class Protokollstand(models.Model):
    """How far the change log has read each audit-history table (the last entry's id)."""

    quelle = models.CharField(max_length=100, unique=True)
    letzte_id = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Stand des Änderungsprotokolls")
        verbose_name_plural = _("Stand des Änderungsprotokolls")

    def __str__(self):
        return f"{self.quelle}: {self.letzte_id}"
