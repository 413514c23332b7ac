"""Site-wide pages: home, error pages, the legal page texts, accessibility feedback,
robots.txt."""

import gzip
import logging

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from bochum_strategie.forms import RueckmeldungForm, lokale_adresse
from bochum_strategie.lib.dateicache import datei_je_datenstand
from bochum_strategie.lib.seitencache import oeffentlich_gecacht
from bochum_strategie.models import Inhaltsseite
from bochum_strategie.services import rueckmeldung_senden
from bochum_strategie.sitemaps import SITEMAPS, anzahl_teile
from kernaktivitaeten.models import Kernaktivitaet
from querschnitt.models import Querschnittsthema
from zielsystem.models import Kompetenz, Strategie

logger = logging.getLogger(__name__)


@require_safe
@oeffentlich_gecacht
def startseite(request):
    strategie = Strategie.objects.aktuelle()
    # Figures about the city: real projects only (ADR 0007).
    echte = Kernaktivitaet.objects.fuer_auswertung()
    return render(
        request,
        "startseite.html",
        {
            "strategie": strategie,
            "wesenskern": strategie.wesenskern.all() if strategie else [],
            "kompetenzen": Kompetenz.objects.filter(strategie=strategie),
            "themen": Querschnittsthema.objects.all(),
            "zahlen": echte.kennzahlen_gesamt(),
            "neueste": Kernaktivitaet.objects.fuer_katalog().echt().order_by("-aktualisiert")[:5],
        },
    )


def _fehlerseite(request, vorlage: str, status: int):
    """An error page in the portal's layout and the request's language, with a way back.

    Back-office addresses get a link to the back office's start page as well. Never shows
    internal details: the exception text is not passed to the template.
    """
    im_backoffice = request.path.startswith(tuple(_backoffice_pfade()))
    return render(request, vorlage, {"im_backoffice": im_backoffice}, status=status)


def _backoffice_pfade() -> list[str]:
    pfade = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            pfade.append(reverse("admin:index"))
    return pfade


def seite_nicht_gefunden(request, exception=None):
    return _fehlerseite(request, "404.html", 404)


def keine_berechtigung(request, exception=None):
    return _fehlerseite(request, "403.html", 403)


def csrf_fehler(request, reason=""):
    """The form's security token was missing or old (e.g. a page left open for a day)."""
    return _fehlerseite(request, "403_csrf.html", 403)


def serverfehler(request):
    """Renders the portal's error page; if even that fails (the database is down, a template
    breaks), a static page without any lookups."""
    try:
        return _fehlerseite(request, "500.html", 500)
    except Exception:
        logger.exception("500 page could not be rendered; static fallback sent")
        return HttpResponse(NOTFALLSEITE, status=500, content_type="text/html; charset=utf-8")


NOTFALLSEITE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fehler · Bochum Strategie</title></head><body><main>
<h1>Ein Fehler ist aufgetreten</h1>
<p>Die Seite konnte nicht angezeigt werden. Bitte versuchen Sie es später noch einmal.</p>
<p lang="en">Something went wrong. Please try again later.</p>
<p><a href="/">Zur Startseite</a></p>
</main></body></html>
"""


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


@require_safe
@oeffentlich_gecacht
def inhaltsseite(request, art):
    """Accessibility statement, Leichte Sprache, imprint, privacy: texts from the back office."""
    seite = get_object_or_404(Inhaltsseite, art=art)
    return render(request, "seiten/inhaltsseite.html", {"seite": seite})


@never_cache  # carries a CSRF token; not for the page cache or shared caches
@require_http_methods(["GET", "HEAD", "POST"])
def rueckmeldung(request):
    """Feedback about barriers: validate, store and mail, then redirect (POST/redirect/GET)."""
    if request.method == "POST":
        form = RueckmeldungForm(request.POST)
        if form.is_valid():
            if not form.ist_spam:  # a bot is thanked like everyone, but nothing is kept
                rueckmeldung_senden(
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    nachricht=form.cleaned_data["nachricht"],
                    seite=form.cleaned_data["seite"],
                )
            return redirect("rueckmeldung_danke")
        status = 400
    else:
        form = RueckmeldungForm(initial={"seite": lokale_adresse(request.GET.get("seite", ""))})
        status = 200
    return render(request, "seiten/rueckmeldung.html", {"form": form}, status=status)


@require_safe
@oeffentlich_gecacht
def rueckmeldung_danke(request):
    return render(request, "seiten/rueckmeldung_danke.html")


def _sitemap_datei(request, name: str, erzeugen, pruefen=None):
    """A sitemap document kept as a file per Datenstand, gzipped for clients that accept it."""
    gzip_ok = "gzip" in request.headers.get("Accept-Encoding", "")
    if gzip_ok:
        response = datei_je_datenstand(
            f"{name}.xml.gz",
            lambda: [gzip.compress(erzeugen(), mtime=0)],
            "application/xml",
            pruefen=pruefen,
        )
        response["Content-Encoding"] = "gzip"
    else:
        response = datei_je_datenstand(
            f"{name}.xml", lambda: [erzeugen()], "application/xml", pruefen=pruefen
        )
    patch_vary_headers(response, ["Accept-Encoding"])
    response["X-Robots-Tag"] = "noindex, noarchive"
    return response


@require_safe
def sitemap_index(request):
    """The sitemap index: one entry per section and part, with the newest lastmod of each."""

    def erzeugen() -> bytes:
        eintraege = []
        for abschnitt, klasse in SITEMAPS.items():
            teil = klasse()
            adresse = settings.SITE_URL + reverse("sitemap_teil", kwargs={"abschnitt": abschnitt})
            letzte = teil.get_latest_lastmod()
            for seite in range(1, anzahl_teile(teil) + 1):
                eintraege.append(
                    SitemapIndexItem(adresse if seite == 1 else f"{adresse}?p={seite}", letzte)
                )
        return render_to_string("sitemap_index.xml", {"sitemaps": eintraege}).encode()

    return _sitemap_datei(request, "sitemap-index", erzeugen)


# Far above any real count of parts: names of kept files stay bounded whatever is asked.
MAX_SITEMAP_TEILE = 10_000


@require_safe
def sitemap_teil(request, abschnitt):
    """One part of the sitemap: a section's addresses, ``?p=`` numbered from 1. Whether the
    part exists is checked (one COUNT) only when it is not kept as a file yet."""
    klasse = SITEMAPS.get(abschnitt)
    seite = request.GET.get("p", "1")
    if klasse is None or not (seite.isascii() and seite.isdigit()) or len(seite) > 5:
        raise Http404
    teil, seite = klasse(), int(seite)
    if not 1 <= seite <= MAX_SITEMAP_TEILE:
        raise Http404

    def pruefen():
        if seite > anzahl_teile(teil):
            raise Http404

    def erzeugen() -> bytes:
        return render_to_string("sitemap.xml", {"urlset": teil.get_urls(page=seite)}).encode()

    return _sitemap_datei(request, f"sitemap-{abschnitt}-{seite}", erzeugen, pruefen)


@require_safe
@oeffentlich_gecacht
def robots_txt(request):
    """Everything may be indexed except the back office; the sitemap names every page."""
    zeilen = ["User-agent: *"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            zeilen.append(f"Disallow: {reverse('admin:index')}")
    zeilen += ["", f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}", ""]
    return HttpResponse("\n".join(zeilen), content_type="text/plain; charset=utf-8")


# Browsers and feed readers ask for these at the root, whatever the page says. The answer
# points to the hashed static file (served by whitenoise, cached for long); no database.
ICONS_AN_DER_WURZEL = {
    "favicon.ico": "favicon.ico",
    "apple-touch-icon.png": "icons/apple-touch-icon.png",
    "apple-touch-icon-precomposed.png": "icons/apple-touch-icon.png",
}


@require_safe
def icon(request, datei: str):
    antwort = HttpResponseRedirect(static(ICONS_AN_DER_WURZEL[datei]))
    antwort["Cache-Control"] = "public, max-age=86400"
    return antwort
