from django.shortcuts import get_object_or_404, render

from bochum_strategie.lib.fragmentcache import zielsystemstand
from bochum_strategie.lib.seitencache import oeffentlich_gecacht

from .models import Kompetenz, Schwerpunkt, Strategie


@oeffentlich_gecacht
def zielsystem_uebersicht(request):
    strategie = Strategie.objects.aktuelle()
    kompetenzen = Kompetenz.objects.filter(strategie=strategie).fuer_uebersicht()
    return render(
        request,
        "zielsystem/uebersicht.html",
        # The list is a fragment kept per Zielsystemstand: the queryset runs only when it is
        # rendered (bochum_strategie/lib/fragmentcache.py).
        {"strategie": strategie, "kompetenzen": kompetenzen, "zielsystemstand": zielsystemstand},
    )


@oeffentlich_gecacht
def kompetenz_detail(request, slug):
    kompetenz = get_object_or_404(Kompetenz, slug=slug)
    return render(
        request,
        "zielsystem/kompetenz.html",
        {
            "kompetenz": kompetenz,
            # Loaded only when the Zielsystem block is rendered, not taken from the cache.
            "kompetenz_mit_zielen": kompetenz.mit_zielen_laden,
            "zielsystemstand": zielsystemstand,
            **kompetenz.kernaktivitaeten.zusammenfassung(),
            "katalog_filter": f"kompetenz={kompetenz.slug}",
        },
    )


@oeffentlich_gecacht
def schwerpunkt_detail(request, kompetenz_slug, slug):
    schwerpunkt = get_object_or_404(
        Schwerpunkt.objects.mit_kompetenz(), kompetenz__slug=kompetenz_slug, slug=slug
    )
    geschwister = schwerpunkt.kompetenz.schwerpunkte.all()
    return render(
        request,
        "zielsystem/schwerpunkt.html",
        {
            "schwerpunkt": schwerpunkt,
            "kompetenz": schwerpunkt.kompetenz,
            "geschwister": geschwister,  # goals and siblings: queried when rendered
            "zielsystemstand": zielsystemstand,
            **schwerpunkt.kernaktivitaeten.zusammenfassung(),
            "katalog_filter": f"schwerpunkt={schwerpunkt.pk}",
        },
    )
