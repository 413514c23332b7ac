"""Public pages of following by mail: request, confirm, manage, unsubscribe. No page says
whether an address is known (ADR 0008); none is cached (each carries a CSRF token or a
personal link)."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from bochum_strategie.lib.begrenzung import erlaubt
from kernaktivitaeten.filters import KatalogFilter
from kernaktivitaeten.models import Kernaktivitaet
from querschnitt.models import Nachhaltigkeitsziel
from zielsystem.models import Kompetenz, Schwerpunkt

from . import services
from .forms import AbonnierenForm, RhythmusForm
from .models import Ziel

STUNDE = 3600


def _wunsch(request) -> tuple[services.Wunsch, str]:
    """What the visitor asks to follow (from the query string), and its description; 404 for
    anything that is not public."""
    ziel = request.GET.get("ziel", "")
    objekt = request.GET.get("objekt", "")
    if ziel == Ziel.PROJEKT:
        projekt = get_object_or_404(Kernaktivitaet.objects.oeffentlich(), slug=objekt)
        return services.Wunsch(ziel, kernaktivitaet=projekt), _("die Kernaktivität „%(name)s“") % {
            "name": projekt.titel
        }
    if ziel == Ziel.KOMPETENZ:
        kompetenz = get_object_or_404(Kompetenz, slug=objekt)
        return services.Wunsch(ziel, kompetenz=kompetenz), _("die Kompetenz „%(name)s“") % {
            "name": kompetenz
        }
    if ziel == Ziel.SCHWERPUNKT and objekt.isdigit():
        schwerpunkt = get_object_or_404(Schwerpunkt, pk=int(objekt))
        return services.Wunsch(ziel, schwerpunkt=schwerpunkt), _("den Schwerpunkt „%(name)s“") % {
            "name": schwerpunkt
        }
    if ziel == Ziel.SDG and objekt.isdigit():
        sdg = get_object_or_404(Nachhaltigkeitsziel, nummer=int(objekt))
        return services.Wunsch(ziel, sdg=sdg), str(sdg)
    if ziel == Ziel.BESCHLUSSREGISTER:
        return services.Wunsch(ziel), _("das Beschlussregister (alle Ratsbeschlüsse)")
    if ziel == Ziel.FILTER:
        abfrage = services.filter_normalisieren(request.GET.get("filter", ""))
        if not abfrage or len(abfrage) > 500:
            raise Http404(_("Diese Suche lässt sich nicht abonnieren."))
        pruefung = KatalogFilter(QueryDict(abfrage), queryset=Kernaktivitaet.objects.none())
        if not pruefung.is_valid():
            raise Http404(_("Diese Suche lässt sich nicht abonnieren."))
        return services.Wunsch(ziel, filter=abfrage), _(
            "neue Meldungen zu den Kernaktivitäten Ihrer Katalogsuche"
        )
    raise Http404(_("Das lässt sich nicht abonnieren."))


def client(request) -> str:
    """The client for the rate limit: the address the app server sees (the proxy in front
    passes the visitor's, docs/deployment.md)."""
    return request.META.get("REMOTE_ADDR", "")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def abonnieren(request):
    wunsch, was = _wunsch(request)
    status = 200
    if request.method == "POST":
        form = AbonnierenForm(request.POST)
        if not erlaubt(
            "abo-client", client(request), grenze=settings.ABO_ANFRAGEN_JE_CLIENT, fenster=STUNDE
        ):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Von Ihrem Anschluss kamen in der letzten Stunde zu viele Anfragen. Bitte versuchen Sie es später noch einmal."
                ),
            )
            status = 429
        elif form.is_valid():
            email = services.adresse_normalisieren(form.cleaned_data["email"])
            # Over the limit per address, or a bot: the same answer, nothing is sent.
            if not form.cleaned_data["homepage"] and erlaubt(
                "abo-adresse", email, grenze=settings.ABO_ANFRAGEN_JE_ADRESSE, fenster=STUNDE
            ):
                services.abonnieren(email=email, wunsch=wunsch, sprache=get_language() or "de")
            return redirect("benachrichtigungen:angefragt")
        else:
            status = 400
    else:
        form = AbonnierenForm()
    return render(
        request,
        "benachrichtigungen/abonnieren.html",
        {"form": form, "was": was, "stunden": settings.ABO_BESTAETIGUNG_STUNDEN},
        status=status,
    )


@require_safe
def angefragt(request):
    return render(
        request,
        "benachrichtigungen/angefragt.html",
        {"stunden": settings.ABO_BESTAETIGUNG_STUNDEN},
    )


def _ungueltig(request):
    return render(request, "benachrichtigungen/ungueltig.html", status=404)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def bestaetigen(request, token):
    """GET shows a button (mail scanners open links, people press buttons); POST confirms."""
    if request.method != "POST":
        try:
            services.bestaetigung_pruefen(token=token)
        except services.UngueltigerLink:
            return _ungueltig(request)
        return render(request, "benachrichtigungen/bestaetigen.html", {"token": token})
    try:
        abonnent = services.bestaetigen(token=token)
    except services.UngueltigerLink:
        return _ungueltig(request)
    messages.success(request, _("Danke, Ihre Adresse ist bestätigt. Sie werden benachrichtigt."))
    return redirect("benachrichtigungen:verwalten", services.verwaltungs_token(abonnent))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verwalten(request, token):
    try:
        abonnent = services.abonnent_aus_token(token, zweck="verwalten")
    except services.UngueltigerLink:
        return _ungueltig(request)
    form = RhythmusForm(initial={"rhythmus": abonnent.rhythmus})
    status = 200
    if request.method == "POST":
        aktion = request.POST.get("aktion")
        if aktion == "rhythmus":
            form = RhythmusForm(request.POST)
            if form.is_valid():
                services.rhythmus_setzen(abonnent=abonnent, rhythmus=form.cleaned_data["rhythmus"])
                messages.success(request, _("Gespeichert."))
                return redirect(request.path)
            status = 400
        elif aktion == "beenden" and request.POST.get("abonnement", "").isdigit():
            services.abonnement_beenden(
                abonnent=abonnent, abonnement_id=int(request.POST["abonnement"])
            )
            messages.success(request, _("Diese Benachrichtigung ist beendet."))
            return redirect(request.path)
        elif aktion == "loeschen":
            services.adresse_loeschen(abonnent=abonnent)
            return redirect("benachrichtigungen:abgemeldet")
        else:
            return HttpResponse(status=400)
    abonnements = [
        {"pk": a.pk, "was": services.beschreibung(a), "bestaetigt": a.bestaetigt}
        for a in abonnent.abonnements.select_related(
            "kernaktivitaet", "kompetenz", "schwerpunkt", "sdg"
        ).order_by("angelegt_am", "pk")
    ]
    return render(
        request,
        "benachrichtigungen/verwalten.html",
        {
            "abonnent": abonnent,
            "abonnements": abonnements,
            "form": form,
            "abmelden": reverse(
                "benachrichtigungen:abmelden", args=[services.abmelde_token(abonnent)]
            ),
        },
        status=status,
    )


@csrf_exempt  # RFC 8058: mail programs POST here without a session; the signed link is the key
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def abmelden(request, token):
    """One click: GET shows one button (link scanners must not unsubscribe anyone); a POST,
    from that button or from the mail program (List-Unsubscribe-Post), deletes the address."""
    try:
        abonnent = services.abonnent_aus_token(token, zweck="abmelden")
    except services.UngueltigerLink:
        if request.method == "POST":
            return redirect("benachrichtigungen:abgemeldet")  # already gone: the same answer
        return _ungueltig(request)
    if request.method == "POST":
        services.adresse_loeschen(abonnent=abonnent)
        return redirect("benachrichtigungen:abgemeldet")
    return render(request, "benachrichtigungen/abmelden.html", {"token": token})


@require_safe
def abgemeldet(request):
    return render(request, "benachrichtigungen/abgemeldet.html")
