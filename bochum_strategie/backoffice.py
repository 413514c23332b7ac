"""The back office: Django's admin site with a start page per role and a report overview.

Anyone with a role (Projektleitung, Vorstand, Referat, Administrator) may log in; what they
see inside is decided by model permissions (rollen_einrichten) and object rules
(kernaktivitaeten/rules.py).
"""

from functools import wraps

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from bochum_strategie.lib.fragmentcache import zielsystemstand_erhoehen
from bochum_strategie.lib.markdown import markdown_zu_html
from bochum_strategie.lib.seitencache import datenstand_erhoehen
from kernaktivitaeten import rules
from kernaktivitaeten.aenderungen import protokoll_nachtragen
from kernaktivitaeten.berichtsstand import (
    STAENDE,
    berichtsstand_projekte,
    berichtsstand_summen,
    berichtsstand_zeilen,
    darf_berichtsstand_sehen,
    darf_erinnern,
)
from kernaktivitaeten.erinnerungen import erinnerungen_fuer_kompetenz
from kernaktivitaeten.exporte.auftraege import exportauftrag_anlegen, hintergrund
from kernaktivitaeten.exporte.berichtsstand import berichtsstand_excel
from kernaktivitaeten.exporte.views import auftrag_bestaetigen_seite
from kernaktivitaeten.models import (
    BEARBEITBARE_STATUS,
    Berichtsstatus,
    Berichtszeitraum,
    Exportart,
    Exportauftrag,
    Kernaktivitaet,
    Ratsbeschluss,
    Statusbericht,
)
from zielsystem.models import Kompetenz


class BackofficeLoginForm(AdminAuthenticationForm):
    """Lets in everyone with a role, not only Django's is_staff accounts; the error names no
    "Staff-Account" (Django's wording), but what a person can check."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": gettext_lazy(
            "Benutzername oder Passwort stimmen nicht, oder Ihr Konto hat keinen Zugang zum "
            "Backoffice. Bitte achten Sie auf Groß- und Kleinschreibung. Hilfe erhalten Sie "
            "beim Referat für die Bochum Strategie."
        ),
    }

    def confirm_login_allowed(self, user):
        if not rules.darf_backoffice(user):
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class BerichtsstandFilter(forms.Form):
    zeitraum = forms.ModelChoiceField(
        label=gettext_lazy("Berichtszeitraum"),
        queryset=Berichtszeitraum.objects.all(),
        required=False,
        empty_label=gettext_lazy("der aktuelle"),
    )
    kompetenz = forms.ModelChoiceField(
        label=gettext_lazy("Kompetenz"),
        queryset=Kompetenz.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("alle Kompetenzen"),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Stand"),
        required=False,
        choices=[("", gettext_lazy("alle")), *STAENDE],
    )


class ErinnerungsFormular(forms.Form):
    zeitraum = forms.ModelChoiceField(queryset=Berichtszeitraum.objects.offen())
    kompetenz = forms.ModelChoiceField(queryset=Kompetenz.objects.all(), to_field_name="slug")


def aufgaben_der_projektleitung(user, zeitraeume) -> list[dict]:
    """For each open period and own project: the current report (or None) and what to do."""
    projekte = list(
        Kernaktivitaet.objects.geleitet_von(user).select_related("kompetenz").order_by("titel")
    )
    berichte = {}
    for bericht in Statusbericht.objects.filter(
        kernaktivitaet__in=projekte, berichtszeitraum__in=zeitraeume
    ).order_by("erstellt_am"):
        berichte[(bericht.kernaktivitaet_id, bericht.berichtszeitraum_id)] = bericht
    aufgaben = []
    for zeitraum in zeitraeume:
        for projekt in projekte:
            bericht = berichte.get((projekt.pk, zeitraum.pk))
            aufgaben.append(
                {
                    "zeitraum": zeitraum,
                    "projekt": projekt,
                    "bericht": bericht,
                    "offen": bericht is None or bericht.status in BEARBEITBARE_STATUS,
                }
            )
    return aufgaben


def ueberfaellige_beschluesse(user, anzahl: int = 50):
    """Decisions whose deadline passed without being done, that ``user`` sees (the Referat:
    all; a Vorstand: those of own Kompetenzen), the longest overdue first."""
    if not (rules.ist_referat(user) or rules.vorstand_kompetenz_ids(user)):
        return None
    return list(
        Ratsbeschluss.objects.sichtbar_fuer(user)
        .ueberfaellig()
        .only("pk", "vorlagennummer", "titel", "frist", "status", "status_grund")
        .order_by("frist", "pk")[:anzahl]
    )


SCHREIBENDE_METHODEN = {"POST", "PUT", "PATCH", "DELETE"}
MAX_VORSCHAU = 50_000  # characters; longer texts are previewed up to here


class BackofficeSite(admin.AdminSite):
    site_header = gettext_lazy("Bochum Strategie – Backoffice")
    site_title = gettext_lazy("Backoffice Bochum Strategie")
    index_title = gettext_lazy("Start")
    index_template = "admin/backoffice_start.html"
    login_form = BackofficeLoginForm

    def has_permission(self, request):
        return rules.darf_backoffice(request.user)

    def admin_view(self, view, cacheable=False):
        """Every back-office view; after a successful write, cached public pages are out of
        date (the master data in plain admin forms is written without a service), and the
        public change log takes up what the write recorded in the audit history."""
        geschuetzt = super().admin_view(view, cacheable)
        if getattr(view, "__func__", None) is admin.AdminSite.logout:
            return geschuetzt

        # The Zielsystem is edited only here, in the plain admin forms of its models (their
        # inlines included): after a write through them its cached blocks are out of date
        # (bochum_strategie/lib/fragmentcache.py).
        model_admin = getattr(view, "__self__", None)
        zielsystem = getattr(getattr(model_admin, "model", None), "_meta", None)
        zielsystem = zielsystem is not None and zielsystem.app_label == "zielsystem"

        @wraps(geschuetzt)
        def mit_datenstand(request, *args, **kwargs):
            response = geschuetzt(request, *args, **kwargs)
            if request.method in SCHREIBENDE_METHODEN and response.status_code < 400:
                # The change log reads the audit history the write just extended.
                protokoll_nachtragen()
                datenstand_erhoehen()
                if zielsystem:
                    zielsystemstand_erhoehen()
            return response

        return mit_datenstand

    def get_urls(self):
        return [
            path("berichtsstand/", self.admin_view(self.berichtsstand), name="berichtsstand"),
            path(
                "berichtsstand/export/",
                self.admin_view(self.berichtsstand_export),
                name="berichtsstand_export",
            ),
            path(
                "berichtsstand/erinnern/",
                self.admin_view(require_POST(self.berichtsstand_erinnern)),
                name="berichtsstand_erinnern",
            ),
            path(
                "vorschau/",
                # Writes nothing: without the page-cache bump of self.admin_view.
                admin.AdminSite.admin_view(self, require_POST(self.markdown_vorschau)),
                name="markdown_vorschau",
            ),
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(self.auf_der_website),
                name="view_on_site",
            ),
            *[p for p in super().get_urls() if getattr(p, "name", None) != "view_on_site"],
        ]

    def each_context(self, request):
        return {
            **super().each_context(request),
            # Templates show the "Geschichte" button and links to user accounts only to those
            # who may open them.
            "darf_historie": rules.darf_historie_sehen(request.user),
            "darf_benutzer_verwalten": rules.darf_benutzer_verwalten(request.user),
        }

    def markdown_vorschau(self, request):
        """The preview of a Markdown field: the text rendered and sanitised as it will be
        shown (an HTML fragment for the back office's script)."""
        text = request.POST.get("text", "")[:MAX_VORSCHAU]
        return HttpResponse(markdown_zu_html(text), content_type="text/html; charset=utf-8")

    def auf_der_website(self, request, content_type_id, object_id):
        """ "Auf der Website ansehen": a redirect to the public page of a record, only when the
        user may see the record here *and* the public may see it there; otherwise 404, so the
        address reveals nothing (not even a slug) about records one may not see."""
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ValueError, ContentType.DoesNotExist):
            raise Http404 from None
        model_admin = self._registry.get(model)
        if model_admin is None or not hasattr(model, "get_absolute_url"):
            raise Http404
        sichtbar = model_admin.get_queryset(request)
        if hasattr(sichtbar, "oeffentlich"):
            sichtbar = sichtbar.oeffentlich()
        try:
            objekt = sichtbar.filter(pk=object_id).first()
        except (ValueError, ValidationError):
            objekt = None
        if objekt is None or not model_admin.has_view_or_change_permission(request, objekt):
            raise Http404(_("Diesen Eintrag gibt es nicht oder er ist nicht öffentlich."))
        return HttpResponseRedirect(objekt.get_absolute_url())

    def index(self, request, extra_context=None):
        user = request.user
        zeitraeume = list(Berichtszeitraum.objects.offen().order_by("faellig_am"))
        context = {
            "ist_projektleitung": rules.ist_projektleitung(user),
            "ist_pruefend": rules.ist_referat(user) or bool(rules.vorstand_kompetenz_ids(user)),
            "ist_referat": rules.ist_referat(user),
            "offene_zeitraeume": zeitraeume,
        }
        if context["ist_projektleitung"]:
            context["aufgaben"] = aufgaben_der_projektleitung(user, zeitraeume)
            context["meine_projekte"] = Kernaktivitaet.objects.geleitet_von(user).order_by("titel")
        context["ueberfaellige_beschluesse"] = ueberfaellige_beschluesse(user)
        context["exportauftraege"] = Exportauftrag.objects.eigene(user).neueste_zuerst()[:5]
        if context["ist_pruefend"]:
            context["zu_pruefen"] = (
                Statusbericht.objects.sichtbar_fuer(user)
                .mit_projekt()
                .filter(status=Berichtsstatus.EINGEREICHT)
                .order_by("eingereicht_am")[:50]
            )
        return super().index(request, {**context, **(extra_context or {})})

    def _berichtsstand_auswahl(self, request):
        """(filter form, period, projects) of a Berichtsstand request; the form is bound and
        invalid when the filters are (the caller answers 400)."""
        if not darf_berichtsstand_sehen(request.user):
            raise PermissionDenied
        filter_form = BerichtsstandFilter(request.GET or None)
        if filter_form.is_bound and not filter_form.is_valid():
            return filter_form, None, None
        daten = filter_form.cleaned_data if filter_form.is_bound else {}
        zeitraum = daten.get("zeitraum") or Berichtszeitraum.objects.aktueller()
        projekte = berichtsstand_projekte(
            user=request.user,
            zeitraum=zeitraum,
            kompetenz=daten.get("kompetenz"),
            stand=daten.get("status") or "",
        )
        if not filter_form.is_bound:
            filter_form = BerichtsstandFilter(initial={"zeitraum": zeitraum})
        return filter_form, zeitraum, projekte

    def berichtsstand(self, request):
        """Per project: is the report of the chosen period missing, draft, submitted, returned,
        approved or not due? Totals per Kompetenz above, reminders and export for the Referat."""
        filter_form, zeitraum, projekte = self._berichtsstand_auswahl(request)
        kontext = {
            **self.each_context(request),
            "title": _("Berichtsstand"),
            "form": filter_form,
            "staende": STAENDE,
        }
        if projekte is None:
            return TemplateResponse(
                request, "admin/berichtsstand.html", {**kontext, "zeilen": []}, status=400
            )
        paginator = Paginator(projekte, 100)
        try:
            seite = paginator.page(request.GET.get("seite") or 1)
        except InvalidPage:
            raise Http404(_("Diese Seite gibt es nicht.")) from None
        summen, gesamt = berichtsstand_summen(user=request.user, zeitraum=zeitraum)
        return TemplateResponse(
            request,
            "admin/berichtsstand.html",
            {
                **kontext,
                "zeitraum": zeitraum,
                "zeilen": berichtsstand_zeilen(seite.object_list, zeitraum),
                "seite": seite,
                "summen": summen,
                "gesamt": gesamt,
                "darf_erinnern": darf_erinnern(request.user)
                and zeitraum is not None
                and zeitraum.offen,
                "abfrage": request.GET.urlencode(),
                "ueberfaellige_beschluesse": ueberfaellige_beschluesse(request.user),
            },
        )

    def berichtsstand_export(self, request):
        """The Berichtsstand of the chosen filters as an Excel workbook; more than
        EXPORT_HINTERGRUND_AB projects as an export job (started by POST only)."""
        filter_form, zeitraum, projekte = self._berichtsstand_auswahl(request)
        if projekte is None:
            return HttpResponse(
                _("Die Filter sind ungültig."), status=400, content_type="text/plain; charset=utf-8"
            )
        anzahl = projekte.count()
        if hintergrund(anzahl):
            daten = filter_form.cleaned_data if filter_form.is_bound else {}
            if request.method != "POST":
                return auftrag_bestaetigen_seite(
                    request,
                    anzahl=anzahl,
                    felder={},
                    aktion=request.get_full_path(),
                    zurueck=reverse("admin:berichtsstand"),
                )
            kompetenz = daten.get("kompetenz")
            auftrag = exportauftrag_anlegen(
                user=request.user,
                art=Exportart.BERICHTSSTAND,
                format="xlsx",
                parameter={
                    "zeitraum": zeitraum.pk if zeitraum else None,
                    "kompetenz": kompetenz.pk if kompetenz else None,
                    "stand": daten.get("status") or "",
                },
                beschreibung=zeitraum.name if zeitraum else "",
                zusatz=kompetenz.slug if kompetenz else "",
            )
            return HttpResponseRedirect(reverse("exporte:auftrag", args=[auftrag.pk]), status=303)
        summen, gesamt = berichtsstand_summen(user=request.user, zeitraum=zeitraum)
        inhalt = berichtsstand_excel(
            projekte=projekte, zeitraum=zeitraum, summen=summen, gesamt=gesamt
        )
        antwort = HttpResponse(
            inhalt,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"berichtsstand-{zeitraum.pk if zeitraum else 'ohne-zeitraum'}.xlsx"
        antwort["Content-Disposition"] = f'attachment; filename="{name}"'
        return antwort

    def berichtsstand_erinnern(self, request):
        """One click: remind every lead of a Kompetenz whose report is still owed."""
        if not darf_erinnern(request.user):
            raise PermissionDenied
        formular = ErinnerungsFormular(request.POST)
        if not formular.is_valid():
            messages.error(request, _("Diese Erinnerung kann nicht gesendet werden."))
            return HttpResponseRedirect(reverse("admin:berichtsstand"))
        zeitraum, kompetenz = formular.cleaned_data["zeitraum"], formular.cleaned_data["kompetenz"]
        anzahl = erinnerungen_fuer_kompetenz(zeitraum=zeitraum, kompetenz=kompetenz)
        if anzahl:
            messages.success(
                request,
                ngettext(
                    "%(n)d Erinnerung an Projektleitungen der Kompetenz „%(kompetenz)s“ gesendet.",
                    "%(n)d Erinnerungen an Projektleitungen der Kompetenz „%(kompetenz)s“ "
                    "gesendet.",
                    anzahl,
                )
                % {"n": anzahl, "kompetenz": kompetenz.titel},
            )
        else:
            messages.info(
                request,
                _(
                    "Keine neue Erinnerung gesendet: alle säumigen Projektleitungen der Kompetenz "
                    "„%(kompetenz)s“ sind für diesen Zeitraum schon erinnert worden (oder haben "
                    "keine E-Mail-Adresse)."
                )
                % {"kompetenz": kompetenz.titel},
            )
        return HttpResponseRedirect(
            reverse("admin:berichtsstand")
            + f"?zeitraum={zeitraum.pk}&kompetenz={kompetenz.slug}&status=fehlt"
        )
