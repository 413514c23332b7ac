"""Back office for Kernaktivitäten, their organisations, milestones,
indicators and images, and the import."""

import secrets
from datetime import datetime, timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bochum_strategie.lib.markdown import html_zu_markdown

from .. import rules
from ..forms import BildForm, ImportFormular
from ..importe import kernaktivitaeten_importieren
from ..models import (
    AlterSlug,
    Bild,
    Kennzahl,
    Kernaktivitaet,
    Meilenstein,
    Messwert,
    Organisation,
)
from ..services import (
    kernaktivitaet_speichern,
    meilenstein_aenderungen_melden,
    meilensteine_stand,
)
from .basis import RegelAdmin


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "art", "demo"]
    list_filter = ["art", "demo"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


FELDGRUPPEN = [
    (None, ["titel", "slug", "nummer", "projektziel", "beschreibung_markdown", "art"]),
    (
        gettext_lazy("Einordnung in die Strategie"),
        [
            "kompetenz",
            "schwerpunkte",
            "querschnittsthemen",
            "nachhaltigkeitsziele",
            "ratsbeschluss",
        ],
    ),
    (
        gettext_lazy("Verantwortung"),
        [
            "organisation",
            "bereich",
            "projektleitungen",
            "kontakt_name",
            "kontakt_name_oeffentlich",
            "kontakt_email",
        ],
    ),
    (
        gettext_lazy("Stand und Termine"),
        [
            "phase",
            "aufgegangen_in",
            "aufgegangen_in_text",
            "fortschritt",
            "beginn",
            "ende_geplant",
            "ende_tatsaechlich",
        ],
    ),
    (gettext_lazy("Quellen"), ["quellen", "quellenangaben", "anmerkungen_referat"]),
    (gettext_lazy("Veröffentlichung"), ["veroeffentlicht", "demo"]),
]


class ZuordnungOffenFilter(admin.SimpleListFilter):
    """Projects whose Kompetenz, Schwerpunkt or lead no source names yet (for the Referat)."""

    title = gettext_lazy("Zuordnung")
    parameter_name = "zuordnung"

    def lookups(self, request, model_admin):
        return [("offen", gettext_lazy("Zuordnung offen"))]

    def queryset(self, request, queryset):
        if self.value() == "offen":
            return queryset.zuordnung_offen()
        return queryset


# What a project lead may change on own projects; the rest belongs to the Referat or follows
# the approved reports (phase, progress).
BESCHREIBENDE_FELDER = {
    "projektziel",
    "beschreibung_markdown",
    "bereich",
    "kontakt_name",
    "kontakt_name_oeffentlich",
    "kontakt_email",
    "beginn",
    "ende_geplant",
}


BASISPLAN_HINWEIS = gettext_lazy(
    "Dieser Termin ist veröffentlicht und im Basisplan festgehalten. Eine Verschiebung braucht "
    "eine Begründung: bitte im nächsten Statusbericht unter „Terminänderungen“ eintragen."
)


class KernaktivitaetForm(forms.ModelForm):
    class Meta:
        model = Kernaktivitaet
        fields = [feld for _titel, felder in FELDGRUPPEN for feld in felder]
        widgets = {
            "beschreibung_markdown": forms.Textarea(
                attrs={"rows": 10, "data-vorschau": reverse_lazy("admin:markdown_vorschau")}
            )
        }

    class Media:
        js = ["js/vorschau.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        feld = self.fields.get("beschreibung_markdown")
        if (
            feld is not None
            and self.instance.beschreibung
            and not (self.instance.beschreibung_markdown)
        ):
            # A description from before Markdown: shown as its Markdown equivalent.
            self.initial["beschreibung_markdown"] = html_zu_markdown(self.instance.beschreibung)

    def clean_ende_geplant(self):
        """Once public, the planned end moves only through a report, with a reason."""
        ende = self.cleaned_data.get("ende_geplant")
        if self.instance.pk and self.instance.ende_basisplan and ende != self.instance.ende_geplant:
            raise ValidationError(BASISPLAN_HINWEIS, code="basisplan")
        return ende

    def clean(self):
        cleaned = super().clean()
        schwerpunkte = cleaned.get("schwerpunkte")
        if schwerpunkte:
            kompetenz = cleaned.get("kompetenz", getattr(self.instance, "kompetenz", None))
            Kernaktivitaet.schwerpunkte_pruefen(kompetenz, schwerpunkte)
        return cleaned


class ProjektInlineRegeln:
    """Inlines of a project: editable by whoever may edit the project (lead or Referat)."""

    def has_view_permission(self, request, obj=None):
        return obj is None or rules.darf_projekt_sehen(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and rules.darf_projekt_bearbeiten(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return obj is not None and rules.darf_projekt_bearbeiten(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and rules.darf_projekt_bearbeiten(request.user, obj)


class MeilensteinForm(forms.ModelForm):
    class Meta:
        model = Meilenstein
        fields = ["titel", "geplant", "erreicht"]

    def clean_geplant(self):
        """Once public (baseline frozen), the planned date moves only through a report."""
        geplant = self.cleaned_data.get("geplant")
        if self.instance.pk and self.instance.basisplan and geplant != self.instance.geplant:
            raise ValidationError(BASISPLAN_HINWEIS, code="basisplan")
        return geplant


class MeilensteinInline(ProjektInlineRegeln, admin.TabularInline):
    model = Meilenstein
    form = MeilensteinForm
    fields = ["titel", "geplant", "basisplan", "erreicht"]
    readonly_fields = ["basisplan"]
    extra = 0


class BildInline(ProjektInlineRegeln, admin.StackedInline):
    model = Bild
    form = BildForm  # checks content, size and pixels; re-encodes without metadata
    extra = 0


class KennzahlInline(admin.TabularInline):
    """Indicators are defined by the Referat; their values come from approved reports."""

    model = Kennzahl
    extra = 0
    show_change_link = True

    def has_view_permission(self, request, obj=None):
        return obj is None or rules.darf_projekt_sehen(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return rules.ist_referat(request.user)

    has_add_permission = has_delete_permission = has_change_permission


class AlterSlugInline(admin.TabularInline):
    model = AlterSlug
    extra = 0
    readonly_fields = ["slug"]
    verbose_name_plural = gettext_lazy("Frühere Adressen (leiten hierher um)")

    def has_view_permission(self, request, obj=None):
        return rules.ist_referat(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return rules.ist_referat(request.user)


@admin.register(Kernaktivitaet)
class KernaktivitaetAdmin(RegelAdmin):
    form = KernaktivitaetForm
    list_display = [
        "titel",
        "nummer",
        "kompetenz",
        "phase",
        "fortschritt",
        "veroeffentlicht",
        "demo",
    ]
    list_filter = [
        ZuordnungOffenFilter,
        "kompetenz",
        "phase",
        "veroeffentlicht",
        "demo",
        "organisation",
    ]
    list_select_related = ["kompetenz"]
    list_per_page = 50
    search_fields = ["titel", "projektziel"]
    ordering = ["titel"]
    # Only for those who may edit the slug (get_prepopulated_fields); the history's version
    # page reads this attribute directly and would fail on a read-only slug.
    prepopulated_fields = {}
    autocomplete_fields = ["aufgegangen_in", "organisation"]
    filter_horizontal = [
        "schwerpunkte",
        "querschnittsthemen",
        "nachhaltigkeitsziele",
        "projektleitungen",
    ]
    inlines = [MeilensteinInline, KennzahlInline, BildInline, AlterSlugInline]
    fieldsets = [(titel, {"fields": felder}) for titel, felder in FELDGRUPPEN] + [
        (gettext_lazy("Änderungen"), {"fields": ["erstellt", "aktualisiert"]})
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).sichtbar_fuer(request.user)

    def get_readonly_fields(self, request, obj=None):
        if rules.ist_referat(request.user):
            return ["erstellt", "aktualisiert"]
        alle = [feld for _titel, felder in FELDGRUPPEN for feld in felder]
        return [feld for feld in alle if feld not in BESCHREIBENDE_FELDER] + [
            "erstellt",
            "aktualisiert",
        ]

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ["titel"]} if rules.ist_referat(request.user) else {}

    def view_on_site(self, obj):
        """The public page, only for published projects (no button for the others)."""
        if Kernaktivitaet.objects.oeffentlich().filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return None

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or rules.darf_projekt_sehen(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or rules.darf_projekt_bearbeiten(request.user, obj))

    def has_add_permission(self, request):
        return rules.darf_projekt_anlegen(request.user)

    def has_delete_permission(self, request, obj=None):
        return rules.ist_referat(request.user) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        alter_slug = form.initial.get("slug") if change else None
        if "beschreibung_markdown" in form.cleaned_data and not obj.beschreibung_markdown.strip():
            obj.beschreibung = ""  # the description was emptied on purpose
        kernaktivitaet_speichern(kernaktivitaet=obj, alter_slug=alter_slug, user=request.user)

    def save_related(self, request, form, formsets, change):
        # Milestones reached or shifted in the inline are reported to followers (ADR 0008).
        vorher = meilensteine_stand(kernaktivitaet=form.instance) if change else {}
        super().save_related(request, form, formsets, change)
        if change:
            meilenstein_aenderungen_melden(kernaktivitaet=form.instance, vorher=vorher)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="kernaktivitaeten_import",
            ),
            path(
                "import/ausfuehren/",
                self.admin_site.admin_view(require_POST(self.import_ausfuehren_view)),
                name="kernaktivitaeten_import_ausfuehren",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Load or update projects from CSV/Excel; a dry run shows what would change and keeps
        the checked rows for one click that imports exactly them."""
        if not rules.darf_stammdaten_pflegen(request.user):
            raise PermissionDenied
        ergebnis = None
        status = 200
        vorgemerkt = None
        if request.method == "POST":
            formular = ImportFormular(request.POST, request.FILES)
            if formular.is_valid():
                probelauf = formular.cleaned_data["probelauf"]
                zeilen = formular.cleaned_data["zeilen"]
                ergebnis = kernaktivitaeten_importieren(
                    zeilen=zeilen, user=request.user, probelauf=probelauf
                )
                if ergebnis.fehler:
                    status = 400
                elif probelauf:
                    vorgemerkt = import_vormerken(
                        request, zeilen=zeilen, dateiname=formular.cleaned_data["datei"].name
                    )
                else:
                    return self._importiert(request, ergebnis)
            else:
                status = 400
        else:
            formular = ImportFormular()
        return self._import_seite(request, formular, ergebnis, vorgemerkt, status)

    def import_ausfuehren_view(self, request):
        """Imports the rows of the dry run the user checked (no second upload)."""
        if not rules.darf_stammdaten_pflegen(request.user):
            raise PermissionDenied
        zeilen = vorgemerkten_import_holen(request, request.POST.get("kennung", ""))
        if zeilen is None:
            messages.error(
                request,
                _(
                    "Der geprüfte Import ist nicht mehr vorhanden (abgelaufen nach %(minuten)d "
                    "Minuten, schon ausgeführt oder von einer anderen Anmeldung). Bitte laden "
                    "Sie die Datei erneut zur Prüfung hoch."
                )
                % {"minuten": IMPORT_AUFBEWAHRUNG_MINUTEN},
            )
            return self._import_seite(request, ImportFormular(), None, None, 409)
        ergebnis = kernaktivitaeten_importieren(zeilen=zeilen, user=request.user, probelauf=False)
        if ergebnis.fehler:
            # The data changed since the dry run (e.g. a Kompetenz was renamed): nothing saved.
            return self._import_seite(request, ImportFormular(), ergebnis, None, 409)
        return self._importiert(request, ergebnis)

    def _importiert(self, request, ergebnis):
        """The result page: what was written, row by row (the next step is to check it)."""
        messages.success(
            request,
            _("Import abgeschlossen: %(neu)d neu, %(geaendert)d geändert.")
            % {"neu": ergebnis.anzahl_neu, "geaendert": ergebnis.anzahl_geaendert},
        )
        return self._import_seite(request, ImportFormular(), ergebnis, None, 200)

    def _import_seite(self, request, formular, ergebnis, vorgemerkt, status):
        return TemplateResponse(
            request,
            "admin/kernaktivitaeten/import.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Kernaktivitäten importieren"),
                "formular": formular,
                "ergebnis": ergebnis,
                "vorgemerkt": vorgemerkt,
                "aufbewahrung_minuten": IMPORT_AUFBEWAHRUNG_MINUTEN,
                "opts": self.model._meta,
            },
            status=status,
        )


IMPORT_AUFBEWAHRUNG_MINUTEN = 30
_IMPORT_SCHLUESSEL = "kernaktivitaeten_import"


def import_vormerken(request, *, zeilen: list[dict], dateiname: str) -> dict:
    """Keeps the checked rows in the user's session (server-side, shared by all app servers,
    gone at logout) with a one-time key; returns what the page shows about it."""
    kennung = secrets.token_urlsafe(16)
    request.session[_IMPORT_SCHLUESSEL] = {
        "kennung": kennung,
        "user": request.user.pk,
        "bis": (timezone.now() + timedelta(minutes=IMPORT_AUFBEWAHRUNG_MINUTEN)).isoformat(),
        "dateiname": dateiname,
        "zeilen": zeilen,
    }
    return {"kennung": kennung, "dateiname": dateiname, "anzahl": len(zeilen)}


def vorgemerkten_import_holen(request, kennung: str) -> list[dict] | None:
    """The rows kept for ``kennung``, once: only for the same user, before they expire."""
    eintrag = request.session.get(_IMPORT_SCHLUESSEL)
    if not eintrag or not kennung or not secrets.compare_digest(eintrag["kennung"], kennung):
        return None
    del request.session[_IMPORT_SCHLUESSEL]
    if eintrag["user"] != request.user.pk:
        return None
    if timezone.now() > datetime.fromisoformat(eintrag["bis"]):
        return None
    return eintrag["zeilen"]


class MesswertInline(admin.TabularInline):
    model = Messwert
    extra = 1


@admin.register(Kennzahl)
class KennzahlAdmin(RegelAdmin):
    list_display = ["name", "kernaktivitaet", "zielwert", "einheit"]
    list_select_related = ["kernaktivitaet"]
    search_fields = ["name", "kernaktivitaet__titel"]
    inlines = [MesswertInline]

    def get_queryset(self, request):
        return super().get_queryset(request).sichtbar_fuer(request.user)

    def has_change_permission(self, request, obj=None):
        return rules.ist_referat(request.user) and super().has_change_permission(request, obj)
