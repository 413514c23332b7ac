from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import views
from .models import Inhaltsseite

handler403 = "bochum_strategie.views.keine_berechtigung"
handler404 = "bochum_strategie.views.seite_nicht_gefunden"
handler500 = "bochum_strategie.views.serverfehler"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Probes for load balancers and orchestrators: no language prefix, no redirect.
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    # For search engines: one address each, whatever the language.
    path("robots.txt", views.robots_txt, name="robots_txt"),
    *(
        path(datei, views.icon, {"datei": datei}, name=f"icon_{datei.split('.')[0]}")
        for datei in views.ICONS_AN_DER_WURZEL
    ),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:abschnitt>.xml", views.sitemap_teil, name="sitemap_teil"),
]

urlpatterns += i18n_patterns(
    path("", views.startseite, name="startseite"),
    path("", include("zielsystem.urls")),
    path("", include("querschnitt.urls")),
    path("", include("kernaktivitaeten.urls")),
    path("", include("kernaktivitaeten.exporte.urls")),
    path("", include("kernaktivitaeten.beschluesse.urls")),
    path("", include("benachrichtigungen.urls")),
    # The pages the law asks for (texts from the back office) and the feedback form.
    *[
        path(f"{art.value}/", views.inhaltsseite, {"art": art.value}, name=name)
        for art, name in Inhaltsseite.URL_NAMEN.items()
    ],
    path("barrierefreiheit/rueckmeldung/", views.rueckmeldung, name="rueckmeldung"),
    path(
        "barrierefreiheit/rueckmeldung/danke/",
        views.rueckmeldung_danke,
        name="rueckmeldung_danke",
    ),
    path("verwaltung/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
