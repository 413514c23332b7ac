"""Site-wide pages: home, error pages."""

from django.shortcuts import render

from querschnitt.models import Querschnittsthema
from zielsystem.models import Kompetenz, Strategie


def startseite(request):
    strategie = Strategie.objects.aktuelle()
    return render(
        request,
        "startseite.html",
        {
            "strategie": strategie,
            "wesenskern": strategie.wesenskern.all() if strategie else [],
            "kompetenzen": Kompetenz.objects.filter(strategie=strategie),
            "themen": Querschnittsthema.objects.all(),
        },
    )


def seite_nicht_gefunden(request, exception=None):
    return render(request, "404.html", status=404)
