"""Following by mail: an address (Abonnent) with its subscriptions (Abonnement) and the
notifications waiting for it (Zustellung of an Ereignis). ADR 0008.

Personal data here is the address alone. Deleting an Abonnent deletes its subscriptions and
waiting notifications with it (CASCADE); tasks in the queue carry ids only.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernaktivitaeten.models import Kernaktivitaet
from querschnitt.models import Nachhaltigkeitsziel
from zielsystem.models import Kompetenz, Schwerpunkt


def neuer_schluessel() -> str:
    return secrets.token_urlsafe(16)


class AbonnentQuerySet(models.QuerySet):
    def bestaetigt(self):
        return self.filter(bestaetigt_am__isnull=False)

    def unbestaetigt(self):
        return self.filter(bestaetigt_am__isnull=True)


class Abonnent(models.Model):
    class Rhythmus(models.TextChoices):
        SOFORT = "sofort", _("sofort, eine E-Mail je Neuigkeit")
        WOECHENTLICH = "woechentlich", _("einmal pro Woche, als Zusammenfassung")

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    sprache = models.CharField(_("Sprache"), max_length=5, default="de")
    rhythmus = models.CharField(
        _("Versand"), max_length=20, choices=Rhythmus.choices, default=Rhythmus.SOFORT
    )
    # Part of every signed link: a new value makes all earlier links of the address invalid.
    schluessel = models.CharField(max_length=32, default=neuer_schluessel, editable=False)
    angelegt_am = models.DateTimeField(default=timezone.now, editable=False)
    bestaetigt_am = models.DateTimeField(null=True, blank=True, editable=False)
    letzte_wochenuebersicht = models.DateTimeField(null=True, blank=True, editable=False)

    objects = AbonnentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Abonnement (Adresse)")
        verbose_name_plural = _("Abonnements")

    def __str__(self):
        return _("Adresse Nr. %(pk)s") % {"pk": self.pk}  # never the address in lists


class Ziel(models.TextChoices):
    PROJEKT = "projekt", _("Kernaktivität")
    KOMPETENZ = "kompetenz", _("Kompetenz")
    SCHWERPUNKT = "schwerpunkt", _("Schwerpunkt")
    SDG = "sdg", _("Nachhaltigkeitsziel")
    BESCHLUSSREGISTER = "beschlussregister", _("Beschlussregister")
    FILTER = "filter", _("Gespeicherte Katalogsuche")


class AbonnementQuerySet(models.QuerySet):
    def bestaetigt(self):
        return self.filter(bestaetigt=True, abonnent__bestaetigt_am__isnull=False)


class Abonnement(models.Model):
    abonnent = models.ForeignKey(Abonnent, on_delete=models.CASCADE, related_name="abonnements")
    ziel = models.CharField(_("Was"), max_length=20, choices=Ziel.choices)
    kernaktivitaet = models.ForeignKey(
        Kernaktivitaet, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kompetenz = models.ForeignKey(
        Kompetenz, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    schwerpunkt = models.ForeignKey(
        Schwerpunkt, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    sdg = models.ForeignKey(
        Nachhaltigkeitsziel, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A catalogue search as its normalised query string (kernaktivitaeten.filters.KatalogFilter).
    filter = models.CharField(max_length=500, blank=True, default="")
    bestaetigt = models.BooleanField(default=False)
    angelegt_am = models.DateTimeField(default=timezone.now, editable=False)

    objects = AbonnementQuerySet.as_manager()

    class Meta:
        verbose_name = _("Abonnement")
        verbose_name_plural = _("Abonnements")
        constraints = [
            *[
                models.UniqueConstraint(
                    fields=["abonnent", feld],
                    condition=Q(ziel=ziel),
                    name=f"abonnement_{ziel}_einmal",
                )
                for ziel, feld in [
                    ("projekt", "kernaktivitaet"),
                    ("kompetenz", "kompetenz"),
                    ("schwerpunkt", "schwerpunkt"),
                    ("sdg", "sdg"),
                    ("beschlussregister", "ziel"),
                    ("filter", "filter"),
                ]
            ],
            models.CheckConstraint(
                condition=(
                    Q(ziel="projekt", kernaktivitaet__isnull=False)
                    | Q(ziel="kompetenz", kompetenz__isnull=False)
                    | Q(ziel="schwerpunkt", schwerpunkt__isnull=False)
                    | Q(ziel="sdg", sdg__isnull=False)
                    | Q(ziel="beschlussregister")
                    | (Q(ziel="filter") & ~Q(filter=""))
                ),
                name="abonnement_ziel_angegeben",
            ),
        ]

    def __str__(self):
        return f"{self.get_ziel_display()} ({self.pk})"


class Ereignis(models.Model):
    """Something happened that followers are told about (bochum_strategie.lib.ereignisse)."""

    art = models.CharField(max_length=40)
    kernaktivitaet = models.ForeignKey(
        Kernaktivitaet, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    objekt_id = models.PositiveBigIntegerField(null=True, blank=True)
    daten = models.JSONField(default=dict, blank=True)
    zeitpunkt = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Ereignis")
        verbose_name_plural = _("Ereignisse")

    def __str__(self):
        return f"{self.art} ({self.zeitpunkt:%Y-%m-%d %H:%M})"


class Zustellung(models.Model):
    """A notification waiting to be mailed to one address (at once, or in the weekly digest)."""

    abonnent = models.ForeignKey(Abonnent, on_delete=models.CASCADE, related_name="zustellungen")
    ereignis = models.ForeignKey(Ereignis, on_delete=models.CASCADE, related_name="zustellungen")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["abonnent", "ereignis"], name="zustellung_einmal")
        ]

    def __str__(self):
        return f"{self.ereignis_id} → {self.abonnent_id}"
