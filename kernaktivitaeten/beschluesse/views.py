"""The public Beschlussregister: the list with filters and a page per decision."""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from bochum_strategie.lib.seitencache import oeffentlich_gecacht
from zielsystem.models import ProgrammatischesZiel, Schwerpunkt

from ..models import (
    ABGESCHLOSSENE_PHASEN,
    KARTENFELDER,
    Beschlussstatusaenderung,
    Kernaktivitaet,
    Ratsbeschluss,
)
from .filters import BeschlussFilter

PRO_SEITE = 50


@require_safe
@oeffentlich_gecacht
def register(request):
    jahre = sorted(
        {
            datum.year if datum else jahr
            for datum, jahr in Ratsbeschluss.objects.oeffentlich()
            .exclude(datum=None, jahr=None)
            .order_by()
            .values_list("datum", "jahr")
            .distinct()
        },
        reverse=True,
    )
    filterset = BeschlussFilter(
        request.GET or None, queryset=Ratsbeschluss.objects.fuer_register(), jahre=jahre
    )
    if filterset.is_bound and not filterset.is_valid():
        return render(
            request,
            "beschluesse/register.html",
            {"filter": filterset, "fehler": True, "seite": None},
            status=400,
        )
    paginator = Paginator(
        filterset.qs.order_by("-datum", "-jahr", "vorlagennummer", "pk"), PRO_SEITE
    )
    try:
        seite = paginator.page(request.GET.get("seite") or 1)
    except InvalidPage:
        raise Http404(_("Diese Seite der Ergebnisliste gibt es nicht.")) from None
    return render(
        request,
        "beschluesse/register.html",
        {"filter": filterset, "seite": seite, "anzahl": paginator.count},
    )


def _projekte(*weitere_felder):
    """Public projects with what a card shows (and the Kompetenz's order for the list of
    Kompetenzen); ``weitere_felder``: the key a reverse prefetch needs."""
    return (
        Kernaktivitaet.objects.fuer_katalog()
        .only(
            *KARTENFELDER,
            "kompetenz__titel",
            "kompetenz__slug",
            "kompetenz__reihenfolge",
            *weitere_felder,
        )
        .order_by("titel", "pk")
    )


@require_safe
@oeffentlich_gecacht
def detail(request, vorlage):
    beschluss = (
        Ratsbeschluss.objects.oeffentlich()
        .select_related("organisation")
        .prefetch_related(
            Prefetch("schwerpunkte", queryset=Schwerpunkt.objects.select_related("kompetenz")),
            Prefetch(
                "programmatische_ziele",
                queryset=ProgrammatischesZiel.objects.select_related("schwerpunkt__kompetenz"),
            ),
            Prefetch("kernaktivitaeten", queryset=_projekte("ratsbeschluss"), to_attr="projekte"),
            Prefetch(
                "betroffene_kernaktivitaeten", queryset=_projekte(), to_attr="weitere_projekte"
            ),
            Prefetch(
                "statusaenderungen",
                queryset=Beschlussstatusaenderung.objects.defer("geaendert_von"),
                to_attr="verlauf",
            ),
        )
        .filter(vorlagennummer=vorlage)
        .first()
    )
    if beschluss is None:
        raise Http404(_("Diesen Beschluss gibt es nicht."))
    umgesetzt = sum(1 for p in beschluss.projekte if p.phase in ABGESCHLOSSENE_PHASEN)
    kompetenzen = {
        k.pk: k
        for k in [
            *(s.kompetenz for s in beschluss.schwerpunkte.all()),
            *(z.schwerpunkt.kompetenz for z in beschluss.programmatische_ziele.all()),
            *(p.kompetenz for p in beschluss.projekte + beschluss.weitere_projekte),
        ]
        if k is not None
    }
    return render(
        request,
        "beschluesse/detail.html",
        {
            "beschluss": beschluss,
            "anzahl_umgesetzt": umgesetzt,
            "kompetenzen": sorted(kompetenzen.values(), key=lambda k: (k.reihenfolge, k.pk)),
        },
    )
