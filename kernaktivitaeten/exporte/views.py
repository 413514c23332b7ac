"""Views of the exports: public dashboard and open data, back-office report downloads.

Bad input (unknown Kompetenz, ``zeitraum=abc``, ``format=exe``, unknown dataset) is answered
with 400 or 404 and a page that says what was wrong, never with a 500.
"""

import json
import tempfile
from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from bochum_strategie.lib.dateicache import datei_je_datenstand
from bochum_strategie.lib.seitencache import oeffentlich_gecacht

from ..vergleich import periodenvergleich
from .ausgabe import FORMATE, bericht_dateiname, fortschrittsbericht_schreiben, stuecke
from .dashboard import dashboard_daten
from .forms import FortschrittsberichtFormular, PeriodenvergleichFormular
from .fortschritt import Auswahl, Zugriff, spalten, standard_zeitraum
from .opendaten import DATENSAETZE, LIZENZ, csv_daten, dcat_katalog, json_daten, json_schema
from .pdf import PDF_HOECHSTENS
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
@require_safe
def fortschrittsbericht(request):
    zugriff = Zugriff.fuer(request.user)
    if zugriff is None:
        return _kein_zugriff(request)
    form = FortschrittsberichtFormular(request.GET, zugriff=zugriff)
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
    if format.endung == "pdf" and (anzahl := auswahl.projekte().count()) > PDF_HOECHSTENS:
        form.add_error(
            "format",
            _(
                "Ein PDF ist auf %(grenze)s Kernaktivitäten begrenzt, diese Auswahl hat "
                "%(anzahl)s. Bitte filtern Sie nach Kompetenz oder Phase oder wählen Sie Excel "
                "oder CSV."
            )
            % {"grenze": PDF_HOECHSTENS, "anzahl": anzahl},
        )
        return _seite(request, form, zugriff, status=400)
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
