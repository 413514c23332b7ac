from django.contrib import admin

from .models import Nachhaltigkeitsziel, Querschnittsthema


@admin.register(Nachhaltigkeitsziel)
class NachhaltigkeitszielAdmin(admin.ModelAdmin):
    list_display = ["nummer", "titel_de", "titel_en", "farbe"]
    search_fields = ["titel_de", "titel_en"]
    ordering = ["nummer"]


@admin.register(Querschnittsthema)
class QuerschnittsthemaAdmin(admin.ModelAdmin):
    list_display = ["titel", "reihenfolge"]
    search_fields = ["titel", "beschreibung"]
    ordering = ["reihenfolge"]
    prepopulated_fields = {"slug": ["titel"]}
    filter_horizontal = ["nachhaltigkeitsziele"]
