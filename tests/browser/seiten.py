"""The public pages the browser tests visit: the one place to add a new page type.

Tests are parametrized at collection time, when there is no database yet, so each page is a
name plus a function that finds its path at test time (after the fixtures are loaded).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse
from django.utils import translation


@dataclass(frozen=True)
class Seite:
    name: str  # test id and screenshot file name
    pfad: Callable[[], str]  # called at test time, with the database loaded
    sprache: str = "de"  # expected <html lang>
    status: int = 200
    portal: bool = True  # rendered with templates/base.html (skip link, main#inhalt)
    fokus_beim_laden: str | None = None  # selector of what the page focuses on load, if any

    def __str__(self):
        return self.name


def _url(name: str, sprache: str = "de", **kwargs) -> Callable[[], str]:
    def pfad():
        with translation.override(sprache):
            return reverse(name, kwargs=kwargs or None)

    return pfad


def _erstes(model_label: str, queryset: str | None = None) -> Callable[[], str]:
    """Path of the first (public) object of a model."""

    def pfad():
        model = apps.get_model(model_label)
        objekte = getattr(model.objects, queryset)() if queryset else model.objects.all()
        objekt = objekte.first()
        assert objekt is not None, f"no {model_label} in the database to test a page of"
        with translation.override("de"):
            return objekt.get_absolute_url()

    return pfad


def public_pages() -> list[Seite]:
    seiten = [
        Seite("start", _url("startseite")),
        Seite("zielsystem", _url("zielsystem:uebersicht")),
        Seite("kompetenz", _erstes("zielsystem.Kompetenz")),
        Seite("schwerpunkt", _erstes("zielsystem.Schwerpunkt")),
        Seite("querschnittsthemen", _url("querschnitt:themen")),
        Seite("querschnittsthema", _erstes("querschnitt.Querschnittsthema")),
        Seite("nachhaltigkeitsziele", _url("querschnitt:sdgs")),
        Seite("nachhaltigkeitsziel", _url("querschnitt:sdg", nummer=13)),
        Seite("nicht-gefunden", lambda: "/kompetenzen/gibt-es-nicht/", status=404),
        Seite("start-en", _url("startseite", sprache="en"), sprache="en"),
    ]
    katalog = _url("kernaktivitaeten:katalog")
    seiten += [
        Seite("katalog", katalog),
        Seite("katalog-gefiltert", lambda: katalog() + "?phase=umsetzung&sortierung=-fortschritt"),
        Seite("katalog-suche", lambda: katalog() + "?q=Quartiersgarten"),
        Seite(
            "katalog-fehler",
            lambda: katalog() + "?kompetenz=gibt-es-nicht",
            status=400,
            fokus_beim_laden=".fehlerzusammenfassung",
        ),
        Seite("kernaktivitaet", _erstes("kernaktivitaeten.Kernaktivitaet", "oeffentlich")),
        Seite("beschluesse", _url("beschluesse:register")),
        Seite(
            "beschluesse-gefiltert",
            lambda: _url("beschluesse:register")() + "?gremium=rat&ueberfaellig=on",
        ),
        Seite(
            "beschluesse-fehler",
            lambda: _url("beschluesse:register")() + "?jahr=kein-jahr",
            status=400,
            fokus_beim_laden=".fehlerzusammenfassung",
        ),
        Seite("beschluss", _erstes("kernaktivitaeten.Ratsbeschluss", "fuer_auswertung")),
        Seite(
            "beschluss-en",
            _url("beschluesse:detail", sprache="en", vorlage="20230262"),
            sprache="en",
        ),
        Seite("fortschritt", _url("exporte:dashboard")),
        Seite("aenderungen", _url("kernaktivitaeten:aenderungen")),
        Seite("aenderungen-en", _url("kernaktivitaeten:aenderungen", sprache="en"), sprache="en"),
        Seite("daten", _url("exporte:daten")),
        Seite("verwaltung-login", _url("admin:login"), portal=False),
    ]
    seiten += [
        Seite("barrierefreiheit", _url("barrierefreiheit")),
        Seite("leichte-sprache", _url("leichte_sprache")),
        Seite("impressum", _url("impressum")),
        Seite("datenschutz", _url("datenschutz")),
        Seite("datenschutz-en", _url("datenschutz", sprache="en"), sprache="en"),
        Seite("rueckmeldung", _url("rueckmeldung")),
        Seite("rueckmeldung-danke", _url("rueckmeldung_danke")),
    ]
    return seiten


def portal_pages() -> list[Seite]:
    """The pages built on templates/base.html (skip link, main#inhalt, own focus style)."""
    return [seite for seite in public_pages() if seite.portal]
