from django.shortcuts import get_object_or_404, render

from bochum_strategie.lib.seitencache import oeffentlich_gecacht

from .models import Nachhaltigkeitsziel, Querschnittsthema


@oeffentlich_gecacht
def querschnittsthemen(request):
    themen = Querschnittsthema.objects.mit_sdgs()
    return render(request, "querschnitt/themen.html", {"themen": themen})


@oeffentlich_gecacht
def querschnittsthema_detail(request, slug):
    thema = get_object_or_404(Querschnittsthema.objects.mit_sdgs(), slug=slug)
    return render(
        request,
        "querschnitt/thema.html",
        {
            "thema": thema,
            **thema.kernaktivitaeten.zusammenfassung(),
            "katalog_filter": f"thema={thema.slug}",
        },
    )


@oeffentlich_gecacht
def nachhaltigkeitsziele(request):
    sdgs = Nachhaltigkeitsziel.objects.prefetch_related("querschnittsthemen")
    return render(request, "querschnitt/sdgs.html", {"sdgs": sdgs})


@oeffentlich_gecacht
def nachhaltigkeitsziel_detail(request, nummer):
    sdg = get_object_or_404(
        Nachhaltigkeitsziel.objects.prefetch_related("querschnittsthemen"), nummer=nummer
    )
    return render(
        request,
        "querschnitt/sdg.html",
        {
            "sdg": sdg,
            **sdg.kernaktivitaeten.zusammenfassung(),
            "katalog_filter": f"sdg={sdg.nummer}",
        },
    )
