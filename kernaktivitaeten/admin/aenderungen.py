"""Back office of the public change log: the Referat reads it and adds a short public reason
to a change that has none. Entries come from the audit history only; nobody adds, edits or
deletes them here."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from .. import rules
from ..aenderungen import aenderung_begruenden
from ..models import Aenderung
from .basis import RegelAdmin


class OhneBegruendungFilter(admin.SimpleListFilter):
    title = gettext_lazy("Begründung")
    parameter_name = "begruendung"

    def lookups(self, request, model_admin):
        return [("fehlt", gettext_lazy("fehlt"))]

    def queryset(self, request, queryset):
        return queryset.ohne_begruendung() if self.value() == "fehlt" else queryset


class AenderungForm(forms.ModelForm):
    class Meta:
        model = Aenderung
        fields = ["begruendung"]

    def clean_begruendung(self):
        text = " ".join((self.cleaned_data.get("begruendung") or "").split())
        if not text:
            raise ValidationError(gettext_lazy("Bitte geben Sie eine Begründung ein."))
        return text


@admin.register(Aenderung)
class AenderungAdmin(RegelAdmin):
    form = AenderungForm
    list_display = ["datum", "art", "objekt_titel", "feld_name", "begruendung"]
    list_filter = [OhneBegruendungFilter, "art"]
    search_fields = ["objekt_titel", "vorher", "nachher"]
    list_per_page = 50
    show_full_result_count = False
    ordering = ["-datum", "-pk"]
    fields = [
        "datum",
        "art",
        "objekt_titel",
        "feld_name",
        "vorher",
        "nachher",
        "organisation",
        "begruendung",
    ]

    def get_readonly_fields(self, request, obj=None):
        felder = [f for f in self.fields if f != "begruendung"]
        if obj is not None and obj.begruendung:
            felder.append("begruendung")
        return felder

    def has_module_permission(self, request):
        return rules.darf_historie_sehen(request.user)

    def has_view_permission(self, request, obj=None):
        return rules.darf_historie_sehen(request.user)  # Referat and Administrator

    def has_change_permission(self, request, obj=None):
        if not rules.ist_referat(request.user):
            return False
        return obj is None or not obj.begruendung

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        gespeichert = aenderung_begruenden(
            aenderung=obj, begruendung=form.cleaned_data["begruendung"], user=request.user
        )
        obj.begruendung = gespeichert.begruendung
