"""Back office of following by mail: for the Referat only, figures and never addresses in a
list; one address can be exported or deleted on request (Art. 15 and 17 GDPR)."""

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from kernaktivitaeten import rules

from . import services
from .forms import AuskunftForm
from .models import Abonnement, Abonnent, Ziel, Zustellung


def zahlen() -> dict:
    """Counts for the Referat's page (three queries, whatever the number of addresses)."""
    adressen = Abonnent.objects.aggregate(
        bestaetigt=Count("pk", filter=Q(bestaetigt_am__isnull=False)),
        unbestaetigt=Count("pk", filter=Q(bestaetigt_am__isnull=True)),
        woechentlich=Count(
            "pk", filter=Q(bestaetigt_am__isnull=False, rhythmus=Abonnent.Rhythmus.WOECHENTLICH)
        ),
    )
    je_ziel = dict(
        Abonnement.objects.bestaetigt().values_list("ziel").annotate(n=Count("pk")).order_by()
    )
    return {
        **adressen,
        "je_ziel": [(label, je_ziel.get(wert, 0)) for wert, label in Ziel.choices],
        "wartend": Zustellung.objects.count(),
    }


# The queue's own admin (django-tasks-db) is not part of the back office: task rows hold ids
# only, and operations look at the queue with the worker's log (docs/deployment.md).
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(Abonnent)
class AbonnentAdmin(admin.ModelAdmin):
    """One page instead of a change list: figures and the request form."""

    def has_module_permission(self, request):
        return rules.ist_referat(request.user)

    def has_view_permission(self, request, obj=None):
        return rules.ist_referat(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "",
                self.admin_site.admin_view(self.uebersicht),
                name="{}_{}_changelist".format(*info),
            ),
        ]

    def uebersicht(self, request):
        if not rules.ist_referat(request.user):
            raise PermissionDenied
        form = AuskunftForm(request.POST or None)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                abonnent = services.adresse_finden(form.cleaned_data["email"])
                if abonnent is None:
                    messages.info(request, _("Zu dieser Adresse ist nichts gespeichert."))
                    return redirect(request.path)
                if form.cleaned_data["aktion"] == "export":
                    antwort = HttpResponse(
                        json.dumps(
                            services.adresse_exportieren(abonnent=abonnent),
                            ensure_ascii=False,
                            indent=2,
                        ),
                        content_type="application/json; charset=utf-8",
                    )
                    antwort["Content-Disposition"] = 'attachment; filename="auskunft.json"'
                    antwort["Cache-Control"] = "no-store"
                    return antwort
                services.adresse_loeschen(abonnent=abonnent)
                messages.success(request, _("Die Adresse und alle ihre Abonnements sind gelöscht."))
                return redirect(request.path)
            status = 400
        return TemplateResponse(
            request,
            "admin/benachrichtigungen/uebersicht.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Benachrichtigungen per E-Mail"),
                "opts": self.opts,
                "zahlen": zahlen(),
                "form": form,
            },
            status=status,
        )
