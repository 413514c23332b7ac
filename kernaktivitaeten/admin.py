from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    AlterSlug,
    Bild,
    Kennzahl,
    Kernaktivitaet,
    Meilenstein,
    Messwert,
    Organisation,
    Ratsbeschluss,
)
from .services import kernaktivitaet_speichern


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "art", "demo"]
    list_filter = ["art", "demo"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Ratsbeschluss)
class RatsbeschlussAdmin(admin.ModelAdmin):
    list_display = ["vorlagennummer", "datum", "titel", "demo"]
    list_filter = ["demo"]
    search_fields = ["vorlagennummer", "titel"]
    date_hierarchy = "datum"


FELDGRUPPEN = [
    (None, ["titel", "slug", "nummer", "projektziel", "beschreibung", "art"]),
    (
        _("Einordnung in die Strategie"),
        [
            "kompetenz",
            "schwerpunkte",
            "querschnittsthemen",
            "nachhaltigkeitsziele",
            "ratsbeschluss",
        ],
    ),
    (
        _("Verantwortung"),
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
        _("Stand und Termine"),
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
    (_("Veröffentlichung"), ["veroeffentlicht", "demo"]),
]


class KernaktivitaetForm(forms.ModelForm):
    class Meta:
        model = Kernaktivitaet
        fields = [feld for _titel, felder in FELDGRUPPEN for feld in felder]

    def clean(self):
        cleaned = super().clean()
        schwerpunkte = cleaned.get("schwerpunkte")
        if schwerpunkte:
            Kernaktivitaet.schwerpunkte_pruefen(cleaned.get("kompetenz"), schwerpunkte)
        return cleaned


class MeilensteinInline(admin.TabularInline):
    model = Meilenstein
    extra = 0


class KennzahlInline(admin.StackedInline):
    model = Kennzahl
    extra = 0
    show_change_link = True


class BildInline(admin.StackedInline):
    model = Bild
    extra = 0


class AlterSlugInline(admin.TabularInline):
    model = AlterSlug
    extra = 0
    readonly_fields = ["slug"]
    can_delete = True
    verbose_name_plural = _("Frühere Adressen (leiten hierher um)")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Kernaktivitaet)
class KernaktivitaetAdmin(admin.ModelAdmin):
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
    list_filter = ["kompetenz", "phase", "veroeffentlicht", "demo", "organisation"]
    list_select_related = ["kompetenz"]
    search_fields = ["titel", "projektziel", "nummer"]
    ordering = ["titel"]
    prepopulated_fields = {"slug": ["titel"]}
    autocomplete_fields = ["aufgegangen_in", "organisation"]
    filter_horizontal = [
        "schwerpunkte",
        "querschnittsthemen",
        "nachhaltigkeitsziele",
        "projektleitungen",
    ]
    readonly_fields = ["erstellt", "aktualisiert"]
    inlines = [MeilensteinInline, KennzahlInline, BildInline, AlterSlugInline]
    fieldsets = [(titel, {"fields": felder}) for titel, felder in FELDGRUPPEN] + [
        (_("Änderungen"), {"fields": ["erstellt", "aktualisiert"]})
    ]

    def save_model(self, request, obj, form, change):
        alter_slug = form.initial.get("slug") if change else None
        kernaktivitaet_speichern(kernaktivitaet=obj, alter_slug=alter_slug)


class MesswertInline(admin.TabularInline):
    model = Messwert
    extra = 1


@admin.register(Kennzahl)
class KennzahlAdmin(admin.ModelAdmin):
    list_display = ["name", "kernaktivitaet", "zielwert", "einheit"]
    list_select_related = ["kernaktivitaet"]
    search_fields = ["name", "kernaktivitaet__titel"]
    inlines = [MesswertInline]
