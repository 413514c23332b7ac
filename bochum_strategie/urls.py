from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import views

handler404 = "bochum_strategie.views.seite_nicht_gefunden"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Probes for load balancers and orchestrators: no language prefix, no redirect.
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]

urlpatterns += i18n_patterns(
    path("", views.startseite, name="startseite"),
    path("", include("zielsystem.urls")),
    path("", include("querschnitt.urls")),
    path("", include("kernaktivitaeten.urls")),
    path("", include("kernaktivitaeten.exporte.urls")),
    path("verwaltung/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
