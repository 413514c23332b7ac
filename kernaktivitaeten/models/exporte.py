"""Export jobs: a back-office export of many projects built by the task queue's worker
(``kernaktivitaeten/exporte/auftraege.py``, ADR 0013).

The requesting user follows the job on a progress page, gets a mail when the file is ready and
downloads it for ``EXPORT_AUFBEWAHRUNG_TAGE`` days; then the file is deleted and the job
``abgelaufen``. Only the requesting user and the Referat see a job (``sichtbar_fuer``).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Exportstatus(models.TextChoices):
    WARTEND = "wartend", _("wartet auf den Start")
    LAEUFT = "laeuft", _("wird erstellt")
    FERTIG = "fertig", _("fertig")
    FEHLGESCHLAGEN = "fehlgeschlagen", _("fehlgeschlagen")
    ABGELAUFEN = "abgelaufen", _("abgelaufen")


class Exportart(models.TextChoices):
    FORTSCHRITTSBERICHT = "fortschrittsbericht", _("Fortschrittsbericht")
    BERICHTSSTAND = "berichtsstand", _("Berichtsstand")


OFFENE_EXPORTSTATUS = (Exportstatus.WARTEND, Exportstatus.LAEUFT)


class ExportauftragQuerySet(models.QuerySet):
    def sichtbar_fuer(self, user):
        """The jobs ``user`` may follow and download: their own; the Referat every job."""
        from .. import rules

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if rules.ist_referat(user):
            return self
        return self.filter(angefordert_von=user)

    def eigene(self, user):
        """The jobs ``user`` requested (the notices on the back-office start page)."""
        return self.filter(angefordert_von=user) if user.is_authenticated else self.none()

    def abgelaufen(self, *, jetzt=None):
        """Finished jobs whose file is older than the keeping time."""
        jetzt = jetzt or timezone.now()
        grenze = jetzt - timedelta(days=settings.EXPORT_AUFBEWAHRUNG_TAGE)
        return self.filter(status=Exportstatus.FERTIG, fertig_am__lt=grenze)

    def neueste_zuerst(self):
        return self.order_by("-angelegt_am", "-pk")


class Exportauftrag(models.Model):
    """One requested export. ``parameter`` is the selection as plain values (ids, slugs),
    read again when the job runs; ``lauf`` counts the starts, so a task queued for an
    earlier start does nothing after a restart."""

    art = models.CharField(_("Art"), max_length=30, choices=Exportart.choices)
    format = models.CharField(_("Format"), max_length=10)
    parameter = models.JSONField(_("Auswahl"), default=dict, blank=True)
    beschreibung = models.CharField(_("Beschreibung"), max_length=300, blank=True)
    angefordert_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angefordert von"),
        on_delete=models.CASCADE,
        related_name="exportauftraege",
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Exportstatus.choices, default=Exportstatus.WARTEND
    )
    lauf = models.PositiveIntegerField(_("Lauf"), default=1)
    erledigt = models.PositiveIntegerField(_("erledigte Kernaktivitäten"), default=0)
    gesamt = models.PositiveIntegerField(_("Kernaktivitäten insgesamt"), default=0)
    angelegt_am = models.DateTimeField(_("angelegt am"), default=timezone.now)
    gestartet_am = models.DateTimeField(_("gestartet am"), null=True, blank=True)
    lebenszeichen_am = models.DateTimeField(_("letztes Lebenszeichen"), null=True, blank=True)
    fertig_am = models.DateTimeField(_("fertig am"), null=True, blank=True)
    fehlermeldung = models.TextField(_("Fehlermeldung"), blank=True)
    dateiname = models.CharField(_("Dateiname"), max_length=200, blank=True)
    datei = models.CharField(_("Datei in der Ablage"), max_length=300, blank=True)

    objects = ExportauftragQuerySet.as_manager()

    class Meta:
        verbose_name = _("Exportauftrag")
        verbose_name_plural = _("Exportaufträge")
        indexes = [models.Index(fields=["status", "fertig_am"], name="exportauftrag_status_idx")]

    def __str__(self):
        return f"{self.get_art_display()} ({self.format}), {self.get_status_display()}"

    @property
    def offen(self) -> bool:
        return self.status in OFFENE_EXPORTSTATUS

    @property
    def prozent(self) -> int:
        if self.status == Exportstatus.FERTIG:
            return 100
        return int(self.erledigt * 100 / self.gesamt) if self.gesamt else 0

    @property
    def gueltig_bis(self):
        if self.fertig_am is None:
            return None
        return self.fertig_am + timedelta(days=settings.EXPORT_AUFBEWAHRUNG_TAGE)

    def restzeit(self, *, jetzt=None) -> timedelta | None:
        """Estimated time left from the pace so far (None before the first part is done)."""
        if self.status != Exportstatus.LAEUFT or not self.gestartet_am or not self.erledigt:
            return None
        if self.erledigt >= self.gesamt:
            return timedelta(0)
        vergangen = (jetzt or timezone.now()) - self.gestartet_am
        return vergangen / self.erledigt * (self.gesamt - self.erledigt)
