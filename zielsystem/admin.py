from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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


@admin.register(Kompetenz)
class KompetenzAdmin(admin.ModelAdmin):
    list_display = ["titel", "reihenfolge", "vorstand", "unvollstaendig"]
    list_filter = ["unvollstaendig", "strategie"]
    search_fields = ["titel", "bild_2030", "vorstand"]
    ordering = ["strategie", "reihenfolge"]
    prepopulated_fields = {"slug": ["titel"]}
    inlines = [StrategischesZielInline, SchwerpunktInline]
    fieldsets = [
        (None, {"fields": ["strategie", "reihenfolge", "titel", "slug", "vorstand"]}),
        (_("Inhalt"), {"fields": ["bild_2030"]}),
        (_("Vollständigkeit"), {"fields": ["unvollstaendig", "quellenhinweis"]}),
    ]


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
