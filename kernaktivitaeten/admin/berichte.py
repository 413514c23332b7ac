"""Back office for reporting: Berichtszeiträume, Statusberichte and their workflow, reminders."""

import copy

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import rules
from ..berichtsvergleich import berichtsvergleich, veroeffentlichung_beschreiben
from ..models import (
    BerichtKennzahlwert,
    BerichtMeilenstein,
    Berichtsstatus,
    Berichtszeitraum,
    Erinnerung,
    Kennzahl,
    Kernaktivitaet,
    Meilenstein,
    Statusbericht,
    Terminaenderung,
)
from ..services import (
    BERICHTSFELDER,
    Kennzahlwertzeile,
    Meilensteinzeile,
    Terminaenderungzeile,
    WorkflowFehler,
    statusbericht_anlegen,
    statusbericht_einreichen,
    statusbericht_freigeben,
    statusbericht_speichern,
    statusbericht_vorbelegung,
    statusbericht_zurueckgeben,
)
from .basis import RegelAdmin


@admin.register(Berichtszeitraum)
class BerichtszeitraumAdmin(admin.ModelAdmin):
    list_display = ["name", "beginn", "ende", "faellig_am", "offen"]
    list_filter = ["offen"]
    search_fields = ["name"]
    list_editable = ["offen"]


@admin.register(Erinnerung)
class ErinnerungAdmin(admin.ModelAdmin):
    list_display = ["gesendet_am", "empfaenger", "kernaktivitaet", "berichtszeitraum", "art"]
    list_filter = ["art", "berichtszeitraum"]
    list_select_related = ["empfaenger", "kernaktivitaet", "berichtszeitraum"]
    readonly_fields = ["gesendet_am", "empfaenger", "kernaktivitaet", "berichtszeitraum", "art"]

    def has_add_permission(self, request):
        return False


# Status reports --------------------------------------------------------------------------------


# The submit button of the report form: save what is in the form, then submit, in one go.
EINREICHEN = "_einreichen"
EINGEREICHT_MELDUNG = gettext_lazy(
    "Der Bericht wurde eingereicht. Der zuständige Vorstand wird benachrichtigt."
)
ENTWURF_MELDUNG = gettext_lazy(
    "Entwurf gespeichert – noch nicht eingereicht. Wenn der Bericht fertig ist, klicken Sie "
    "auf „Bericht einreichen“."
)
# What the public needs: required when the report is submitted, not for a draft.
PFLICHT_BEIM_EINREICHEN = ["phase", "fortschritt", "erreicht"]


class StatusberichtForm(forms.ModelForm):
    # The version the editor started from (optimistic locking); named apart from the model field.
    bearbeitungsstand = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Statusbericht
        fields = ["kernaktivitaet", "berichtszeitraum", *BERICHTSFELDER]
        widgets = {
            "erreicht": forms.Textarea(
                attrs={"rows": 8, "data-vorschau": reverse_lazy("admin:markdown_vorschau")}
            ),
            **{
                feld: forms.Textarea(attrs={"rows": 4})
                for feld in ["naechste_schritte", "risiken", "unterstuetzungsbedarf"]
            },
        }

    class Media:
        js = ["js/vorschau.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "bearbeitungsstand" in self.fields:
            self.fields["bearbeitungsstand"].initial = self.instance.version
        # A draft may be saved incomplete; submitting asks for every public field (clean).
        for feld in PFLICHT_BEIM_EINREICHEN:
            if feld in self.fields:
                self.fields[feld].required = False

    def clean(self):
        cleaned = super().clean()
        einreichen = EINREICHEN in self.data
        for feld in PFLICHT_BEIM_EINREICHEN:
            if feld not in self.fields or self.has_error(feld):
                continue
            wert = cleaned.get(feld)
            if wert in (None, "") or (isinstance(wert, str) and not wert.strip()):
                if einreichen:
                    self.add_error(
                        feld,
                        ValidationError(
                            _("Zum Einreichen ausfüllen: die Öffentlichkeit liest dieses Feld."),
                            code="pflicht_beim_einreichen",
                        ),
                    )
                elif feld != "erreicht":
                    # Phase and progress of a draft: the project's current state (prefilled)
                    # when left empty.
                    projekt = cleaned.get("kernaktivitaet") or getattr(
                        self.instance, "kernaktivitaet", None
                    )
                    if projekt is not None:
                        cleaned[feld] = statusbericht_vorbelegung(kernaktivitaet=projekt)[feld]
                    else:
                        self.add_error(feld, _("Bitte wählen Sie zuerst die Kernaktivität."))
        if self.instance.pk and cleaned.get("bearbeitungsstand") != self._gespeicherte_version():
            raise ValidationError(
                _(
                    "Dieser Bericht wurde inzwischen von jemand anderem geändert. Ihre Änderungen "
                    "wurden nicht gespeichert, damit nichts überschrieben wird. Bitte laden Sie "
                    "den Bericht neu und übertragen Sie Ihre Änderungen."
                ),
                code="konflikt",
            )
        return cleaned

    def _gespeicherte_version(self) -> int | None:
        """The stored version, locked for the rest of the admin's transaction: between this
        check and the service's save nobody else can save the report."""
        berichte = Statusbericht.objects.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            berichte = berichte.select_for_update()
        return berichte.values_list("version", flat=True).first()

    def validate_unique(self):
        # One open report per project and period is checked by statusbericht_anlegen with a
        # clear message; the model's conditional constraint backs it up.
        pass


class EigeneZeilenFormSet(BaseInlineFormSet):
    """Child rows of a report may only name indicators and milestones of the report's project.

    The choices on the add form span all of the lead's projects (the project is chosen in the
    same form), so the check happens here, once the project is known; the service checks again.
    """

    feld = ""

    def clean(self):
        super().clean()
        projekt_id = self.instance.kernaktivitaet_id
        if not projekt_id:
            return  # the report form itself is invalid and says why
        for form in self.forms:
            daten = getattr(form, "cleaned_data", None) or {}
            objekt = daten.get(self.feld)
            if daten.get("DELETE") or objekt is None:
                continue
            if objekt.kernaktivitaet_id != projekt_id:
                form.add_error(
                    self.feld,
                    _("„%(objekt)s“ gehört nicht zur Kernaktivität dieses Berichts.")
                    % {"objekt": objekt},
                )

    def zeilen(self) -> list[dict]:
        """The rows a person means to keep: without deleted and untouched empty rows."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data
            and not self._should_delete_form(form)
            and (form.instance.pk or form.has_changed())
        ]


class BerichtInlineRegeln:
    def has_view_permission(self, request, obj=None):
        return obj is None or rules.darf_bericht_sehen(request.user, obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return rules.ist_projektleitung(request.user)
        return rules.darf_bericht_bearbeiten(request.user, obj)

    has_add_permission = has_delete_permission = has_change_permission

    # (field, model, extra filter): the choices come from the report's project only, or
    # from the lead's own projects while a new report has no project yet.
    auswahl = (None, None, {})

    def get_formset(self, request, obj=None, **kwargs):
        request._bericht_projekt = obj.kernaktivitaet if obj else None
        formset = super().get_formset(request, obj, **kwargs)
        formset.feld = self.auswahl[0]
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        feld, model, extra = self.auswahl
        if db_field.name == feld:
            projekt = getattr(request, "_bericht_projekt", None)
            bedingung = (
                {"kernaktivitaet": projekt}
                if projekt
                else {"kernaktivitaet__in": Kernaktivitaet.objects.geleitet_von(request.user)}
            )
            kwargs["queryset"] = model.objects.filter(**bedingung, **extra)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class BerichtKennzahlwertInline(BerichtInlineRegeln, admin.TabularInline):
    model = BerichtKennzahlwert
    formset = EigeneZeilenFormSet
    extra = 0
    auswahl = ("kennzahl", Kennzahl, {})


class BerichtMeilensteinInline(BerichtInlineRegeln, admin.TabularInline):
    model = BerichtMeilenstein
    formset = EigeneZeilenFormSet
    extra = 0
    auswahl = ("meilenstein", Meilenstein, {"erreicht__isnull": True})


class TerminaenderungFormSet(EigeneZeilenFormSet):
    """A report form posted without these rows (a page opened before they existed, or a
    client that leaves them out) keeps the proposed shifts as they are, instead of failing
    on the missing management form."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.gesendet = data is None or f"{self.prefix}-TOTAL_FORMS" in data

    def full_clean(self):
        if self.gesendet:
            return super().full_clean()
        self._errors, self._non_form_errors = [], self.error_class()

    def zeilen(self) -> list[dict] | None:
        return super().zeilen() if self.gesendet else None


class TerminaenderungInline(BerichtInlineRegeln, admin.TabularInline):
    """New planned dates with reasons (issue 18): a milestone that was public once, or the
    project's end (empty choice), moves only this way; the Vorstand sees the rows in review."""

    model = Terminaenderung
    formset = TerminaenderungFormSet
    extra = 0
    fields = ["meilenstein", "geplant_neu", "begruendung"]
    auswahl = ("meilenstein", Meilenstein, {"erreicht__isnull": True})
    schluessel = "termin"  # the key of these rows in save_related (apart from reached milestones)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.schluessel = self.schluessel
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "meilenstein":
            kwargs["empty_label"] = _("Ende des Projekts")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        feld = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "begruendung" and feld is not None:
            feld.widget = forms.Textarea(attrs={"rows": 2, "cols": 40})
        return feld


@admin.register(Statusbericht)
class StatusberichtAdmin(RegelAdmin):
    form = StatusberichtForm
    list_display = [
        "kernaktivitaet",
        "berichtszeitraum",
        "status",
        "ampel",
        "fortschritt",
        "eingereicht_am",
    ]
    list_filter = ["status", "berichtszeitraum", "ampel", "kernaktivitaet__kompetenz"]
    list_select_related = ["kernaktivitaet", "berichtszeitraum"]
    search_fields = ["kernaktivitaet__titel", "erreicht"]
    list_per_page = 50
    show_full_result_count = False  # filtered lists: no second COUNT(*) over all reports
    # Newest reports first, read backwards from the primary key. The model's order (period
    # end, project title) makes PostgreSQL join and sort every report for each page
    # (figures: docs/performance.md, section 6).
    # Every column stays sortable.
    ordering = ["-pk"]
    inlines = [BerichtKennzahlwertInline, BerichtMeilensteinInline, TerminaenderungInline]
    # Who submitted and reviewed, as names: a link would lead to user accounts, which only
    # the Administrator may open.
    readonly_fields = [
        "status",
        "eingereicht_von_name",
        "eingereicht_am",
        "geprueft_von_name",
        "geprueft_am",
        "pruefkommentar",
    ]
    fieldsets = [
        (None, {"fields": ["kernaktivitaet", "berichtszeitraum", "bearbeitungsstand"]}),
        (gettext_lazy("Stand"), {"fields": ["phase", "fortschritt", "ampel"]}),
        (gettext_lazy("Öffentlich"), {"fields": ["erreicht"]}),
        (
            gettext_lazy("Intern"),
            {"fields": ["naechste_schritte", "risiken", "unterstuetzungsbedarf"]},
        ),
        (
            gettext_lazy("Ablauf"),
            {
                "fields": [
                    "status",
                    "eingereicht_von_name",
                    "eingereicht_am",
                    "geprueft_von_name",
                    "geprueft_am",
                    "pruefkommentar",
                ]
            },
        ),
    ]
    change_form_template = "admin/kernaktivitaeten/statusbericht/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).sichtbar_fuer(request.user)

    @admin.display(description=gettext_lazy("Eingereicht von"))
    def eingereicht_von_name(self, obj):
        return _person(obj.eingereicht_von)

    @admin.display(description=gettext_lazy("Geprüft von"))
    def geprueft_von_name(self, obj):
        return _person(obj.geprueft_von)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets[:-1]  # a new report has no workflow history yet
        if obj is not None and not self.has_change_permission(request, obj):
            # "bearbeitungsstand" is a form-only field; a read-only view has no form.
            fieldsets = [
                (t, {"fields": [f for f in o["fields"] if f != "bearbeitungsstand"]})
                for t, o in fieldsets
            ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None:
            fields += ["kernaktivitaet", "berichtszeitraum"]
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "kernaktivitaet":
            kwargs["queryset"] = Kernaktivitaet.objects.geleitet_von(request.user)
        elif db_field.name == "berichtszeitraum":
            kwargs["queryset"] = Berichtszeitraum.objects.offen()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        try:
            projekt = Kernaktivitaet.objects.geleitet_von(request.user).get(
                pk=int(request.GET.get("kernaktivitaet", ""))
            )
        except (ValueError, Kernaktivitaet.DoesNotExist):
            return initial
        return {**statusbericht_vorbelegung(kernaktivitaet=projekt), **initial}

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or rules.darf_bericht_sehen(request.user, obj))

    def has_add_permission(self, request):
        return rules.ist_projektleitung(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return rules.darf_bericht_bearbeiten(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return False  # no bulk delete of reports
        return rules.darf_bericht_bearbeiten(request.user, obj) and obj.status == "entwurf"

    def save_model(self, request, obj, form, change):
        """Nothing here: the report and its child rows are written together by one service
        call in ``save_related``, where the inline rows are known."""

    def save_related(self, request, form, formsets, change):
        daten = {
            feld: form.cleaned_data[feld] for feld in BERICHTSFELDER if feld in form.cleaned_data
        }
        zeilen = {
            getattr(formset, "schluessel", formset.feld): formset.zeilen() for formset in formsets
        }
        kennzahlwerte = [
            Kennzahlwertzeile(
                kennzahl_id=zeile["kennzahl"].pk,
                datum=zeile["datum"],
                wert=zeile["wert"],
                quelle=zeile.get("quelle", ""),
            )
            for zeile in zeilen.get("kennzahl", [])
        ]
        meilensteine = [
            Meilensteinzeile(meilenstein_id=zeile["meilenstein"].pk, erreicht=zeile["erreicht"])
            for zeile in zeilen.get("meilenstein", [])
        ]
        terminaenderungen = [
            Terminaenderungzeile(
                meilenstein_id=zeile["meilenstein"].pk if zeile.get("meilenstein") else None,
                geplant=zeile["geplant_neu"],
                begruendung=zeile.get("begruendung", ""),
            )
            for zeile in zeilen.get("termin") or []
        ]
        obj = form.instance
        if change:
            gespeichert = statusbericht_speichern(
                bericht=obj,
                user=request.user,
                daten=daten,
                version=form.cleaned_data.get("bearbeitungsstand"),
                kennzahlwerte=kennzahlwerte if "kennzahl" in zeilen else None,
                meilensteine=meilensteine if "meilenstein" in zeilen else None,
                terminaenderungen=terminaenderungen if zeilen.get("termin") is not None else None,
            )
        else:
            gespeichert = statusbericht_anlegen(
                kernaktivitaet=form.cleaned_data["kernaktivitaet"],
                berichtszeitraum=form.cleaned_data["berichtszeitraum"],
                user=request.user,
                daten=daten,
                kennzahlwerte=kennzahlwerte,
                meilensteine=meilensteine,
                terminaenderungen=terminaenderungen,
            )
        if EINREICHEN in request.POST:
            # Same transaction as the save (the admin's change view is atomic): what the lead
            # sees in the form is exactly what goes to the Vorstand, or nothing happens.
            gespeichert = statusbericht_einreichen(
                bericht=gespeichert, user=request.user, version=gespeichert.version
            )
        obj.pk, obj.version, obj.status = gespeichert.pk, gespeichert.version, gespeichert.status

    def construct_change_message(self, request, form, formsets, add=False):
        # The service wrote the child rows; the audit history records them.
        return super().construct_change_message(request, form, [], add)

    def response_add(self, request, obj, post_url_continue=None):
        if EINREICHEN in request.POST:
            return self._eingereicht(request, obj)
        return self._entwurf_gespeichert(request, obj)

    def response_change(self, request, obj):
        if EINREICHEN in request.POST:
            return self._eingereicht(request, obj)
        return self._entwurf_gespeichert(request, obj)

    def _entwurf_gespeichert(self, request, obj):
        """A saved draft: back to the same report, with the submit button in view."""
        messages.success(request, ENTWURF_MELDUNG)
        return HttpResponseRedirect(
            reverse("admin:kernaktivitaeten_statusbericht_change", args=[obj.pk]) + "#einreichen"
        )

    def _eingereicht(self, request, obj):
        messages.success(request, EINGEREICHT_MELDUNG)
        return HttpResponseRedirect(
            reverse("admin:kernaktivitaeten_statusbericht_change", args=[obj.pk])
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except WorkflowFehler as fehler:
            # Only reached when the service refuses what the forms accepted (a race; the forms
            # check the same rules first). The transaction is rolled back; the form is shown
            # again with what was typed and the service's reason as its error.
            if request.method != "POST" or getattr(request, "_workflow_fehler", None):
                raise
            request._workflow_fehler = fehler
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        fehler = getattr(request, "_workflow_fehler", None)
        if fehler is None:
            return form

        class AbgelehnterBericht(form):
            def clean(self):
                super().clean()
                raise ValidationError(fehler.messages)

        return AbgelehnterBericht

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                darf_einreichen=rules.darf_bericht_einreichen(request.user, obj),
                darf_pruefen=rules.darf_bericht_pruefen(request.user, obj),
                vergleich=berichtsvergleich(obj),
            )
        else:
            context["darf_einreichen"] = self.has_add_permission(request)
        status = obj.status if obj is not None else None
        context.update(
            schritte=berichtsschritte(status),
            naechster_schritt=naechster_schritt(status, context),
            fehlerliste=fehlerliste(context.get("adminform"), context.get("inline_admin_formsets")),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        def aktion(name, funktion):
            return path(
                f"<int:object_id>/{name}/",
                self.admin_site.admin_view(require_POST(funktion)),
                name=f"kernaktivitaeten_statusbericht_{name}",
            )

        return [
            aktion("einreichen", self.einreichen_view),
            aktion("freigabe", self.freigabe_bestaetigen_view),
            aktion("freigeben", self.freigeben_view),
            aktion("zurueckgeben", self.zurueckgeben_view),
            *super().get_urls(),
        ]

    def _workflow(self, request, object_id, schritt, erfolg):
        """Runs one workflow step posted from the report page.

        Refused steps show the report page again with the reviewer's comment still in its
        field (status 409), never a redirect that would drop what was typed.
        """
        bericht = get_object_or_404(self.get_queryset(request), pk=object_id)
        kommentar = request.POST.get("kommentar", "")[:2000]
        try:
            version = int(request.POST["bearbeitungsstand"])
        except (KeyError, ValueError):
            version = None
        try:
            schritt(bericht, kommentar, version)
        except WorkflowFehler as fehler:
            messages.error(request, " ".join(fehler.messages))
            anzeige = copy.copy(request)
            anzeige.method = "GET"
            antwort = self.change_view(
                anzeige, str(bericht.pk), extra_context={"kommentar_entwurf": kommentar}
            )
            antwort.status_code = 409
            return antwort
        messages.success(request, erfolg)
        if schritt_ziel := getattr(schritt, "ziel", None):
            return HttpResponseRedirect(schritt_ziel)
        return HttpResponseRedirect(
            reverse("admin:kernaktivitaeten_statusbericht_change", args=[bericht.pk])
        )

    def freigabe_bestaetigen_view(self, request, object_id):
        """The confirmation before approving: the whole report once more, what becomes public,
        and one button that approves (works without JavaScript)."""
        bericht = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not rules.darf_bericht_pruefen(request.user, bericht):
            raise PermissionDenied
        vergleich = berichtsvergleich(bericht)
        return TemplateResponse(
            request,
            "admin/kernaktivitaeten/statusbericht/freigabe_bestaetigen.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Bericht freigeben und veröffentlichen?"),
                "opts": self.model._meta,
                "original": bericht,
                "vergleich": vergleich,
                "oeffentlich_wird": veroeffentlichung_beschreiben(vergleich),
                "kommentar": request.POST.get("kommentar", "")[:2000],
                "bearbeitungsstand": request.POST.get("bearbeitungsstand", ""),
            },
        )

    def einreichen_view(self, request, object_id):
        return self._workflow(
            request,
            object_id,
            lambda b, _kommentar, version: statusbericht_einreichen(
                bericht=b, user=request.user, version=version
            ),
            EINGEREICHT_MELDUNG,
        )

    def freigeben_view(self, request, object_id):
        def freigeben(b, kommentar, version):
            statusbericht_freigeben(
                bericht=b, user=request.user, kommentar=kommentar, version=version
            )

        # Next step of a reviewer: the start page with the reports still waiting.
        freigeben.ziel = reverse("admin:index") + "#pruefen-titel"
        return self._workflow(
            request,
            object_id,
            freigeben,
            _("Der Bericht wurde freigegeben und ist jetzt öffentlich."),
        )

    def zurueckgeben_view(self, request, object_id):
        def zurueckgeben(b, kommentar, version):
            statusbericht_zurueckgeben(
                bericht=b, user=request.user, kommentar=kommentar, version=version
            )

        zurueckgeben.ziel = reverse("admin:index") + "#pruefen-titel"
        return self._workflow(
            request,
            object_id,
            zurueckgeben,
            _("Der Bericht wurde mit Ihrem Kommentar an die Projektleitung zurückgegeben."),
        )


def berichtsschritte(status: str | None) -> list[dict]:
    """The step indicator: Entwurf → eingereicht → freigegeben / zurückgegeben."""
    reihenfolge = [Berichtsstatus.ENTWURF, Berichtsstatus.EINGEREICHT, Berichtsstatus.FREIGEGEBEN]
    letzter = _("zurückgegeben") if status == Berichtsstatus.ZURUECKGEGEBEN else None
    aktuell = {
        None: 0,
        Berichtsstatus.ENTWURF: 0,
        Berichtsstatus.EINGEREICHT: 1,
        Berichtsstatus.FREIGEGEBEN: 2,
        Berichtsstatus.ZURUECKGEGEBEN: 2,
    }[status]
    schritte = []
    for nummer, schritt in enumerate(reihenfolge):
        name = Berichtsstatus(schritt).label
        if nummer == 2:
            name = letzter or _("freigegeben / zurückgegeben")
        schritte.append(
            {
                "nummer": nummer + 1,
                "name": name,
                "erledigt": nummer < aktuell,
                "aktuell": nummer == aktuell,
            }
        )
    return schritte


def naechster_schritt(status: str | None, context) -> str:
    if status in (None, Berichtsstatus.ENTWURF):
        if context.get("darf_einreichen"):
            return _(
                "Der Bericht ist noch nicht eingereicht. Sie können ihn als Entwurf speichern und "
                "später weiterschreiben. Wenn er fertig ist, klicken Sie auf „Bericht "
                "einreichen“: dann prüft ihn der Vorstand der Kompetenz."
            )
        return _("Die Projektleitung schreibt den Bericht noch; er ist nicht eingereicht.")
    if status == Berichtsstatus.ZURUECKGEGEBEN:
        return _(
            "Der Vorstand hat den Bericht mit einem Kommentar zurückgegeben. Bitte überarbeiten "
            "Sie ihn und reichen Sie ihn erneut ein."
        )
    if status == Berichtsstatus.EINGEREICHT:
        if context.get("darf_pruefen"):
            return _(
                "Bitte lesen Sie den Bericht und die Änderungen seit dem letzten freigegebenen "
                "Bericht. Darunter können Sie ihn freigeben oder mit einem Kommentar zurückgeben."
            )
        return _(
            "Der Vorstand prüft den Bericht. Er gibt ihn frei – dann erscheint der öffentliche "
            "Teil auf der Projektseite – oder gibt ihn mit einem Kommentar an Sie zurück."
        )
    return _("Der Bericht ist freigegeben; der öffentliche Teil steht auf der Projektseite.")


def fehlerliste(adminform, inline_formsets) -> list[dict]:
    """Every field with an error, by its label, for the summary above the form."""
    if adminform is None or not adminform.form.is_bound:
        return []
    form = adminform.form
    liste = []
    for name, fehler in form.errors.items():
        if name == "__all__":
            continue
        feld = form.fields.get(name)
        liste.append(
            {
                "label": feld.label if feld else name,
                "id": form[name].id_for_label if feld else "",
                "fehler": " ".join(fehler),
            }
        )
    for inline in inline_formsets or []:
        titel = inline.opts.verbose_name_plural
        for nummer, zeile in enumerate(inline.formset.errors, start=1):
            for name, fehler in zeile.items():
                liste.append(
                    {"label": f"{titel} {nummer}: {name}", "id": "", "fehler": " ".join(fehler)}
                )
    return liste


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else "–"
