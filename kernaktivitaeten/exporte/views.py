"""Views of the exports: public dashboard and open data, back-office report downloads and
the pages of export jobs (``auftraege``: progress, download, restart).

Bad input (unknown Kompetenz, ``zeitraum=abc``, ``format=exe``, unknown dataset) is answered
with 400 or 404 and a page that says what was wrong, never with a 500.
"""

import json
import tempfile
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from bochum_strategie.lib.dateicache import datei_je_datenstand
from bochum_strategie.lib.seitencache import oeffentlich_gecacht

from ..models import Exportart, Exportauftrag, Exportstatus
from ..vergleich import periodenvergleich
from . import auftraege
from .ausgabe import FORMATE, bericht_dateiname, fortschrittsbericht_schreiben, stuecke
from .dashboard import dashboard_daten
from .forms import FortschrittsberichtFormular, PeriodenvergleichFormular
from .fortschritt import Auswahl, Zugriff, spalten, standard_zeitraum
from .opendaten import DATENSAETZE, LIZENZ, csv_daten, dcat_katalog, json_daten, json_schema
from .sicherheit import dateiname

OFFENE_FORMATE = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


def _fehler(request, *, status: int, titel: str, meldung: str):
    return render(
        request, "exporte/fehler.html", {"titel": titel, "meldung": meldung}, status=status
    )


def _anhang(response, name: str):
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Public -------------------------------------------------------------------------------------


@require_safe
@oeffentlich_gecacht
def dashboard(request):
    return render(request, "exporte/fortschritt.html", dashboard_daten())


@require_safe
def daten(request):
    return render(
        request,
        "daten/uebersicht.html",
        {"datensaetze": DATENSAETZE.values(), "lizenz": LIZENZ},
    )


def _datensatz_oder_fehler(request, slug):
    datensatz = DATENSAETZE.get(slug)
    if datensatz is None:
        return None, _fehler(
            request,
            status=404,
            titel=_("Datensatz nicht gefunden"),
            meldung=_("Den Datensatz „%(name)s“ gibt es nicht. Angeboten werden: %(liste)s.")
            % {"name": slug, "liste": ", ".join(DATENSAETZE)},
        )
    return datensatz, None


@require_safe
def datensatz(request, datensatz, format):
    gefunden, fehler = _datensatz_oder_fehler(request, datensatz)
    if fehler:
        return fehler
    if format not in OFFENE_FORMATE:
        return _fehler(
            request,
            status=404,
            titel=_("Format nicht gefunden"),
            meldung=_("Das Format „%(format)s“ wird nicht angeboten. Möglich sind csv und json.")
            % {"format": format},
        )
    response = datei_je_datenstand(
        f"opendaten-{gefunden.slug}.{format}",
        partial(csv_daten if format == "csv" else json_daten, gefunden),
        OFFENE_FORMATE[format],
    )
    response["Link"] = f'<{LIZENZ["url"]}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: usable from any web app
    return _anhang(response, dateiname(gefunden.slug, format))


@require_safe
def datensatz_schema(request, datensatz):
    gefunden, fehler = _datensatz_oder_fehler(request, datensatz)
    if fehler:
        return fehler
    response = JsonResponse(
        json_schema(gefunden),
        content_type="application/schema+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def dcat(request):
    """DCAT-AP.de catalogue as JSON-LD, for CKAN harvesters (ckanext-dcat) and GovData."""
    inhalt = json.dumps(dcat_katalog(), ensure_ascii=False, indent=2)
    response = HttpResponse(inhalt, content_type="application/ld+json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


# Back office --------------------------------------------------------------------------------


def _kein_zugriff(request, meldung=None):
    return _fehler(
        request,
        status=403,
        titel=_("Kein Zugriff"),
        meldung=meldung
        or _(
            "Den Fortschrittsbericht können nur das Referat und der Vorstand (für die eigenen "
            "Kompetenzen) herunterladen."
        ),
    )


def _seite(request, form, zugriff, *, status=200):
    return render(
        request,
        "exporte/verwaltung.html",
        {
            "form": form,
            "zugriff": zugriff,
            "mit_intern": zugriff.intern_alle or bool(zugriff.intern_ids),
            "interne_spalten": [s.titel for s in spalten(intern=True) if s.intern],
            "aktueller_zeitraum": standard_zeitraum(),
            "hintergrund_ab": settings.EXPORT_HINTERGRUND_AB,
            "exportauftraege": Exportauftrag.objects.eigene(request.user).neueste_zuerst()[:10],
        },
        status=status,
    )


@never_cache
@login_required
@require_safe
def verwaltung(request):
    """The export page: a small GET form that downloads the Fortschrittsbericht."""
    zugriff = Zugriff.fuer(request.user)
    if zugriff is None:
        return _kein_zugriff(request)
    return _seite(request, FortschrittsberichtFormular(zugriff=zugriff), zugriff)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def fortschrittsbericht(request):
    """Downloads the report at once, or (more than EXPORT_HINTERGRUND_AB projects) starts an
    export job on POST; a GET of such a selection asks for the POST first (no job is ever
    started by a link or a prefetch)."""
    zugriff = Zugriff.fuer(request.user)
    if zugriff is None:
        return _kein_zugriff(request)
    daten = request.POST if request.method == "POST" else request.GET
    form = FortschrittsberichtFormular(daten, zugriff=zugriff)
    if not form.is_valid():
        return _seite(request, form, zugriff, status=400)
    kompetenz = form.cleaned_data["kompetenz"]
    if kompetenz is not None and not zugriff.darf_kompetenz(kompetenz):
        return _kein_zugriff(
            request,
            _("Den Bericht der Kompetenz „%(kompetenz)s“ dürfen Sie nicht herunterladen.")
            % {"kompetenz": kompetenz.titel},
        )
    auswahl = Auswahl(
        zugriff=zugriff,
        kompetenz=kompetenz,
        zeitraum=form.cleaned_data["zeitraum"] or standard_zeitraum(),
        phase=form.cleaned_data["phase"],
    )
    format = FORMATE[form.cleaned_data["format"]]
    anzahl = auswahl.projekte().count()
    if auftraege.hintergrund(anzahl):
        if request.method != "POST":
            return auftrag_bestaetigen_seite(request, anzahl=anzahl, felder=form.cleaned_data)
        auftrag = auftraege.exportauftrag_anlegen(
            user=request.user,
            art=Exportart.FORTSCHRITTSBERICHT,
            format=format.endung,
            parameter={
                "kompetenz": kompetenz.slug if kompetenz else "",
                "zeitraum": auswahl.zeitraum.pk if auswahl.zeitraum else None,
                "phase": auswahl.phase,
            },
            beschreibung=auswahl.filterbeschreibung(),
            zusatz=kompetenz.slug if kompetenz else "",
        )
        return HttpResponseRedirect(reverse("exporte:auftrag", args=[auftrag.pk]), status=303)
    name = bericht_dateiname(auswahl, format.endung)
    if format.gestreamt:
        response = StreamingHttpResponse(
            stuecke(auswahl, format.endung), content_type=format.content_type
        )
        return _anhang(response, name)
    # Excel and PDF are complete files: built on disk (bounded memory), then streamed out.
    datei = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    fortschrittsbericht_schreiben(auswahl, format.endung, datei)
    datei.seek(0)
    return FileResponse(datei, as_attachment=True, filename=name, content_type=format.content_type)


def auftrag_bestaetigen_seite(
    request, *, anzahl: int, felder: dict, aktion: str = "", zurueck: str = ""
):
    """Asks to start a job for a large selection (a GET must not start one)."""
    werte = {}
    for name, wert in felder.items():
        if hasattr(wert, "slug"):
            wert = wert.slug
        elif hasattr(wert, "pk"):
            wert = wert.pk
        werte[name] = "" if wert is None else wert
    return render(
        request,
        "exporte/auftrag_bestaetigen.html",
        {
            "anzahl": anzahl,
            "felder": werte,
            "aktion": aktion or request.path,
            "zurueck": zurueck or reverse("exporte:verwaltung"),
        },
    )


# Export jobs --------------------------------------------------------------------------------


def _auftrag(request, pk) -> Exportauftrag:
    """The job if ``request.user`` may see it (own, or the Referat); else 404."""
    return get_object_or_404(
        Exportauftrag.objects.sichtbar_fuer(request.user).select_related("angefordert_von"),
        pk=pk,
    )


def _restzeit_text(auftrag) -> str:
    rest = auftrag.restzeit()
    if rest is None:
        return ""
    minuten = round(rest.total_seconds() / 60)
    if minuten < 1:
        return _("Noch weniger als eine Minute.")
    return ngettext("Noch etwa %(anzahl)d Minute.", "Noch etwa %(anzahl)d Minuten.", minuten) % {
        "anzahl": minuten
    }


def _stand(auftrag) -> dict:
    return {
        "status": auftrag.status,
        "status_text": str(auftrag.get_status_display()),
        "offen": auftrag.offen,
        "erledigt": auftrag.erledigt,
        "gesamt": auftrag.gesamt,
        "prozent": auftrag.prozent,
        "zahlen": _("%(erledigt)s von %(gesamt)s Kernaktivitäten (%(prozent)s %%)")
        % {"erledigt": auftrag.erledigt, "gesamt": auftrag.gesamt, "prozent": auftrag.prozent},
        "restzeit": _restzeit_text(auftrag),
    }


@never_cache
@login_required
@require_safe
def auftrag(request, pk):
    """The job's page: progress (a plain reload shows the current state; static/js/
    exportauftrag.js updates it without one), then the download, or the error and a restart."""
    gefunden = _auftrag(request, pk)
    return render(
        request,
        "exporte/auftrag.html",
        {
            "auftrag": gefunden,
            "stand": _stand(gefunden),
            "neu_startbar": auftraege.neu_startbar(gefunden),
            "herunterladbar": _herunterladbar(gefunden),
        },
    )


@never_cache
@login_required
@require_safe
def auftrag_stand(request, pk):
    """The progress as JSON, for the page's script."""
    return JsonResponse(_stand(_auftrag(request, pk)))


def _herunterladbar(auftrag) -> bool:
    return (
        auftrag.status == Exportstatus.FERTIG
        and bool(auftrag.datei)
        and auftrag.gueltig_bis > timezone.now()
    )


@never_cache
@login_required
@require_safe
def auftrag_datei(request, pk):
    gefunden = _auftrag(request, pk)
    if not _herunterladbar(gefunden):
        return _fehler(
            request,
            status=410 if gefunden.status == Exportstatus.ABGELAUFEN or gefunden.datei else 404,
            titel=_("Datei nicht verfügbar"),
            meldung=_(
                "Diese Datei ist nicht (mehr) verfügbar. Exporte werden %(tage)s Tage "
                "aufbewahrt; Sie können den Export neu anfordern."
            )
            % {"tage": settings.EXPORT_AUFBEWAHRUNG_TAGE},
        )
    try:
        datei = auftraege.ablage().open(gefunden.datei, "rb")
    except FileNotFoundError:
        raise Http404(_("Die Datei wurde nicht gefunden.")) from None
    return FileResponse(
        datei,
        as_attachment=True,
        filename=gefunden.dateiname,
        content_type=FORMATE[gefunden.format].content_type
        if gefunden.art == Exportart.FORTSCHRITTSBERICHT
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@never_cache
@login_required
@require_POST
def auftrag_neu_starten(request, pk):
    gefunden = _auftrag(request, pk)
    try:
        auftraege.exportauftrag_neu_starten(auftrag=gefunden)
    except auftraege.Exportfehler as fehler:
        messages.error(request, str(fehler))
    else:
        messages.success(request, _("Der Export wurde erneut gestartet."))
    return HttpResponseRedirect(reverse("exporte:auftrag", args=[gefunden.pk]), status=303)


@never_cache
@login_required
@require_safe
def vergleich(request):
    """What changed in the portfolio between two Berichtszeiträume (Referat: everything, a
    Vorstand: own Kompetenzen), for the Vorstand and the council."""
    zugriff = Zugriff.fuer(request.user)
    if zugriff is None:
        return _kein_zugriff(
            request,
            _("Den Vergleich der Berichtszeiträume sehen nur das Referat und der Vorstand."),
        )
    form = PeriodenvergleichFormular(request.GET or None)
    ergebnis, status = None, 200
    if form.is_bound:
        if form.is_valid():
            ergebnis = periodenvergleich(
                von=form.cleaned_data["von"],
                bis=form.cleaned_data["bis"],
                projekte=Auswahl(zugriff=zugriff).projekte(),
            )
        else:
            status = 400
    return render(
        request, "exporte/vergleich.html", {"form": form, "vergleich": ergebnis}, status=status
    )
