"""Back office for the search's synonym groups (the Referat keeps them; audited)."""

from django.contrib import admin

from ..models import Synonymgruppe
from ..services import synonymgruppe_loeschen, synonymgruppe_speichern
from .basis import RegelAdmin


@admin.register(Synonymgruppe)
class SynonymgruppeAdmin(RegelAdmin):
    list_display = ["begriffe", "englisch", "aktualisiert"]
    search_fields = ["begriffe", "englisch"]
    fields = ["begriffe", "englisch", "aktualisiert"]
    readonly_fields = ["aktualisiert"]

    def save_model(self, request, obj, form, change):
        synonymgruppe_speichern(gruppe=obj, user=request.user)

    def delete_model(self, request, obj):
        synonymgruppe_loeschen(gruppe=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for gruppe in queryset:
            synonymgruppe_loeschen(gruppe=gruppe, user=request.user)
