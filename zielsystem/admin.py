from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from bochum_strategie.lib.historie import LesbareHistorieAdmin

from .models import (
    Kompetenz,
    ProgrammatischesZiel,
    Schwerpunkt,
    Strategie,
    StrategischesZiel,
    Wesenskernbegriff,
)


class WesenskernInline(admin.TabularInline):
    model = Wesenskernbegriff
    extra = 0


@admin.register(Strategie)
class StrategieAdmin(admin.ModelAdmin):
    list_display = ["titel", "horizont", "stand"]
    search_fields = ["titel", "praeambel"]
    prepopulated_fields = {"slug": ["titel"]}
    inlines = [WesenskernInline]


@admin.register(Wesenskernbegriff)
class WesenskernbegriffAdmin(admin.ModelAdmin):
    list_display = ["begriff", "kurzdefinition", "reihenfolge", "unvollstaendig"]
    list_filter = ["unvollstaendig"]
    search_fields = ["begriff", "kurzdefinition", "beschreibung"]
    ordering = ["strategie", "reihenfolge"]


class StrategischesZielInline(admin.TabularInline):
    model = StrategischesZiel
    extra = 0


class SchwerpunktInline(admin.TabularInline):
    model = Schwerpunkt
    extra = 0
    fields = ["reihenfolge", "titel", "slug", "unvollstaendig"]
    show_change_link = True


# The group whose members review reports (the role table in rollen_einrichten); only they can
# be assigned as a Kompetenz's Vorstand.
VORSTAND_GRUPPE = "Vorstand"
VORSTAND_ZUWEISEN = "zielsystem.vorstand_zuweisen_kompetenz"


@admin.register(Kompetenz)
class KompetenzAdmin(LesbareHistorieAdmin):
    """The Referat edits everything; the Administrator, who manages roles, only the Vorstand."""

    list_display = ["titel", "reihenfolge", "vorstand", "unvollstaendig"]
    list_filter = ["unvollstaendig", "strategie"]
    search_fields = ["titel", "bild_2030", "vorstand"]
    ordering = ["strategie", "reihenfolge"]
    prepopulated_fields = {}  # see get_prepopulated_fields
    filter_horizontal = ["vorstandsmitglieder"]
    inlines = [StrategischesZielInline, SchwerpunktInline]
    fieldsets = [
        (None, {"fields": ["strategie", "reihenfolge", "titel", "slug"]}),
        (_("Vorstand"), {"fields": ["vorstand", "vorstandsmitglieder"]}),
        (_("Inhalt"), {"fields": ["bild_2030"]}),
        (_("Vollständigkeit"), {"fields": ["unvollstaendig", "quellenhinweis"]}),
    ]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or request.user.has_perm(
            VORSTAND_ZUWEISEN
        )

    def get_readonly_fields(self, request, obj=None):
        if super().has_change_permission(request, obj):
            return []
        return [f for _t, o in self.fieldsets for f in o["fields"] if f != "vorstandsmitglieder"]

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ["titel"]} if super().has_change_permission(request, obj) else {}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "vorstandsmitglieder":
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(groups__name=VORSTAND_GRUPPE, is_active=True)
                .order_by("last_name", "username")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ProgrammatischesZielInline(admin.TabularInline):
    model = ProgrammatischesZiel
    extra = 0


@admin.register(Schwerpunkt)
class SchwerpunktAdmin(admin.ModelAdmin):
    list_display = ["titel", "kompetenz", "reihenfolge", "unvollstaendig"]
    list_filter = ["kompetenz", "unvollstaendig"]
    list_select_related = ["kompetenz"]
    search_fields = ["titel", "ziele__text"]
    ordering = ["kompetenz__reihenfolge", "reihenfolge"]
    prepopulated_fields = {"slug": ["titel"]}
    inlines = [ProgrammatischesZielInline]


@admin.register(StrategischesZiel)
class StrategischesZielAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kompetenz", "reihenfolge"]
    list_filter = ["kompetenz"]
    list_select_related = ["kompetenz"]
    search_fields = ["text"]
    ordering = ["kompetenz__reihenfolge", "reihenfolge"]


@admin.register(ProgrammatischesZiel)
class ProgrammatischesZielAdmin(admin.ModelAdmin):
    list_display = ["__str__", "schwerpunkt", "reihenfolge", "unvollstaendig"]
    list_filter = ["schwerpunkt__kompetenz", "unvollstaendig"]
    list_select_related = ["schwerpunkt"]
    search_fields = ["text", "schwerpunkt__titel"]
    ordering = ["schwerpunkt__kompetenz__reihenfolge", "schwerpunkt__reihenfolge", "reihenfolge"]
