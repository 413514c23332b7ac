"""The Beschlussregister: council decisions of the strategy, what they adopted, and whether
they were carried out.

A ``Ratsbeschluss`` is a decision of the council or one of its committees (docs/decisions/0011:
the model keeps its name and table, it grew from the "Tranche" record). It adopted a Tranche of
Kernaktivitäten (``Kernaktivitaet.ratsbeschluss``), may concern further ones
(``betroffene_kernaktivitaeten``) and serves goals of the strategy (Schwerpunkte, programmatische
Ziele). Its implementation status changes only through ``kernaktivitaeten.beschluesse.services``,
which records each change as a ``Beschlussstatusaenderung`` with its reason.

What no source states stays empty (date, body, deadline, status) and is shown as
"nicht erfasst" — never guessed.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zielsystem.models import ProgrammatischesZiel, Schwerpunkt


class Gremium(models.TextChoices):
    RAT = "rat", _("Rat der Stadt")
    AUSSCHUSS = "ausschuss", _("Ausschuss")
    BEZIRKSVERTRETUNG = "bezirksvertretung", _("Bezirksvertretung")


class Beschlussstatus(models.TextChoices):
    OFFEN = "offen", _("offen")
    UMSETZUNG = "umsetzung", _("in Umsetzung")
    TEILWEISE = "teilweise", _("teilweise umgesetzt")
    UMGESETZT = "umgesetzt", _("umgesetzt")
    UEBERHOLT = "ueberholt", _("überholt")
    AUFGEHOBEN = "aufgehoben", _("aufgehoben")


# Order of progress; a change to a lower rank goes backwards. "überholt" and "aufgehoben" end a
# decision without implementing it: leaving them again also goes backwards.
STATUS_RANG = {
    Beschlussstatus.OFFEN: 0,
    Beschlussstatus.UMSETZUNG: 1,
    Beschlussstatus.TEILWEISE: 2,
    Beschlussstatus.UMGESETZT: 3,
}
ENDSTATUS = {Beschlussstatus.UEBERHOLT, Beschlussstatus.AUFGEHOBEN}
# With these a deadline no longer runs: nothing is overdue.
ERLEDIGTE_STATUS = [
    Beschlussstatus.UMGESETZT,
    Beschlussstatus.UEBERHOLT,
    Beschlussstatus.AUFGEHOBEN,
]

# What the public register, its page, feed and dataset may show; everything else (internal
# notes, who edited, import bookkeeping) stays in the back office.
OEFFENTLICHE_FELDER = [
    "vorlagennummer",
    "datum",
    "jahr",
    "gremium",
    "gremium_name",
    "titel",
    "zusammenfassung",
    "tenor",
    "ris_url",
    "organisation",
    "frist",
    "status",
    "status_grund",
    "status_seit",
    "quellen",
    "angaben_laut_quellen",
    "veroeffentlicht",
    "demo",
    "aktualisiert",
]


def status_geht_zurueck(vorher: str, nachher: str) -> bool:
    """Whether a change from ``vorher`` to ``nachher`` goes backwards (see ``STATUS_RANG``)."""
    if not vorher or vorher == nachher:
        return False
    if vorher in ENDSTATUS or not nachher:
        return True
    if nachher in ENDSTATUS:
        return False
    return STATUS_RANG[nachher] < STATUS_RANG[vorher]


def grund_erforderlich(
    *, status_vorher: str, status: str, frist_vorher, frist, heute: date | None = None
) -> list[str]:
    """Why a change needs a stated reason (empty list: none needed)."""
    heute = heute or timezone.localdate()
    gruende = []
    if status_geht_zurueck(status_vorher, status):
        gruende.append(str(_("Der Umsetzungsstand geht zurück.")))
    if frist_vorher and frist != frist_vorher and (frist is None or frist > frist_vorher):
        gruende.append(str(_("Die Frist wird verschoben oder aufgehoben.")))
    if frist and frist < heute and status not in ERLEDIGTE_STATUS:
        gruende.append(str(_("Die Frist ist abgelaufen, ohne dass der Beschluss umgesetzt ist.")))
    return gruende


def ueberfaellig_bedingung(heute: date | None = None, pfad: str = "") -> Q:
    """Deadline passed without the decision being done (or superseded, or repealed)."""
    heute = heute or timezone.localdate()
    return Q(**{f"{pfad}frist__lt": heute}) & ~Q(**{f"{pfad}status__in": ERLEDIGTE_STATUS})


class RatsbeschlussQuerySet(models.QuerySet):
    def oeffentlich(self):
        """What anonymous visitors may see: published decisions (demo ones labelled)."""
        return self.filter(veroeffentlicht=True)

    def fuer_auswertung(self):
        """What public figures, feeds and open data count: published and real (ADR 0007)."""
        return self.filter(veroeffentlicht=True, demo=False)

    def echt(self):
        return self.filter(demo=False)

    def ueberfaellig(self, heute: date | None = None):
        return self.filter(ueberfaellig_bedingung(heute))

    def fuer_kompetenzen(self, kompetenz_ids):
        """Decisions that serve a Kompetenz: through a linked Schwerpunkt or programmatic goal
        of it, or an adopted or concerned Kernaktivität of it. Semi-joins, no DISTINCT."""
        from .projekte import Kernaktivitaet

        modell = self.model
        ids = list(kompetenz_ids)
        return self.filter(
            Q(
                pk__in=modell.schwerpunkte.through.objects.filter(
                    schwerpunkt__kompetenz__in=ids
                ).values("ratsbeschluss")
            )
            | Q(
                pk__in=modell.programmatische_ziele.through.objects.filter(
                    programmatischesziel__schwerpunkt__kompetenz__in=ids
                ).values("ratsbeschluss")
            )
            | Q(
                pk__in=modell.betroffene_kernaktivitaeten.through.objects.filter(
                    kernaktivitaet__kompetenz__in=ids
                ).values("ratsbeschluss")
            )
            | Q(
                pk__in=Kernaktivitaet.objects.filter(
                    kompetenz__in=ids, ratsbeschluss__isnull=False
                ).values("ratsbeschluss")
            )
        )

    def sichtbar_fuer(self, user):
        """The decisions ``user`` sees in the back office (rules.beschluesse_filter)."""
        from .. import rules

        kompetenzen = rules.beschluesse_kompetenzen(user)
        if kompetenzen is None:
            return self
        return self.fuer_kompetenzen(kompetenzen)

    def mit_umsetzungsstand(self):
        """Annotates ``anzahl_projekte`` / ``anzahl_umgesetzt``: public Kernaktivitäten the
        decision adopted (its Tranche), and how many of them are done. One query, however many
        decisions (subqueries, no join that multiplies rows)."""
        from .projekte import ABGESCHLOSSENE_PHASEN, Kernaktivitaet, oeffentlich_bedingung

        projekte = (
            Kernaktivitaet.objects.filter(oeffentlich_bedingung(), ratsbeschluss=OuterRef("pk"))
            .order_by()
            .values("ratsbeschluss")
        )
        gesamt = projekte.annotate(n=Count("pk")).values("n")
        fertig = (
            projekte.filter(phase__in=ABGESCHLOSSENE_PHASEN).annotate(n=Count("pk")).values("n")
        )
        return self.annotate(
            anzahl_projekte=Coalesce(Subquery(gesamt), 0),
            anzahl_umgesetzt=Coalesce(Subquery(fertig), 0),
        )

    def fuer_register(self):
        """Public decisions with what a register row shows, in one query."""
        return (
            self.oeffentlich()
            .select_related("organisation")
            .only(*OEFFENTLICHE_FELDER, "organisation__name")
            .mit_umsetzungsstand()
        )


class Ratsbeschluss(models.Model):
    """A council decision; it may have adopted a Tranche of Kernaktivitäten."""

    vorlagennummer = models.CharField(
        _("Vorlagennummer"),
        max_length=30,
        unique=True,
        help_text=_("Nummer der Vorlage oder Drucksache im Ratsinformationssystem."),
    )
    datum = models.DateField(_("Datum des Beschlusses"), null=True, blank=True)
    jahr = models.PositiveSmallIntegerField(
        _("Jahr des Beschlusses"),
        null=True,
        blank=True,
        help_text=_("Wenn eine Quelle nur das Jahr nennt; bei bekanntem Datum dessen Jahr."),
    )
    gremium = models.CharField(
        _("Beschließendes Gremium"), max_length=20, choices=Gremium.choices, blank=True
    )
    gremium_name = models.CharField(
        _("Name des Gremiums"),
        max_length=200,
        blank=True,
        help_text=_("Z. B. der Name des Ausschusses."),
    )
    titel = models.CharField(_("Titel"), max_length=300, blank=True)
    zusammenfassung = models.TextField(
        _("Kurzfassung"), blank=True, help_text=_("In eigenen Worten, in wenigen Sätzen.")
    )
    tenor = models.TextField(
        _("Beschlossen wurde"),
        blank=True,
        help_text=_("Der Beschlusstenor, wie das Referat ihn einträgt."),
    )
    ris_url = models.URLField(
        _("Im Ratsinformationssystem"),
        max_length=500,
        blank=True,
        help_text=_("Adresse der Vorlage im Ratsinformationssystem der Stadt."),
    )
    organisation = models.ForeignKey(
        "kernaktivitaeten.Organisation",
        on_delete=models.PROTECT,
        related_name="beschluesse",
        null=True,
        blank=True,
        verbose_name=_("Verantwortliche Organisation"),
    )
    frist = models.DateField(_("Frist"), null=True, blank=True)
    status = models.CharField(
        _("Umsetzungsstand"),
        max_length=20,
        choices=Beschlussstatus.choices,
        blank=True,
        help_text=_("Leer, solange keine Quelle den Stand nennt."),
    )
    status_grund = models.TextField(
        _("Begründung zum Stand"),
        blank=True,
        help_text=_(
            "Öffentlich. Pflicht, wenn die Frist abgelaufen ist, verschoben wird oder der "
            "Stand zurückgeht."
        ),
    )
    status_seit = models.DateTimeField(_("Stand seit"), null=True, blank=True, editable=False)
    schwerpunkte = models.ManyToManyField(
        Schwerpunkt, related_name="beschluesse", blank=True, verbose_name=_("Schwerpunkte")
    )
    programmatische_ziele = models.ManyToManyField(
        ProgrammatischesZiel,
        related_name="beschluesse",
        blank=True,
        verbose_name=_("Programmatische Ziele"),
    )
    betroffene_kernaktivitaeten = models.ManyToManyField(
        "kernaktivitaeten.Kernaktivitaet",
        related_name="weitere_beschluesse",
        blank=True,
        verbose_name=_("Weitere betroffene Kernaktivitäten"),
        help_text=_(
            "Kernaktivitäten, die der Beschluss betrifft, ohne sie als Tranche zu beschließen."
        ),
    )
    veroeffentlicht = models.BooleanField(
        _("Veröffentlicht"),
        default=True,
        help_text=_("Aus OParl neu importierte Beschlüsse sind zunächst nicht veröffentlicht."),
    )
    demo = models.BooleanField(_("Beispieldaten"), default=False)
    quellen = models.JSONField(
        _("Quellen"), default=list, blank=True, help_text=_("Adressen (URLs), eine Liste.")
    )
    angaben_laut_quellen = models.TextField(
        _("Angaben laut Quellen"),
        blank=True,
        help_text=_("Was die Quellen über den Beschluss sagen, wie geladen; öffentlich."),
    )
    anmerkungen_referat = models.TextField(_("Anmerkungen für das Referat (intern)"), blank=True)
    oparl_id = models.URLField(
        _("OParl-Kennung"),
        max_length=500,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Adresse des OParl-Objekts „Paper“, aus dem der Beschluss importiert wurde."),
    )
    oparl_geaendert = models.DateTimeField(
        _("Stand in OParl"), null=True, blank=True, editable=False
    )
    handbearbeitet = models.JSONField(
        _("Von Hand bearbeitete Felder"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Der OParl-Import überschreibt diese Felder nicht."),
    )
    erstellt = models.DateTimeField(_("Angelegt"), default=timezone.now, editable=False)
    aktualisiert = models.DateTimeField(_("Zuletzt geändert"), default=timezone.now)
    history = HistoricalRecords(
        m2m_fields=[schwerpunkte, programmatische_ziele, betroffene_kernaktivitaeten]
    )

    objects = RatsbeschlussQuerySet.as_manager()

    class Meta:
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")
        ordering = ["-datum", "-jahr", "vorlagennummer"]
        indexes = [
            models.Index(
                fields=["veroeffentlicht", "status", "frist"], name="ratsbeschluss_register"
            )
        ]

    def __str__(self):
        if self.datum:
            return _("Vorlage %(nummer)s vom %(datum)s") % {
                "nummer": self.vorlagennummer,
                "datum": self.datum.strftime("%d.%m.%Y"),
            }
        if self.jahr:
            return _("Vorlage %(nummer)s (%(jahr)s)") % {
                "nummer": self.vorlagennummer,
                "jahr": self.jahr,
            }
        return _("Vorlage %(nummer)s") % {"nummer": self.vorlagennummer}

    def get_absolute_url(self):
        return reverse("beschluesse:detail", kwargs={"vorlage": self.vorlagennummer})

    def clean(self):
        errors = {}
        if self.datum and self.jahr and self.jahr != self.datum.year:
            errors["jahr"] = _("Das Jahr passt nicht zum Datum des Beschlusses.")
        if errors:
            raise ValidationError(errors)

    @property
    def beschlussjahr(self):
        return self.datum.year if self.datum else self.jahr

    @property
    def ueberfaellig(self) -> bool:
        return bool(
            self.frist and self.frist < timezone.localdate() and self.status not in ERLEDIGTE_STATUS
        )

    @property
    def status_anzeige(self):
        return self.get_status_display() if self.status else _("nicht erfasst")

    @property
    def gremium_anzeige(self):
        if self.gremium_name:
            return self.gremium_name
        return self.get_gremium_display() if self.gremium else ""


class BeschlussstatusaenderungQuerySet(models.QuerySet):
    def oeffentlich(self):
        """Changes of public real decisions, without who made them (the feed, the page)."""
        return self.filter(beschluss__veroeffentlicht=True, beschluss__demo=False).defer(
            "geaendert_von"
        )


class Beschlussstatusaenderung(models.Model):
    """One change of a decision's status or deadline, with the reason given; written only by
    ``beschluesse.services``. Public except for who made it."""

    beschluss = models.ForeignKey(
        Ratsbeschluss,
        on_delete=models.CASCADE,
        related_name="statusaenderungen",
        verbose_name=_("Beschluss"),
    )
    zeitpunkt = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)
    status_vorher = models.CharField(
        _("Stand vorher"), max_length=20, choices=Beschlussstatus.choices, blank=True
    )
    status = models.CharField(
        _("Stand"), max_length=20, choices=Beschlussstatus.choices, blank=True
    )
    frist_vorher = models.DateField(_("Frist vorher"), null=True, blank=True)
    frist = models.DateField(_("Frist"), null=True, blank=True)
    grund = models.TextField(_("Begründung"), blank=True)
    geaendert_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Geändert von"),
    )
    quelle = models.CharField(
        _("Herkunft"),
        max_length=20,
        choices=[("backoffice", _("Backoffice")), ("oparl", _("OParl-Import"))],
        default="backoffice",
    )

    objects = BeschlussstatusaenderungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Änderung des Umsetzungsstands")
        verbose_name_plural = _("Änderungen des Umsetzungsstands")
        ordering = ["-zeitpunkt", "-pk"]

    def __str__(self):
        return f"{self.beschluss.vorlagennummer}: {self.get_status_display() or '–'}"
