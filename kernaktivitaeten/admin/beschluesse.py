"""Back office of the Beschlussregister: the Referat maintains decisions (and imports them from
OParl); a Vorstand updates status and reason of decisions of their Kompetenz. Thin: the form
checks the reason rule, the services write and record the change."""

import tempfile

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import rules
from ..beschluesse.oparl import MAX_BYTES, OParlFehler, oparl_importieren, quelle_pruefen
from ..beschluesse.services import STATUSFELDER, beschluss_speichern, grund_pruefen
from ..models import Beschlussstatusaenderung, Ratsbeschluss
from .basis import RegelAdmin

FELDGRUPPEN = [
    (
        None,
        ["vorlagennummer", "titel", "datum", "jahr", "gremium", "gremium_name", "ris_url"],
    ),
    (gettext_lazy("Inhalt"), ["zusammenfassung", "tenor"]),
    (
        gettext_lazy("Umsetzung"),
        ["organisation", "frist", "status", "status_grund", "status_seit"],
    ),
    (
        gettext_lazy("Bezug zur Strategie"),
        [
            "beschlossene_kernaktivitaeten",
            "schwerpunkte",
            "programmatische_ziele",
            "betroffene_kernaktivitaeten",
        ],
    ),
    (
        gettext_lazy("Quellen und Import"),
        [
            "quellen",
            "angaben_laut_quellen",
            "anmerkungen_referat",
            "oparl_id",
            "oparl_geaendert",
            "handbearbeitet",
        ],
    ),
    (gettext_lazy("Veröffentlichung"), ["veroeffentlicht", "demo"]),
]
NUR_LESEN = ["beschlossene_kernaktivitaeten", "status_seit", "oparl_geaendert", "handbearbeitet"]


class Datumsfeld(forms.DateInput):
    """The browser's own date field: labelled by its label alone (the admin's calendar
    shortcuts carry an accessible name that differs from their text, which axe reports)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class RatsbeschlussForm(forms.ModelForm):
    class Meta:
        model = Ratsbeschluss
        fields = [f for _t, felder in FELDGRUPPEN for f in felder if f not in NUR_LESEN]
        # Plain multiple selects: the admin's two-box widget has ARIA that axe reports.
        widgets = {
            "datum": Datumsfeld(),
            "frist": Datumsfeld(),
            "schwerpunkte": forms.SelectMultiple(attrs={"size": 8}),
            "programmatische_ziele": forms.SelectMultiple(attrs={"size": 8}),
            "betroffene_kernaktivitaeten": forms.SelectMultiple(attrs={"size": 8}),
        }

    def clean(self):
        cleaned = super().clean()
        # self.instance still holds the stored values here (the form copies its data into
        # the instance only after clean()).
        neu = self.instance.pk is None
        grund_pruefen(
            status_vorher="" if neu else self.instance.status,
            status=cleaned.get("status", self.instance.status) or "",
            frist_vorher=None if neu else self.instance.frist,
            frist=cleaned.get("frist", self.instance.frist),
            grund=cleaned.get("status_grund", self.instance.status_grund) or "",
            grund_neu=neu or "status_grund" in self.changed_data,
        )
        return cleaned


class UeberfaelligFilter(admin.SimpleListFilter):
    title = gettext_lazy("Frist")
    parameter_name = "frist"

    def lookups(self, request, model_admin):
        return [("abgelaufen", gettext_lazy("abgelaufen, nicht umgesetzt"))]

    def queryset(self, request, queryset):
        if self.value() == "abgelaufen":
            return queryset.ueberfaellig()
        return queryset


class StatusaenderungInline(admin.TabularInline):
    """The recorded changes of status and deadline: read only (written by the services)."""

    model = Beschlussstatusaenderung
    extra = 0
    can_delete = False
    fields = ["zeitpunkt", "status_vorher", "status", "frist_vorher", "frist", "grund"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("Verlauf des Umsetzungsstands")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True


class OParlImportFormular(forms.Form):
    adresse = forms.URLField(
        label=gettext_lazy("Adresse des OParl-Endpunkts"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy(
            "Ein OParl-System, eine Körperschaft (Body), eine Liste von Vorlagen oder eine Vorlage."
        ),
    )
    datei = forms.FileField(
        label=gettext_lazy("oder gespeicherte OParl-Datei (JSON)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    nur_bekannte = forms.BooleanField(
        label=gettext_lazy("Nur Beschlüsse aktualisieren, die schon im Register stehen"),
        required=False,
        initial=True,
    )
    probelauf = forms.BooleanField(
        label=gettext_lazy("Probelauf (nichts speichern)"), required=False, initial=True
    )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("adresse")) == bool(cleaned.get("datei")):
            raise ValidationError(_("Bitte entweder eine Adresse oder eine Datei angeben."))
        datei = cleaned.get("datei")
        if datei and datei.size > MAX_BYTES:
            raise ValidationError(_("Die Datei ist zu groß."))
        return cleaned


@admin.register(Ratsbeschluss)
class RatsbeschlussAdmin(RegelAdmin):
    form = RatsbeschlussForm
    fieldsets = [(titel, {"fields": felder}) for titel, felder in FELDGRUPPEN]
    list_display = [
        "vorlagennummer",
        "titel",
        "datum",
        "jahr",
        "gremium",
        "status",
        "frist",
        "ist_ueberfaellig",
        "veroeffentlicht",
        "demo",
    ]
    list_filter = ["status", "gremium", UeberfaelligFilter, "veroeffentlicht", "demo"]
    search_fields = ["vorlagennummer", "titel"]
    inlines = [StatusaenderungInline]

    @admin.display(description=gettext_lazy("Beschlossene Kernaktivitäten (Tranche)"))
    def beschlossene_kernaktivitaeten(self, obj):
        """The projects that name this decision as their Tranche (set on the project)."""
        if obj is None or obj.pk is None:
            return "–"
        projekte = obj.kernaktivitaeten.order_by("titel").only("pk", "titel")
        return (
            format_html_join(
                mark_safe("<br>"),
                '<a href="{}">{}</a>',
                (
                    (reverse("admin:kernaktivitaeten_kernaktivitaet_change", args=[p.pk]), p.titel)
                    for p in projekte
                ),
            )
            or "–"
        )

    @admin.display(boolean=True, description=gettext_lazy("Frist abgelaufen"))
    def ist_ueberfaellig(self, obj):
        return obj.ueberfaellig

    def get_queryset(self, request):
        return super().get_queryset(request).sichtbar_fuer(request.user)

    def get_readonly_fields(self, request, obj=None):
        if rules.darf_beschluesse_pflegen(request.user):
            return NUR_LESEN
        alle = [f for _t, felder in FELDGRUPPEN for f in felder]
        if obj is not None and rules.darf_beschluss_status_aendern(request.user, obj):
            return [f for f in alle if f not in STATUSFELDER]
        return alle

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or rules.darf_beschluss_status_aendern(request.user, obj)

    def has_add_permission(self, request):
        return rules.darf_beschluesse_pflegen(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return rules.darf_beschluesse_pflegen(request.user) and super().has_delete_permission(
            request, obj
        )

    def save_model(self, request, obj, form, change):
        beschluss_speichern(beschluss=obj, user=request.user, geaenderte_felder=form.changed_data)

    def get_urls(self):
        return [
            path(
                "oparl-import/",
                self.admin_site.admin_view(self.oparl_import_view),
                name="kernaktivitaeten_ratsbeschluss_oparl_import",
            ),
            *super().get_urls(),
        ]

    def oparl_import_view(self, request):
        """Import or update decisions from an OParl endpoint or a saved OParl JSON file."""
        if not rules.darf_beschluesse_pflegen(request.user):
            raise PermissionDenied
        ergebnis, fehler, status = None, "", 200
        if request.method == "POST":
            formular = OParlImportFormular(request.POST, request.FILES)
            if formular.is_valid():
                daten = formular.cleaned_data
                try:
                    ergebnis = self._importieren(daten)
                except OParlFehler as e:
                    fehler, status = str(e), 400
                else:
                    if not ergebnis.trocken:
                        messages.success(request, ergebnis.zusammenfassung())
            else:
                status = 400
        else:
            formular = OParlImportFormular()
        return TemplateResponse(
            request,
            "admin/kernaktivitaeten/oparl_import.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Beschlüsse aus OParl importieren"),
                "formular": formular,
                "ergebnis": ergebnis,
                "fehler": fehler,
                "opts": self.model._meta,
            },
            status=status,
        )

    @staticmethod
    def _importieren(daten):
        optionen = {"trocken": daten["probelauf"], "nur_bekannte": daten["nur_bekannte"]}
        if daten.get("adresse"):
            return oparl_importieren(quelle=quelle_pruefen(daten["adresse"]), **optionen)
        with tempfile.NamedTemporaryFile(suffix=".json") as kopie:
            for teil in daten["datei"].chunks():
                kopie.write(teil)
            kopie.flush()
            return oparl_importieren(quelle=kopie.name, nachbardateien=False, **optionen)
