from functools import cache

from django.conf import settings

from kernaktivitaeten.models import Kernaktivitaet


def portal(request):
    """Values every template may need.

    ``beispieldaten_vorhanden`` is a callable: the template calls it (one EXISTS query on an
    indexed column, at most once per rendered page) only where it shows the demo hint, i.e.
    on public pages built from ``base.html``. Cached public pages are rebuilt when demo data
    comes or goes, because generating and deleting it raise the Datenstand.
    """

    @cache
    def beispieldaten_vorhanden() -> bool:
        return Kernaktivitaet.objects.beispieldaten_vorhanden()

    return {"SITE_URL": settings.SITE_URL, "beispieldaten_vorhanden": beispieldaten_vorhanden}
