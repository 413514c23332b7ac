import io

import segno
from django.conf import settings
from django.core.paginator import EmptyPage, InvalidPage, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from bochum_strategie.lib.seitencache import oeffentlich_gecacht
from zielsystem.models import Schwerpunkt

from .aenderungen import feld_bezeichnung
from .filters import KatalogFilter, optionen_mit_zahlen, schwerpunkte_eingrenzen
from .models import Aenderung, AlterSlug, Kernaktivitaet, Ratsbeschluss
from .search import naechste_schwerpunkte
from .termine import projekt_drift, zeitleiste

PRO_SEITE = 20


@require_safe
@oeffentlich_gecacht
def katalog(request):
    # The year of the decision: from its date, or stated alone where the source gives no date.
    tranchen = dict(Ratsbeschluss.objects.filter(jahr__isnull=False).values_list("pk", "jahr"))
    filterset = KatalogFilter(
        request.GET or None, queryset=Kernaktivitaet.objects.fuer_katalog(), tranchen=tranchen
    )
    if filterset.is_bound and not filterset.is_valid():
        return render(
            request,
            "kernaktivitaeten/katalog.html",
            {"filter": filterset, "fehler": True, "seite": None},
            status=400,
        )
    facetten = filterset.facetten()
    optionen_mit_zahlen(filterset, facetten)
    schwerpunkte_eingrenzen(filterset)
    # "pk" last: titles repeat, and without a unique last key PostgreSQL may put a project on
    # two pages (and none on another) when it sorts equal titles differently per query.
    qs = filterset.qs
    paginator = Paginator(
        qs.order_by(*qs.query.order_by or qs.model._meta.ordering, "pk"), PRO_SEITE
    )
    paginator.count = filterset.treffer_anzahl(facetten)  # no COUNT query: the facets know it
    gewuenscht = request.GET.get("seite") or 1
    hinter_dem_ende = None
    try:
        seite = paginator.page(gewuenscht)
    except EmptyPage:
        # A page number past the end (an old link, fewer results now): the last page, and
        # the page says so. Zero, negative numbers and non-numbers stay a 404.
        if int(gewuenscht) < 1:
            raise Http404(_("Diese Seite der Ergebnisliste gibt es nicht.")) from None
        seite = paginator.page(paginator.num_pages)
        hinter_dem_ende = int(gewuenscht)
    except InvalidPage:
        raise Http404(_("Diese Seite der Ergebnisliste gibt es nicht.")) from None
    seite.object_list = _projekte_der_seite(seite)
    return render(
        request,
        "kernaktivitaeten/katalog.html",
        {
            "filter": filterset,
            "seite": seite,
            "anzahl": paginator.count,
            "hinter_dem_ende": hinter_dem_ende,
            **_suchhilfe(filterset.suchanfrage(), paginator.count),
        },
    )


def _suchhilfe(anfrage, anzahl: int) -> dict:
    """What the result page offers beside the results: the German terms an English query
    was searched as, and when nothing matched, "Meinten Sie …?" and the nearest
    Schwerpunkte (one query more, only then)."""
    if anfrage is None:
        return {}
    hilfe = {"suchanfrage": anfrage}
    if anzahl == 0:
        hilfe["vorschlaege"] = anfrage.vorschlaege()
        hilfe["naechste_schwerpunkte"] = naechste_schwerpunkte(
            anfrage, Schwerpunkt.objects.select_related("kompetenz")
        )
    return hilfe


def _projekte_der_seite(seite) -> list:
    """The page's projects, read once, however the template uses them.

    From page 2 on in two steps: first the page's ids (PostgreSQL reads them from the
    catalogue index without touching the table), then those rows. In one query, the
    database fetches every row before the page only to skip it (docs/performance.md).
    """
    if seite.number == 1:
        return list(seite.object_list)
    ids = list(seite.object_list.values_list("pk", flat=True))
    zeilen = Kernaktivitaet.objects.fuer_katalog().in_bulk(ids)
    return [zeilen[pk] for pk in ids]


@require_safe
@oeffentlich_gecacht
def detail(request, slug):
    try:
        projekt = Kernaktivitaet.objects.oeffentlich().fuer_detail().get(slug=slug)
    except Kernaktivitaet.DoesNotExist:
        alt = AlterSlug.objects.oeffentlich().filter(slug=slug).select_related("kernaktivitaet")
        if alt:
            return redirect(alt[0].kernaktivitaet, permanent=True)
        raise Http404(_("Diese Kernaktivität gibt es nicht.")) from None
    # A semi-join instead of JOIN + DISTINCT: PostgreSQL walks the "aktualisiert" index and
    # stops after four matches instead of sorting every project of the Schwerpunkte.
    in_schwerpunkten = Kernaktivitaet.schwerpunkte.through.objects.filter(
        schwerpunkt__in=[s.pk for s in projekt.schwerpunkte.all()]
    ).values("kernaktivitaet")
    verwandte = (
        Kernaktivitaet.objects.fuer_katalog()
        .filter(pk__in=in_schwerpunkten)
        .exclude(pk=projekt.pk)
        .order_by("-aktualisiert")[:4]
    )
    termine = projekt_drift(projekt)
    return render(
        request,
        "kernaktivitaeten/detail.html",
        {
            "projekt": projekt,
            "termine": termine,
            "zeitleiste": zeitleiste(termine),
            "verwandte": verwandte,
            "permanente_url": settings.SITE_URL + projekt.get_permanent_url(),
        },
    )


@require_safe
def permanent(request, pk):
    projekt = get_object_or_404(Kernaktivitaet.objects.oeffentlich(), pk=pk)
    return redirect(projekt, permanent=True)


@require_safe
@oeffentlich_gecacht
def qr_code(request, pk):
    """QR code (SVG) of the project's permanent address, e.g. for posters and signs."""
    projekt = get_object_or_404(Kernaktivitaet.objects.oeffentlich(), pk=pk)
    qr = segno.make(settings.SITE_URL + projekt.get_permanent_url(), error="m")
    svg = io.BytesIO()
    qr.save(svg, kind="svg", scale=4, border=2, title=projekt.titel, xmldecl=True, svgns=True)
    response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="qr-kernaktivitaet-{projekt.pk}.svg"'
    return response


AENDERUNGEN_PRO_SEITE = 50


@require_safe
@oeffentlich_gecacht
def aenderungen(request):
    """The public change log: changes of public meaning, newest first (one count, one page)."""
    paginator = Paginator(
        Aenderung.objects.fuer_auswertung().neueste_zuerst(), AENDERUNGEN_PRO_SEITE
    )
    try:
        seite = paginator.page(request.GET.get("seite") or 1)
    except InvalidPage:
        raise Http404(_("Diese Seite des Änderungsprotokolls gibt es nicht.")) from None
    for aenderung in seite.object_list:
        aenderung.feld_anzeige = feld_bezeichnung(aenderung)
    return render(request, "kernaktivitaeten/aenderungen.html", {"seite": seite})
