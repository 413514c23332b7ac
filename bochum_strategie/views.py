"""Site-wide pages: home, error pages."""

import logging

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from bochum_strategie.seitencache import oeffentlich_gecacht
from kernaktivitaeten.models import Kernaktivitaet
from querschnitt.models import Querschnittsthema
from zielsystem.models import Kompetenz, Strategie

logger = logging.getLogger(__name__)


@require_safe
@oeffentlich_gecacht
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


@never_cache
@require_safe
def healthz(request):
    """Liveness: the process answers requests. Touches neither database nor cache, so that a
    database outage does not make the orchestrator restart healthy app servers."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """Readiness: the database answers and has every migration this code knows (else 503)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        offen = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        logger.exception("readyz: database not reachable")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    if offen:
        return JsonResponse(
            {"status": "unavailable", "database": "ok", "unapplied_migrations": len(offen)},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "unapplied_migrations": 0})
