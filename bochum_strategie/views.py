"""Site-wide pages: home, error pages."""

from django.shortcuts import render

from kernaktivitaeten.models import Kernaktivitaet
from querschnitt.models import Querschnittsthema
from zielsystem.models import Kompetenz, Strategie


def startseite(request):
    strategie = Strategie.objects.aktuelle()
    oeffentlich = Kernaktivitaet.objects.oeffentlich()
    return render(
        request,
        "startseite.html",
        {
            "strategie": strategie,
            "wesenskern": strategie.wesenskern.all() if strategie else [],
            "kompetenzen": Kompetenz.objects.filter(strategie=strategie),
            "themen": Querschnittsthema.objects.all(),
            "zahlen": oeffentlich.kennzahlen_gesamt(),
            "neueste": Kernaktivitaet.objects.fuer_katalog().order_by("-aktualisiert")[:5],
        },
    )


def seite_nicht_gefunden(request, exception=None):
    return render(request, "404.html", status=404)
