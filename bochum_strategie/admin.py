"""Back office for the page texts (Referat edits) and the accessibility feedback (Referat reads).

Who may do what comes from the model permissions that rollen_einrichten gives the roles;
the pages themselves are a fixed set, so nobody adds or deletes one here.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext_lazy as _

from kernaktivitaeten import rules

from .forms import InhaltsseiteForm
from .lib.historie import LesbareHistorieAdmin
from .models import Inhaltsseite, Rueckmeldung


@admin.register(Inhaltsseite)
class InhaltsseiteAdmin(LesbareHistorieAdmin):
    form = InhaltsseiteForm
    list_display = ["titel", "art", "stand", "unvollstaendig", "aktualisiert"]
    list_filter = ["unvollstaendig"]
    readonly_fields = ["art", "aktualisiert"]
    fieldsets = [
        (None, {"fields": ["art", "titel", "beschreibung", "inhalt", "stand"]}),
        (
            _("Vollständigkeit"),
            {
                "fields": ["unvollstaendig", "fehlende_angaben"],
                "description": _(
                    "Fehlt eine gesetzlich nötige Angabe (etwa der Name der oder des "
                    "Datenschutzbeauftragten), bleibt „unvollständig“ gesetzt: Die Seite zeigt "
                    "dann einen Hinweis, statt etwas Erfundenes."
                ),
            },
        ),
        (
            _("Englische Fassung"),
            {"fields": ["titel_en", "beschreibung_en", "inhalt_en"], "classes": ["collapse"]},
        ),
        (_("Änderungen"), {"fields": ["aktualisiert"]}),
    ]

    def has_add_permission(self, request):
        return False  # the four pages come with portal_einrichten

    def has_delete_permission(self, request, obj=None):
        return False  # the law asks for each of them

    def history_view(self, request, object_id, extra_context=None):
        if not rules.darf_historie_sehen(request.user):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not rules.darf_historie_sehen(request.user):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Rueckmeldung)
class RueckmeldungAdmin(admin.ModelAdmin):
    """Read-only; the Referat may delete a message (e.g. when its sender asks for that)."""

    list_display = ["erstellt", "kurztext", "seite", "email", "mail_gesendet"]
    list_filter = ["mail_gesendet"]
    search_fields = ["nachricht", "seite", "name", "email"]
    date_hierarchy = "erstellt"
    fields = ["erstellt", "seite", "name", "email", "nachricht", "mail_gesendet"]
    readonly_fields = fields

    @admin.display(description=_("Nachricht"))
    def kurztext(self, obj):
        return truncatechars(obj.nachricht, 80)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
