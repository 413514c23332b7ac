"""Kernaktivitäten: the strategy's projects, their milestones, indicators and images.

A Kernaktivität belongs to one Kompetenz and one or more of its Schwerpunkte, is tagged with
Querschnittsthemen and SDGs, and was adopted by a Ratsbeschluss (Tranche). Facts that the
sources do not give (e.g. the Kompetenz or phase of some real example projects) stay empty
and are shown as "noch nicht erfasst" instead of being guessed.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, StringAgg, Subquery, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from querschnitt.models import Nachhaltigkeitsziel, Querschnittsthema
from zielsystem.models import Kompetenz, Schwerpunkt

from .beschluesse import Ratsbeschluss


class Organisation(models.Model):
    class Art(models.TextChoices):
        STADT = "stadt", _("Amt / Referat der Stadt Bochum")
        TOCHTER = "tochter", _("Tochtergesellschaft")

    name = models.CharField(_("Name"), max_length=200, unique=True)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=100, unique=True)
    art = models.CharField(
        _("Art"),
        max_length=20,
        choices=Art.choices,
        blank=True,
        help_text=_("Leer, solange keine Quelle sagt, ob Amt oder Tochtergesellschaft."),
    )
    demo = models.BooleanField(_("Beispieldaten"), default=False)

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Phase(models.TextChoices):
    VORBEREITUNG = "vorbereitung", _("in Vorbereitung")
    UMSETZUNG = "umsetzung", _("in Umsetzung")
    UMGESETZT = "umgesetzt", _("umgesetzt")
    REGELBETRIEB = "regelbetrieb", _("im Regelbetrieb")
    RUHEND = "ruhend", _("ruhend")
    EINGESTELLT = "eingestellt", _("eingestellt")
    AUFGEGANGEN = "aufgegangen", _("aufgegangen in anderem Projekt")


# Phases in which a project counts as done ("48 von 125 umgesetzt").
ABGESCHLOSSENE_PHASEN = [Phase.UMGESETZT, Phase.REGELBETRIEB]

# Phases in which a project owes no Statusbericht: done (umgesetzt, im Regelbetrieb), stopped
# (eingestellt) or continued in another project (aufgegangen). A "ruhend" project still reports
# (why it rests and whether it resumes). Glossary and reasons: docs/berichtswesen.md.
PHASEN_OHNE_BERICHTSPFLICHT = [
    Phase.UMGESETZT,
    Phase.REGELBETRIEB,
    Phase.EINGESTELLT,
    Phase.AUFGEGANGEN,
]


# The fields a project card shows (templates/kernaktivitaeten/_karte.html).
KARTENFELDER = ["titel", "slug", "projektziel", "kompetenz", "phase", "fortschritt", "demo"]


def oeffentlich_bedingung(pfad: str = "") -> Q:
    """The one rule of what anonymous visitors may see of a project: published (real and,
    while there are any, demo projects, each labelled on its card and page). ``pfad`` reaches
    the project from a related record, e.g. ``"kernaktivitaet__"``."""
    return Q(**{f"{pfad}veroeffentlicht": True})


def auswertung_bedingung(pfad: str = "") -> Q:
    """What public figures count: published and real. Home page, dashboard, Zielsystem pages,
    feeds, open data and the sitemap use it, so a figure about the city is never computed from
    invented projects (docs/decisions/0007)."""
    return oeffentlich_bedingung(pfad) & Q(**{f"{pfad}demo": False})


def _weitere_beschluesse_nummern() -> Subquery:
    """The Vorlage numbers of the public decisions that concern a project besides its Tranche,
    as one text column of the project query (not one more query for the project page)."""
    return Subquery(
        Ratsbeschluss.betroffene_kernaktivitaeten.through.objects.filter(
            kernaktivitaet=OuterRef("pk"), ratsbeschluss__veroeffentlicht=True
        )
        .order_by()
        .values("kernaktivitaet")
        .annotate(nummern=StringAgg("ratsbeschluss__vorlagennummer", delimiter=Value("\n")))
        .values("nummern")
    )


class KernaktivitaetQuerySet(models.QuerySet):
    def oeffentlich(self):
        """What anonymous visitors may see (``oeffentlich_bedingung``)."""
        return self.filter(oeffentlich_bedingung())

    def echt(self):
        """Real projects only: no generated demo records."""
        return self.filter(demo=False)

    def fuer_auswertung(self):
        """What public figures count (``auswertung_bedingung``)."""
        return self.filter(auswertung_bedingung())

    def sichtbar_fuer(self, user):
        """The projects ``user`` sees in the back office (rules.projekte_filter)."""
        from .. import rules

        bedingung = rules.projekte_filter(user)
        return self if bedingung is None else self.filter(bedingung).distinct()

    def geleitet_von(self, user):
        """The projects ``user`` leads (and reports on)."""
        return self.filter(projektleitungen=user)

    def beispieldaten_vorhanden(self) -> bool:
        """Whether any demo project exists (the site-wide banner says so)."""
        return self.filter(demo=True).exists()

    def zuordnung_offen(self):
        """Projects whose Kompetenz, Schwerpunkt or lead organisation is not yet assigned
        (no source names it); the Referat completes them in the back office."""
        return self.filter(
            Q(kompetenz__isnull=True) | Q(organisation__isnull=True) | Q(schwerpunkte__isnull=True)
        ).distinct()

    def fuer_katalog(self):
        """Public projects with what a catalogue row (``_karte.html``) shows, and only that:
        no long texts (description, the Kompetenz's "Bild 2030") fetched and sorted along."""
        return (
            self.oeffentlich()
            .select_related("kompetenz")
            .only(*KARTENFELDER, "kompetenz__titel", "kompetenz__slug")
        )

    def fuer_detail(self):
        """Everything the public project page shows, in a fixed number of queries."""
        mit_beschluessen = self.annotate(weitere_beschluesse_nummern=_weitere_beschluesse_nummern())
        return mit_beschluessen.select_related(
            "kompetenz", "organisation", "ratsbeschluss", "aufgegangen_in"
        ).prefetch_related(
            models.Prefetch(
                "schwerpunkte", queryset=Schwerpunkt.objects.select_related("kompetenz")
            ),
            "querschnittsthemen",
            "nachhaltigkeitsziele",
            "meilensteine",
            "kennzahlen__messwerte",
            "bilder",
            models.Prefetch(
                "statusberichte",
                queryset=_statusberichte().oeffentlich().select_related("berichtszeitraum"),
                to_attr="freigegebene_berichte",
            ),
            # The dated shifts of milestones and end date, approved with those reports.
            models.Prefetch(
                "freigegebene_berichte__terminaenderungen",
                queryset=_terminaenderungen().order_by("pk"),
            ),
        )

    def phasen_zaehlung(self) -> list[dict]:
        """[{phase, label, anzahl}] in the order of Phase, with zero counts left out."""
        counts = dict(
            self.order_by()
            .values_list("phase")
            .annotate(anzahl=Count("phase"))  # a column of the index, not "id": see below
            .values_list("phase", "anzahl")
        )
        zeilen = [
            {"phase": wert, "label": label, "anzahl": counts[wert]}
            for wert, label in Phase.choices
            if counts.get(wert)
        ]
        if counts.get(""):
            zeilen.append({"phase": "", "label": _("Stand nicht erfasst"), "anzahl": counts[""]})
        return zeilen

    def zusammenfassung(self, *, max_projekte: int = 12) -> dict:
        """Public real projects of a Zielsystem page: the newest few, counts by phase, total.

        Zielsystem and Querschnitt pages reach this through their reverse relation, so those
        apps never import this one. The full list is one click away in the catalogue. Demo
        projects are left out: these counts are figures about the city.
        """
        oeffentlich = self.fuer_katalog().echt()
        phasen = oeffentlich.phasen_zaehlung()
        return {
            "projekte": oeffentlich.order_by("-aktualisiert")[:max_projekte],
            "phasen": phasen,
            "anzahl_projekte": sum(zeile["anzahl"] for zeile in phasen),
        }

    def kennzahlen_gesamt(self) -> dict:
        """Total and completed projects in one query.

        Counted over ``phase`` (never NULL, so the same number as the rows): a column of
        the index ``kernaktivitaet_facetten``, so PostgreSQL counts from the index alone.
        ``COUNT(id)`` made it read the whole table (``COUNT(*)`` cannot take a filter).
        """
        return self.aggregate(
            gesamt=Count("phase"),
            umgesetzt=Count("phase", filter=Q(phase__in=ABGESCHLOSSENE_PHASEN)),
        )


class Kernaktivitaet(models.Model):
    class Art(models.TextChoices):
        ZIELWERT = "zielwert", _("Quantifiziertes Ziel (z. B. „1.000 Bänke“)")
        DIENSTLEISTUNG = "dienstleistung", _("Neue Dienstleistung, in den Regelbetrieb überführt")
        WERKZEUG = "werkzeug", _("Verwaltungsinternes Werkzeug")
        GESAMTKONZEPT = "gesamtkonzept", _("Gesamtkonzept mit Pilotumsetzungen")

    nummer = models.PositiveIntegerField(
        _("Nummer in der Strategie"),
        unique=True,
        null=True,
        blank=True,
        help_text=_("Leer, solange die Nummer nicht bekannt ist."),
    )
    titel = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(
        _("Kurzname (URL)"),
        max_length=120,
        unique=True,
        help_text=_("Wird er geändert, leitet die alte Adresse dauerhaft auf die neue um."),
    )
    projektziel = models.CharField(
        _("Projektziel"),
        max_length=400,
        blank=True,
        help_text=_("Ein Satz: Was soll erreicht werden?"),
    )
    # Written as Markdown (beschreibung_markdown); the service stores the sanitised HTML in
    # beschreibung, which every reader shows (docs/decisions/0010-markdown-statt-html.md).
    beschreibung = models.TextField(
        _("Beschreibung (angezeigt)"),
        blank=True,
        editable=False,
        help_text=_("Aus der Beschreibung erzeugt; bereinigtes HTML."),
    )
    beschreibung_markdown = models.TextField(
        _("Beschreibung"),
        blank=True,
        help_text=_(
            "Absätze durch eine Leerzeile trennen. **fett**, *kursiv*, Listen mit „- “ am "
            "Zeilenanfang, Links als [Text](https://…)."
        ),
    )
    kompetenz = models.ForeignKey(
        Kompetenz,
        on_delete=models.PROTECT,
        related_name="kernaktivitaeten",
        null=True,
        blank=True,
        verbose_name=_("Kompetenz"),
    )
    schwerpunkte = models.ManyToManyField(
        Schwerpunkt, related_name="kernaktivitaeten", blank=True, verbose_name=_("Schwerpunkte")
    )
    querschnittsthemen = models.ManyToManyField(
        Querschnittsthema,
        related_name="kernaktivitaeten",
        blank=True,
        verbose_name=_("Querschnittsthemen"),
    )
    nachhaltigkeitsziele = models.ManyToManyField(
        Nachhaltigkeitsziel,
        related_name="kernaktivitaeten",
        blank=True,
        verbose_name=_("Nachhaltigkeitsziele (SDGs)"),
    )
    ratsbeschluss = models.ForeignKey(
        Ratsbeschluss,
        on_delete=models.PROTECT,
        related_name="kernaktivitaeten",
        null=True,
        blank=True,
        verbose_name=_("Ratsbeschluss (Tranche)"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="kernaktivitaeten",
        null=True,
        blank=True,
        verbose_name=_("Federführende Organisation"),
    )
    bereich = models.CharField(
        _("Bereich"),
        max_length=200,
        blank=True,
        help_text=_("Abteilung oder Bereich der Organisation."),
    )
    projektleitungen = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="kernaktivitaeten",
        blank=True,
        verbose_name=_("Projektleitungen"),
        help_text=_("Benutzerkonten, die im Backoffice über dieses Projekt berichten."),
    )
    kontakt_name = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    kontakt_name_oeffentlich = models.BooleanField(
        _("Name öffentlich zeigen"),
        default=False,
        help_text=_("Nur mit Einverständnis der Person."),
    )
    kontakt_email = models.EmailField(_("Öffentliche E-Mail-Adresse"), blank=True)
    beginn = models.DateField(_("Beginn"), null=True, blank=True)
    ende_geplant = models.DateField(_("Geplantes Ende"), null=True, blank=True)
    ende_basisplan = models.DateField(
        _("Geplantes Ende laut Basisplan"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Das geplante Ende, als das Projekt zum ersten Mal mit einem freigegebenen "
            "Statusbericht veröffentlicht wurde; spätere Änderungen brauchen eine Begründung."
        ),
    )
    ende_tatsaechlich = models.DateField(_("Tatsächliches Ende"), null=True, blank=True)
    phase = models.CharField(_("Phase"), max_length=20, choices=Phase.choices, blank=True)
    aufgegangen_in = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="aufgenommene",
        verbose_name=_("Aufgegangen in (Kernaktivität)"),
    )
    aufgegangen_in_text = models.CharField(
        _("Aufgegangen in (anderes Vorhaben)"),
        max_length=200,
        blank=True,
        help_text=_("Wenn das aufnehmende Vorhaben keine Kernaktivität im Portal ist."),
    )
    fortschritt = models.PositiveSmallIntegerField(
        _("Fortschritt in %"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    art = models.CharField(_("Art des Projekts"), max_length=20, choices=Art.choices, blank=True)
    veroeffentlicht = models.BooleanField(_("Veröffentlicht"), default=False)
    demo = models.BooleanField(
        _("Beispieldaten"),
        default=False,
        help_text=_("Erzeugte Beispieldaten, keine echten Projekte."),
    )
    quellen = models.JSONField(
        _("Quellen"),
        default=list,
        blank=True,
        help_text=_("Adressen (URLs) der öffentlichen Quellen, eine Liste."),
    )
    quellenangaben = models.JSONField(
        _("Angaben laut Quellen"),
        default=dict,
        blank=True,
        help_text=_(
            "Was die Quellen wörtlich angeben (Beginn, Ende, Federführung, Partner, Stand, "
            "Ratsbeschluss), wie geladen; öffentlich sichtbar."
        ),
    )
    anmerkungen_referat = models.TextField(
        _("Anmerkungen für das Referat (intern)"),
        blank=True,
        help_text=_("Unsicheres oder Widersprüchliches aus den Quellen; nicht öffentlich."),
    )
    faktenschluessel = models.CharField(
        _("Schlüssel in der Faktendatei"),
        max_length=200,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("Titel des Eintrags in fixtures/kernaktivitaeten-fakten.json."),
    )
    faktenstand = models.CharField(
        _("Stand der geladenen Fakten"), max_length=64, blank=True, editable=False
    )
    erstellt = models.DateTimeField(_("Angelegt"), default=timezone.now, editable=False)
    aktualisiert = models.DateTimeField(_("Zuletzt geändert"), default=timezone.now, db_index=True)
    history = HistoricalRecords(
        m2m_fields=[schwerpunkte, querschnittsthemen, nachhaltigkeitsziele, projektleitungen]
    )

    objects = KernaktivitaetQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kernaktivität")
        verbose_name_plural = _("Kernaktivitäten")
        ordering = ["titel"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fortschritt__isnull=True) | Q(fortschritt__lte=100),
                name="kernaktivitaet_fortschritt_bis_100",
            ),
        ]
        indexes = [
            models.Index(fields=["veroeffentlicht", "phase"]),
            # The catalogue's default order (title, then pk): its first page without a sort.
            models.Index(
                fields=["titel", "id"],
                condition=Q(veroeffentlicht=True),
                name="kernaktivitaet_katalog_titel",
            ),
            # Counts by the facet columns (catalogue, start page, dashboard) read this small
            # index instead of the table (docs/performance.md).
            models.Index(
                fields=["phase", "kompetenz", "ratsbeschluss", "organisation"],
                condition=Q(veroeffentlicht=True),
                name="kernaktivitaet_facetten",
            ),
            # The dashboard's figures (real published projects only, ADR 0007): its counts by
            # phase and Kompetenz and the projects its report and milestone counts start from
            # are read from this index; at 10,000 projects most may be demo records, which it
            # leaves out (tests/leistung/test_dashboard_indizes.py, docs/performance.md).
            models.Index(
                fields=["phase", "kompetenz", "id"],
                condition=auswertung_bedingung(),
                name="kernaktivitaet_auswertung",
            ),
        ]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse("kernaktivitaeten:detail", kwargs={"slug": self.slug})

    @property
    def weitere_beschluss_nummern(self) -> list[str]:
        """Vorlage numbers of the further public decisions (``fuer_detail`` only)."""
        nummern = getattr(self, "weitere_beschluesse_nummern", None) or ""
        return sorted(n for n in nummern.split("\n") if n)

    def get_permanent_url(self):
        """An address that survives renaming: it redirects to the current slug."""
        return reverse("kernaktivitaeten:permanent", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.phase == Phase.AUFGEGANGEN and not (
            self.aufgegangen_in_id or self.aufgegangen_in_text
        ):
            errors["aufgegangen_in"] = _(
                "Bei der Phase „aufgegangen in“ bitte angeben, in welchem Vorhaben das Projekt aufging."
            )
        if self.aufgegangen_in_id and self.aufgegangen_in_id == self.pk:
            errors["aufgegangen_in"] = _("Ein Projekt kann nicht in sich selbst aufgehen.")
        if self.beginn and self.ende_geplant and self.ende_geplant < self.beginn:
            errors["ende_geplant"] = _("Das geplante Ende liegt vor dem Beginn.")
        if self.beginn and self.ende_tatsaechlich and self.ende_tatsaechlich < self.beginn:
            errors["ende_tatsaechlich"] = _("Das tatsächliche Ende liegt vor dem Beginn.")
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def schwerpunkte_pruefen(kompetenz, schwerpunkte) -> None:
        """All Schwerpunkte must belong to the project's Kompetenz (M2M: checked by forms)."""
        fremde = [s for s in schwerpunkte if kompetenz is None or s.kompetenz_id != kompetenz.pk]
        if fremde:
            raise ValidationError(
                {
                    "schwerpunkte": _(
                        "Diese Schwerpunkte gehören nicht zur Kompetenz des Projekts: %(liste)s"
                    )
                    % {"liste": ", ".join(str(s) for s in fremde)}
                }
            )

    @property
    def phase_anzeige(self) -> str:
        # Phase(...).label: one translation lookup (get_phase_display() hashes every
        # choice's lazy label on each call: seven lookups per project card).
        if not self.phase:
            return str(_("Stand nicht erfasst"))
        try:
            return str(Phase(self.phase).label)
        except ValueError:  # a value no longer among the choices is shown as stored
            return self.phase

    @property
    def fortschritt_text(self) -> str:
        if self.fortschritt is None:
            return str(_("Fortschritt nicht erfasst"))
        return str(_("%(prozent)s %% umgesetzt") % {"prozent": self.fortschritt})

    @property
    def karten_stand(self) -> tuple:
        """Everything the project card shows (``_karte.html``, KARTENFELDER): the key of
        its cached fragment (bochum_strategie/lib/fragmentcache.py). A change to any of
        these gives the card a new key; the other projects' cards stay cached."""
        kompetenz = self.kompetenz.titel if self.kompetenz_id else None
        return (
            self.pk,
            self.titel,
            self.slug,
            self.projektziel,
            kompetenz,
            self.phase,
            self.fortschritt,
            self.demo,
        )

    @property
    def quellen_links(self) -> list[str]:
        """The sources that are web addresses (http/https); anything else is not linked."""
        return [
            adresse
            for adresse in self.quellen or []
            if isinstance(adresse, str) and adresse.startswith(("https://", "http://"))
        ]

    @property
    def zuordnung_offen(self) -> bool:
        """No source names its Kompetenz, a Schwerpunkt or the lead organisation yet
        (per object; for lists use ``Kernaktivitaet.objects.zuordnung_offen()``)."""
        return (
            self.kompetenz_id is None
            or self.organisation_id is None
            or not self.schwerpunkte.exists()
        )

    @property
    def kontakt_name_anzeige(self) -> str:
        return self.kontakt_name if self.kontakt_name_oeffentlich else ""


class AlterSlugQuerySet(models.QuerySet):
    def oeffentlich(self):
        """Former addresses of projects the public may see."""
        return self.filter(oeffentlich_bedingung("kernaktivitaet__"))


class AlterSlug(models.Model):
    """A former slug of a Kernaktivität; its URL redirects permanently to the current one."""

    kernaktivitaet = models.ForeignKey(
        Kernaktivitaet, on_delete=models.CASCADE, related_name="alte_slugs"
    )
    slug = models.SlugField(max_length=120, unique=True)

    objects = AlterSlugQuerySet.as_manager()

    class Meta:
        verbose_name = _("Frühere Adresse")
        verbose_name_plural = _("Frühere Adressen")

    def __str__(self):
        return self.slug


class MeilensteinQuerySet(models.QuerySet):
    def fuer_auswertung(self):
        """Milestones of published real projects (open data)."""
        return self.filter(auswertung_bedingung("kernaktivitaet__"))

    def mit_basisplan(self):
        """Milestones whose baseline is frozen (they were public once): the ones whose shifts
        count in the portfolio view."""
        return self.filter(basisplan__isnull=False)

    def mit_anzahl_verschiebungen(self):
        """Annotates ``anzahl_verschiebungen``: how often the plan moved with a reason that was
        approved (proposals in reports under review do not count)."""
        from .berichte import Berichtsstatus  # the reports' module builds on this one

        return self.annotate(
            anzahl_verschiebungen=Count(
                "terminaenderungen",
                filter=Q(terminaenderungen__statusbericht__status=Berichtsstatus.FREIGEGEBEN),
            )
        )


class Meilenstein(models.Model):
    kernaktivitaet = models.ForeignKey(
        Kernaktivitaet,
        on_delete=models.CASCADE,
        related_name="meilensteine",
        verbose_name=_("Kernaktivität"),
    )
    titel = models.CharField(_("Titel"), max_length=200)
    geplant = models.DateField(_("Geplant für"))
    basisplan = models.DateField(
        _("Basisplan"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Das geplante Datum, als der Meilenstein zum ersten Mal veröffentlicht wurde "
            "(Freigabe eines Statusberichts); danach braucht jede Verschiebung eine Begründung."
        ),
    )
    erreicht = models.DateField(_("Erreicht am"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MeilensteinQuerySet.as_manager()

    class Meta:
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")
        ordering = ["geplant", "pk"]

    def __str__(self):
        return self.titel

    @property
    def verzoegert(self) -> bool:
        """Past its planned date and not reached, or reached after it."""
        if self.erreicht:
            return self.erreicht > self.geplant
        return self.geplant < timezone.localdate()


class KennzahlQuerySet(models.QuerySet):
    def fuer_auswertung(self):
        """Kennzahlen of published real projects (public figures, open data)."""
        return self.filter(auswertung_bedingung("kernaktivitaet__"))

    def mit_aktuellem_wert(self):
        """Each Kennzahl with its newest value (``neuester_wert``, one subquery): its
        ``aktueller_wert`` and target rules then work without loading the whole series."""
        return self.annotate(neuester_wert=neuester_messwert())

    def sichtbar_fuer(self, user):
        """Kennzahlen of the projects ``user`` sees in the back office."""
        from .. import rules

        if rules.projekte_filter(user) is None:
            return self
        return self.filter(
            kernaktivitaet__in=Kernaktivitaet.objects.sichtbar_fuer(user).values("pk")
        )


class Kennzahl(models.Model):
    """An indicator, e.g. "Bänke aufgestellt: 517 von 1.000". The target may be unknown:
    a figure from a source (e.g. donations of 202.035,88 Euro) has none."""

    class Richtung(models.TextChoices):
        STEIGEN = "steigen", _("Mehr ist besser")
        SINKEN = "sinken", _("Weniger ist besser")

    kernaktivitaet = models.ForeignKey(
        Kernaktivitaet,
        on_delete=models.CASCADE,
        related_name="kennzahlen",
        verbose_name=_("Kernaktivität"),
    )
    name = models.CharField(_("Name"), max_length=200)
    einheit = models.CharField(_("Einheit"), max_length=50, blank=True)
    ausgangswert = models.DecimalField(
        _("Ausgangswert"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    ausgangsdatum = models.DateField(_("Stand des Ausgangswerts"), null=True, blank=True)
    zielwert = models.DecimalField(
        _("Zielwert"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leer, wenn kein Ziel festgelegt ist (z. B. eine Zahl aus einer Quelle)."),
    )
    zieldatum = models.DateField(_("Zieldatum"), null=True, blank=True)
    richtung = models.CharField(
        _("Gewünschte Richtung"), max_length=10, choices=Richtung.choices, default=Richtung.STEIGEN
    )
    history = HistoricalRecords()

    objects = KennzahlQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kennzahl")
        verbose_name_plural = _("Kennzahlen")
        ordering = ["kernaktivitaet", "pk"]

    def __str__(self):
        return self.name

    @cached_property
    def messreihe(self) -> list["Messwert"]:
        """Values by date (uses the prefetch cache when there is one)."""
        return sorted(self.messwerte.all(), key=lambda m: m.datum)

    @property
    def aktueller_wert(self):
        if hasattr(self, "neuester_wert"):  # annotated by mit_aktuellem_wert()
            return self.neuester_wert
        return self.messreihe[-1].wert if self.messreihe else None

    @property
    def zielerreichung(self) -> int | None:
        """Share of the way from baseline to target, 0–100 (None without value or target)."""
        if self.aktueller_wert is None or self.zielwert is None:
            return None
        start = self.ausgangswert or 0
        strecke = self.zielwert - start
        if strecke == 0:
            return 100
        anteil = (self.aktueller_wert - start) / strecke
        return max(0, min(100, round(anteil * 100)))

    @property
    def ziel_erreicht(self) -> bool:
        wert = self.aktueller_wert
        if wert is None or self.zielwert is None:
            return False
        return (
            wert >= self.zielwert
            if self.richtung == self.Richtung.STEIGEN
            else wert <= self.zielwert
        )


def neuester_messwert():
    """Subquery: the newest Messwert's value of the outer Kennzahl.

    ``(kennzahl, datum)`` is unique, so the date alone decides, and PostgreSQL reads the
    unique index backwards (a tie-breaker ``-pk`` would make it sort; docs/performance.md).
    """
    neuester = Messwert.objects.filter(kennzahl=models.OuterRef("pk")).order_by("-datum")
    return models.Subquery(neuester.values("wert")[:1])


class MesswertQuerySet(models.QuerySet):
    def fuer_auswertung(self):
        """Values of Kennzahlen of published real projects (open data)."""
        return self.filter(auswertung_bedingung("kennzahl__kernaktivitaet__"))


class Messwert(models.Model):
    kennzahl = models.ForeignKey(
        Kennzahl, on_delete=models.CASCADE, related_name="messwerte", verbose_name=_("Kennzahl")
    )
    datum = models.DateField(_("Datum"))
    wert = models.DecimalField(_("Wert"), max_digits=14, decimal_places=2)
    quelle = models.CharField(_("Quelle"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = MesswertQuerySet.as_manager()

    class Meta:
        verbose_name = _("Messwert")
        verbose_name_plural = _("Messwerte")
        ordering = ["kennzahl", "datum"]
        constraints = [
            models.UniqueConstraint(
                fields=["kennzahl", "datum"], name="messwert_je_datum_eindeutig"
            )
        ]

    def __str__(self):
        return f"{self.kennzahl}: {self.wert} ({self.datum})"


def bild_pfad(instance, filename):
    """Generated names only: the uploaded name is never used, only the ending that the
    re-encoding chose (.png for images with transparency, else .jpg)."""
    import uuid

    endung = ".png" if filename.lower().endswith(".png") else ".jpg"
    return f"kernaktivitaeten/{uuid.uuid4().hex}{endung}"


class Bild(models.Model):
    kernaktivitaet = models.ForeignKey(
        Kernaktivitaet,
        on_delete=models.CASCADE,
        related_name="bilder",
        verbose_name=_("Kernaktivität"),
    )
    datei = models.ImageField(_("Bilddatei"), upload_to=bild_pfad)
    alt_text = models.CharField(
        _("Alternativtext"),
        max_length=300,
        help_text=_("Beschreibt das Bild für Menschen, die es nicht sehen können. Pflichtfeld."),
    )
    bildunterschrift = models.CharField(_("Bildunterschrift"), max_length=300, blank=True)
    urheber = models.CharField(_("Bildnachweis"), max_length=200, blank=True)
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Bild")
        verbose_name_plural = _("Bilder (Impressionen)")
        ordering = ["kernaktivitaet", "reihenfolge", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="bild_alt_text_pflicht")
        ]

    def __str__(self):
        return self.alt_text


def _statusberichte():
    """The reports' manager, imported late: reporting (``berichte.py``) builds on projects."""
    from .berichte import Statusbericht

    return Statusbericht.objects


def _terminaenderungen():
    """The shifts' manager, imported late (``plaene.py`` builds on projects and reports)."""
    from .plaene import Terminaenderung

    return Terminaenderung.objects
