"""URLs of the exports. Wired into the root URLconf inside ``i18n_patterns`` *before* the
admin (``verwaltung/``), whose catch-all would otherwise answer ``verwaltung/exporte/``."""

from django.urls import path

from bochum_strategie.lib.seitencache import oeffentlich_gecacht

from . import views
from .feeds import AenderungenFeed, BerichteFeed, KompetenzBerichteFeed

app_name = "exporte"

urlpatterns = [
    path("fortschritt/", views.dashboard, name="dashboard"),
    path("daten/", views.daten, name="daten"),
    path("daten/dcat.jsonld", views.dcat, name="dcat"),
    path("daten/<slug:datensatz>.schema.json", views.datensatz_schema, name="datensatz_schema"),
    path("daten/<slug:datensatz>.<slug:format>", views.datensatz, name="datensatz"),
    path("feeds/berichte/", oeffentlich_gecacht(BerichteFeed()), name="feed_berichte"),
    path(
        "feeds/kompetenzen/<slug:slug>/berichte/",
        oeffentlich_gecacht(KompetenzBerichteFeed()),
        name="feed_kompetenz",
    ),
    path("feeds/aenderungen/", oeffentlich_gecacht(AenderungenFeed()), name="feed_aenderungen"),
    path("verwaltung/exporte/", views.verwaltung, name="verwaltung"),
    path("verwaltung/exporte/vergleich/", views.vergleich, name="vergleich"),
    path(
        "verwaltung/exporte/fortschrittsbericht/",
        views.fortschrittsbericht,
        name="fortschrittsbericht",
    ),
    path("verwaltung/exporte/auftraege/<int:pk>/", views.auftrag, name="auftrag"),
    path("verwaltung/exporte/auftraege/<int:pk>/stand/", views.auftrag_stand, name="auftrag_stand"),
    path("verwaltung/exporte/auftraege/<int:pk>/datei/", views.auftrag_datei, name="auftrag_datei"),
    path(
        "verwaltung/exporte/auftraege/<int:pk>/neu-starten/",
        views.auftrag_neu_starten,
        name="auftrag_neu_starten",
    ),
]
