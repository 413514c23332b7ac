"""Every back-office route × every role × own and foreign objects, enumerated from the URL
resolver: a route that is added without an entry here fails ``test_every_route_is_covered``.

Expected answers: anonymous → login redirect (302); no right for the kind of record → 403;
a record that is not the person's → 404; the right person → 200, or ``RO`` (the page opens
read-only: a POST is refused with 403). After every refused POST the records of the route are
unchanged. Workflow steps are POST-only (GET → 405); their effect per role is tested in
test_zugriffsmatrix.py.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from bochum_strategie.models import Inhaltsseite, Rueckmeldung
from kernaktivitaeten.models import (
    Aenderung,
    Berichtsstatus,
    Erinnerung,
    Kennzahl,
    Statusbericht,
    Synonymgruppe,
)
from kernaktivitaeten.services import synonymgruppe_speichern
from querschnitt.models import Nachhaltigkeitsziel, Querschnittsthema
from tests.factories import KennzahlFactory, OrganisationFactory, RatsbeschlussFactory
from tests.personas import bericht
from zielsystem.models import (
    Kompetenz,
    ProgrammatischesZiel,
    Schwerpunkt,
    Strategie,
    StrategischesZiel,
    Wesenskernbegriff,
)

pytestmark = pytest.mark.django_db

ROLLEN = [
    "anonym",
    "projektleitung_a",
    "projektleitung_b",
    "vorstand_kultur",
    "vorstand_bildung",
    "referat",
    "administrator",
]
RO = "ro"  # opens read-only: GET 200, POST 403


def backoffice_routen() -> set[str]:
    """Every route of the back office, as 'name' or, for unnamed patterns, the route text."""

    def walk(patterns, prefix="", namespace=""):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                yield from walk(p.url_patterns, route, ns)
            elif isinstance(p, URLPattern) and route.lstrip("^").startswith("verwaltung/"):
                if p.name:
                    yield f"{namespace}{p.name}".removeprefix("admin:")
                else:
                    yield route.lstrip("^").removeprefix("verwaltung/")

    return set(walk(get_resolver().url_patterns))


# --- Who may do what with a kind of record (the roles table of PRODUCT.md) -------------------
# a = add, v = view, c = change, d = delete; history for those who see it and may see history.
RECHTE = {
    "zielsystem_strategie": {"referat": "avcd", "administrator": "v"},
    "zielsystem_wesenskernbegriff": {"referat": "avcd", "administrator": "v"},
    "zielsystem_kompetenz": {"referat": "avcd", "administrator": "vc"},  # c: the Vorstand only
    "zielsystem_strategischesziel": {"referat": "avcd", "administrator": "v"},
    "zielsystem_schwerpunkt": {"referat": "avcd", "administrator": "v"},
    "zielsystem_programmatischesziel": {"referat": "avcd", "administrator": "v"},
    "querschnitt_nachhaltigkeitsziel": {"referat": "avcd", "administrator": "v"},
    "querschnitt_querschnittsthema": {"referat": "avcd", "administrator": "v"},
    "kernaktivitaeten_organisation": {"referat": "avcd", "administrator": "v"},
    "kernaktivitaeten_berichtszeitraum": {"referat": "avcd", "administrator": "v"},
    "kernaktivitaeten_erinnerung": {"referat": "vcd", "administrator": "v"},  # sent, not added
    "kernaktivitaeten_synonymgruppe": {"referat": "avcd", "administrator": "v"},  # search
    # the public change log (issue 18): derived from the history; the Referat adds reasons
    "kernaktivitaeten_aenderung": {"referat": "vc", "administrator": "v"},
    "portal_inhaltsseite": {"referat": "vc", "administrator": "v"},  # a fixed set of pages
    "portal_rueckmeldung": {"referat": "vd", "administrator": "v"},  # read, deleted on request
    "auth_user": {"administrator": "avcd"},
    "auth_group": {"administrator": "vc"},
    "axes_accessattempt": {"administrator": "vd"},
    "axes_accesslog": {"administrator": "v"},
    "axes_accessfailurelog": {"administrator": "v"},
}
HISTORIE = {"referat", "administrator"}


def erwartet_nach_rechten(modell: str, art: str) -> list:
    ergebnis = []
    for rolle in ROLLEN:
        if rolle == "anonym":
            ergebnis.append(302)
            continue
        r = RECHTE[modell].get(rolle, "")
        sieht = bool({"v", "c"} & set(r))
        ergebnis.append(
            {
                "changelist": 200 if sieht else 403,
                "add": 200 if "a" in r else 403,
                "change": (200 if "c" in r else RO) if sieht else 403,
                "delete": 200 if "d" in r else 403,
                "history": 200 if sieht and rolle in HISTORIE else 403,
                "simple_history": 200 if sieht and rolle in HISTORIE else 403,
            }[art]
        )
    return ergebnis


# --- Routes whose answer depends on whose record it is ----------------------------------------
# (route, object) -> expected per role in the order of ROLLEN.
EIGENE_UND_FREMDE = {
    ("index", None): [302, 200, 200, 200, 200, 200, 200],
    ("berichtsstand", None): [302, 403, 403, 200, 200, 200, 200],
    ("berichtsstand_export", None): [302, 403, 403, 200, 200, 200, 200],
    ("berichtsstand_erinnern", None): [302, 405, 405, 405, 405, 405, 405],  # POST only
    ("markdown_vorschau", None): [302, 405, 405, 405, 405, 405, 405],  # POST only
    ("kernaktivitaeten_import_ausfuehren", None): [302, 405, 405, 405, 405, 405, 405],
    # Mail notifications: figures and requests about one address, the Referat only (issue 19).
    ("benachrichtigungen_abonnent_changelist", None): [302, 403, 403, 403, 403, 200, 403],
    ("kernaktivitaeten_kernaktivitaet_changelist", None): [302, 200, 200, 200, 200, 200, 200],
    ("kernaktivitaeten_kernaktivitaet_add", None): [302, 403, 403, 403, 403, 200, 403],
    ("kernaktivitaeten_kernaktivitaet_change", "projekt_a"): [302, 200, 404, RO, 404, 200, RO],
    ("kernaktivitaeten_kernaktivitaet_change", "projekt_b"): [302, 404, 200, RO, 404, 200, RO],
    ("kernaktivitaeten_kernaktivitaet_history", "projekt_a"): [302, 403, 403, 403, 403, 200, 200],
    ("kernaktivitaeten_kernaktivitaet_history", "projekt_b"): [302, 403, 403, 403, 403, 200, 200],
    ("kernaktivitaeten_kernaktivitaet_simple_history", "projekt_a"): [
        302,
        403,
        403,
        403,
        403,
        200,
        200,
    ],
    ("kernaktivitaeten_kernaktivitaet_delete", "projekt_a"): [302, 403, 404, 403, 404, 200, 403],
    ("kernaktivitaeten_kernaktivitaet_delete", "projekt_b"): [302, 404, 403, 403, 404, 200, 403],
    ("kernaktivitaeten/kernaktivitaet/<path:object_id>/", "projekt_a"): [302] * 7,
    ("kernaktivitaeten_import", None): [302, 403, 403, 403, 403, 200, 403],
    ("kernaktivitaeten_statusbericht_changelist", None): [302, 200, 200, 200, 200, 200, 200],
    ("kernaktivitaeten_statusbericht_add", None): [302, 200, 200, 403, 403, 403, 403],
    ("kernaktivitaeten_statusbericht_change", "entwurf_a"): [302, 200, 404, 404, 404, RO, RO],
    ("kernaktivitaeten_statusbericht_change", "entwurf_b"): [302, 404, 200, 404, 404, RO, RO],
    ("kernaktivitaeten_statusbericht_change", "eingereicht_a"): [302, RO, 404, RO, 404, RO, RO],
    ("kernaktivitaeten_statusbericht_history", "entwurf_a"): [302, 403, 403, 403, 403, 200, 200],
    ("kernaktivitaeten_statusbericht_history", "entwurf_b"): [302, 403, 403, 403, 403, 200, 200],
    ("kernaktivitaeten_statusbericht_simple_history", "entwurf_a"): [
        302,
        403,
        403,
        403,
        403,
        200,
        200,
    ],
    ("kernaktivitaeten_statusbericht_delete", "entwurf_a"): [302, 200, 404, 404, 404, 403, 403],
    ("kernaktivitaeten_statusbericht_delete", "entwurf_b"): [302, 404, 200, 404, 404, 403, 403],
    ("kernaktivitaeten_statusbericht_delete", "eingereicht_a"): [302, 403, 404, 403, 404, 403, 403],
    ("kernaktivitaeten/statusbericht/<path:object_id>/", "entwurf_a"): [302] * 7,
    ("kernaktivitaeten_statusbericht_einreichen", "entwurf_a"): [302, 405, 405, 405, 405, 405, 405],
    ("kernaktivitaeten_statusbericht_freigeben", "eingereicht_a"): [
        302,
        405,
        405,
        405,
        405,
        405,
        405,
    ],
    ("kernaktivitaeten_statusbericht_freigabe", "eingereicht_a"): [
        302,
        405,
        405,
        405,
        405,
        405,
        405,
    ],
    ("kernaktivitaeten_statusbericht_zurueckgeben", "eingereicht_a"): [
        302,
        405,
        405,
        405,
        405,
        405,
        405,
    ],
    # Beschlussregister: the Referat maintains it; a Vorstand changes status and reason of the
    # decisions of own Kompetenzen (others do not exist for them); others: none.
    ("kernaktivitaeten_ratsbeschluss_changelist", None): [302, 403, 403, 200, 200, 200, 200],
    ("kernaktivitaeten_ratsbeschluss_add", None): [302, 403, 403, 403, 403, 200, 403],
    ("kernaktivitaeten_ratsbeschluss_change", "beschluss_kultur"): [
        302,
        404,
        404,
        200,
        404,
        200,
        RO,
    ],
    ("kernaktivitaeten_ratsbeschluss_change", "beschluss_fremd"): [
        302,
        404,
        404,
        404,
        404,
        200,
        RO,
    ],
    ("kernaktivitaeten_ratsbeschluss_delete", "beschluss_kultur"): [
        302,
        404,
        404,
        403,
        404,
        200,
        403,
    ],
    ("kernaktivitaeten_ratsbeschluss_history", "beschluss_kultur"): [
        302,
        403,
        403,
        403,
        403,
        200,
        200,
    ],
    ("kernaktivitaeten_ratsbeschluss_simple_history", "beschluss_kultur"): [
        302,
        403,
        403,
        403,
        403,
        200,
        200,
    ],
    ("kernaktivitaeten/ratsbeschluss/<path:object_id>/", "beschluss_kultur"): [302] * 7,
    ("kernaktivitaeten_ratsbeschluss_oparl_import", None): [302, 403, 403, 403, 403, 200, 403],
    ("kernaktivitaeten_kennzahl_changelist", None): [302, 200, 200, 200, 200, 200, 200],
    ("kernaktivitaeten_kennzahl_add", None): [302, 403, 403, 403, 403, 200, 403],
    ("kernaktivitaeten_kennzahl_change", "kennzahl_a"): [302, RO, 404, RO, 404, 200, RO],
    ("kernaktivitaeten_kennzahl_change", "kennzahl_b"): [302, 404, RO, RO, 404, 200, RO],
    ("kernaktivitaeten_kennzahl_delete", "kennzahl_a"): [302, 403, 404, 403, 404, 200, 403],
    ("kernaktivitaeten_kennzahl_history", "kennzahl_a"): [302, 403, 403, 403, 403, 200, 200],
    ("kernaktivitaeten_kennzahl_simple_history", "kennzahl_a"): [302, 403, 403, 403, 403, 200, 200],
    ("kernaktivitaeten/kennzahl/<path:object_id>/", "kennzahl_a"): [302] * 7,
    ("portal_inhaltsseite_simple_history", "inhaltsseite"): [302, 403, 403, 403, 403, 200, 200],
    ("zielsystem_kompetenz_simple_history", "kompetenz"): [302, 403, 403, 403, 403, 200, 200],
    ("kernaktivitaeten_synonymgruppe_simple_history", "kernaktivitaeten_synonymgruppe"): [
        302,
        403,
        403,
        403,
        403,
        200,
        200,
    ],
    # "Auf der Website ansehen": visible here and public there, else 404
    ("view_on_site", "projekt_a"): [302, 302, 404, 302, 404, 302, 302],
    ("view_on_site", "unveroeffentlicht"): [302, 404, 404, 404, 404, 404, 404],
    ("view_on_site", "kompetenz"): [302, 404, 404, 404, 404, 302, 302],
    ("autocomplete", None): [302, 403, 403, 403, 403, 403, 403],  # without its parameters
    ("jsi18n", None): [302, 200, 200, 200, 200, 200, 200],
    ("login", None): [200, 302, 302, 302, 302, 302, 302],
    ("logout", None): [302, 405, 405, 405, 405, 405, 405],  # POST only
    ("password_change", None): [302, 200, 200, 200, 200, 200, 200],
    ("password_change_done", None): [302, 200, 200, 200, 200, 200, 200],
    ("auth_user_password_change", "referat_konto"): [302, 403, 403, 403, 403, 403, 200],
    ("app_list", "zielsystem"): [302, 404, 404, 404, 404, 200, 200],
    ("app_list", "kernaktivitaeten"): [302, 200, 200, 200, 200, 200, 200],
    ("app_list", "auth"): [302, 404, 404, 404, 404, 404, 200],
    ("(?P<url>.*)$", "gibt-es-nicht/"): [302, 404, 404, 404, 404, 404, 404],
    ("exporte:verwaltung", None): [302, 403, 403, 200, 200, 200, 403],
    # without its query (format, period …): a form error for those who may export
    ("exporte:fortschrittsbericht", None): [302, 403, 403, 400, 400, 400, 403],
    # comparison of two Berichtszeiträume (issue 18): Vorstand and Referat, like the export
    ("exporte:vergleich", None): [302, 403, 403, 200, 200, 200, 403],
    # Export jobs (issue 21): the requesting user (here vorstand_kultur) and the Referat;
    # for everyone else the job does not exist. Restarting is POST only.
    ("exporte:auftrag", "exportauftrag"): [302, 404, 404, 200, 404, 200, 404],
    ("exporte:auftrag_stand", "exportauftrag"): [302, 404, 404, 200, 404, 200, 404],
    ("exporte:auftrag_datei", "exportauftrag"): [302, 404, 404, 200, 404, 200, 404],
    ("exporte:auftrag_neu_starten", "exportauftrag"): [302, 405, 405, 405, 405, 405, 405],
    ("kernaktivitaeten_aenderung_simple_history", "kernaktivitaeten_aenderung"): [
        302,
        403,
        403,
        403,
        403,
        200,
        200,
    ],
}

# Kinds of record without own/foreign distinction: the routes follow from RECHTE.
for _modell in RECHTE:
    for _art in ("changelist", "add", "change", "delete", "history"):
        _objekt = None if _art in ("changelist", "add") else _modell
        _schluessel = (f"{_modell}_{_art}", _objekt)
        EIGENE_UND_FREMDE.setdefault(_schluessel, erwartet_nach_rechten(_modell, _art))

UNBENANNT = {  # unnamed admin routes: <model>/<id>/ redirects to the change page
    f"{app}/{modell}/<path:object_id>/": f"{app}_{modell}"
    for app, modell in (name.split("_", 1) for name in RECHTE)
}


@pytest.fixture
def welt(
    projekt_a,
    projekt_b,
    zeitraum,
    frueherer_zeitraum,
    projektleitung_a,
    projektleitung_b,
    vorstand_kultur,
    vorstand_bildung,
    referat,
    administrator,
    settings,
    tmp_path,
):
    from kernaktivitaeten.exporte.auftraege import ablage
    from kernaktivitaeten.models import Exportart, Exportauftrag, Exportstatus
    from tests.factories import KernaktivitaetFactory

    settings.EXPORTE_VERZEICHNIS = tmp_path

    jetzt = timezone.now()
    beschluss_kultur = RatsbeschlussFactory(titel="Kultur")
    beschluss_kultur.schwerpunkte.add(projekt_a.kompetenz.schwerpunkte.first())
    inhaltsseite = Inhaltsseite.objects.first()
    inhaltsseite.save()  # a version to open (the fixtures are loaded without history)
    objekte = {
        "projekt_a": projekt_a,
        "projekt_b": projekt_b,
        "unveroeffentlicht": KernaktivitaetFactory(
            veroeffentlicht=False,
            kompetenz=Kompetenz.objects.get(slug="talentschmiede-im-ruhrgebiet"),
        ),
        "entwurf_a": bericht(projekt_a, zeitraum, erreicht="Entwurf A"),
        "eingereicht_a": bericht(projekt_a, frueherer_zeitraum, status=Berichtsstatus.EINGEREICHT),
        "entwurf_b": bericht(projekt_b, zeitraum, erreicht="Entwurf B"),
        "kennzahl_a": projekt_a.kennzahlen.get(),
        "kennzahl_b": KennzahlFactory(kernaktivitaet=projekt_b, name="Kennzahl B"),
        "kompetenz": Kompetenz.objects.get(slug="hotspot-der-live-kultur"),
        "inhaltsseite": inhaltsseite,
        "referat_konto": referat,
        "zielsystem": "zielsystem",
        "kernaktivitaeten": "kernaktivitaeten",
        "auth": "auth",
        "gibt-es-nicht/": "gibt-es-nicht/",
        # one record of every other kind
        "zielsystem_strategie": Strategie.objects.first(),
        "zielsystem_wesenskernbegriff": Wesenskernbegriff.objects.first(),
        "zielsystem_kompetenz": Kompetenz.objects.first(),
        "zielsystem_strategischesziel": StrategischesZiel.objects.first(),
        "zielsystem_schwerpunkt": Schwerpunkt.objects.first(),
        "zielsystem_programmatischesziel": ProgrammatischesZiel.objects.first(),
        "querschnitt_nachhaltigkeitsziel": Nachhaltigkeitsziel.objects.first(),
        "querschnitt_querschnittsthema": Querschnittsthema.objects.first(),
        "kernaktivitaeten_organisation": OrganisationFactory(),
        "beschluss_kultur": beschluss_kultur,
        "beschluss_fremd": RatsbeschlussFactory(titel="Fremd"),
        "kernaktivitaeten_berichtszeitraum": zeitraum,
        "kernaktivitaeten_aenderung": Aenderung.objects.create(
            datum=jetzt,
            art=Aenderung.Art.KERNAKTIVITAET,
            objekt_id=projekt_a.pk,
            objekt_titel="Projekt A",
            kernaktivitaet=projekt_a,
            feld="titel",
            feld_name="Titel",
            vorher="Projekt A alt",
            nachher="Projekt A",
            organisation="Stadt Bochum",
            quelle="kernaktivitaeten.kernaktivitaet",
            history_id=1,
        ),
        "kernaktivitaeten_erinnerung": Erinnerung.objects.create(
            berichtszeitraum=zeitraum,
            kernaktivitaet=projekt_a,
            empfaenger=projektleitung_a,
            art=Erinnerung.Art.VORHER,
        ),
        "portal_inhaltsseite": Inhaltsseite.objects.first(),
        "kernaktivitaeten_synonymgruppe": synonymgruppe_speichern(
            gruppe=Synonymgruppe(begriffe="Fahrrad, Velo"), user=referat
        ),
        "portal_rueckmeldung": Rueckmeldung.objects.create(nachricht="Kontrast zu gering"),
        "exportauftrag": Exportauftrag.objects.create(
            art=Exportart.FORTSCHRITTSBERICHT,
            format="csv",
            angefordert_von=vorstand_kultur,
            status=Exportstatus.FERTIG,
            fertig_am=jetzt,
            dateiname="fortschrittsbericht-2026-12-03-0815.csv",
            datei=ablage().save("auftrag-1/fortschrittsbericht.csv", ContentFile(b"a;b\n")),
        ),
        "auth_user": projektleitung_b,
        "auth_group": Group.objects.get(name="Referat"),
        "axes_accessattempt": AccessAttempt.objects.create(
            username="x", ip_address="10.0.0.1", failures_since_start=1, attempt_time=jetzt
        ),
        "axes_accesslog": AccessLog.objects.create(
            username="x", ip_address="10.0.0.1", attempt_time=jetzt
        ),
        "axes_accessfailurelog": AccessFailureLog.objects.create(
            username="x", ip_address="10.0.0.1", attempt_time=jetzt - timedelta(minutes=1)
        ),
    }
    users = {
        "projektleitung_a": projektleitung_a,
        "projektleitung_b": projektleitung_b,
        "vorstand_kultur": vorstand_kultur,
        "vorstand_bildung": vorstand_bildung,
        "referat": referat,
        "administrator": administrator,
    }
    return objekte, users


def adresse(route: str, objekt) -> str:
    if route in UNBENANNT or route.startswith("kernaktivitaeten/"):
        return reverse("admin:index") + route.replace("<path:object_id>", str(objekt.pk))
    if route == "(?P<url>.*)$":
        return reverse("admin:index") + objekt
    if ":" in route:
        return reverse(route, args=[objekt.pk] if objekt is not None else [])
    if route == "view_on_site":
        typ = ContentType.objects.get_for_model(objekt).pk
        return reverse("admin:view_on_site", args=[typ, objekt.pk])
    if route == "app_list":
        return reverse("admin:app_list", args=[objekt])
    if route.endswith("_simple_history"):
        return reverse(f"admin:{route}", args=[objekt.pk, objekt.history.first().history_id])
    if objekt is None:
        return reverse(f"admin:{route}")
    return reverse(f"admin:{route}", args=[objekt.pk])


def modell_der_route(route: str):
    for name, model_admin in (
        (f"{m._meta.app_label}_{m._meta.model_name}", m) for m in admin.site._registry
    ):
        if route.startswith(name + "_") or UNBENANNT.get(route) == name:
            return model_admin
    return None


def zustand(modell) -> list:
    """Every row of the records a route works on (reports and projects for the others)."""
    modelle = [modell] if modell is not None else [Statusbericht, Kennzahl]
    return [list(m._default_manager.order_by("pk").values()) for m in modelle]


# Login and logout are not records; the workflow steps' POSTs are tested role by role in
# test_zugriffsmatrix.py (test_workflow_buttons), with the state after each refused step.
OHNE_POST_PRUEFUNG = {
    "login",
    "logout",
    "password_change",
    "kernaktivitaeten_statusbericht_einreichen",
    "kernaktivitaeten_statusbericht_freigeben",
    "kernaktivitaeten_statusbericht_zurueckgeben",
    # issue 14: POST-only steps whose access per role is tested in test_backoffice_erlebnis.py
    "kernaktivitaeten_statusbericht_freigabe",
    "markdown_vorschau",
    "berichtsstand_erinnern",
    "kernaktivitaeten_import_ausfuehren",
    # issue 21: a POST starts an export or restarts a job; per role in tests/exporte/
    # test_auftraege.py (a foreign job's restart is 404 and changes nothing)
    "exporte:fortschrittsbericht",
    "exporte:auftrag_neu_starten",
}


def test_every_route_is_covered():
    abgedeckt = {route for route, _objekt in EIGENE_UND_FREMDE} | set(UNBENANNT)
    fehlend = backoffice_routen() - abgedeckt
    assert sorted(fehlend) == [], "back-office routes without an entry in the access matrix"
    assert len(backoffice_routen()) > 140  # the enumeration itself works


@pytest.mark.parametrize(
    ("route", "objekt_name"),
    [
        *EIGENE_UND_FREMDE,
        *((route, name) for route, name in UNBENANNT.items()),
    ],
    ids=str,
)
def test_matrix(client, welt, route, objekt_name):
    objekte, users = welt
    objekt = objekte.get(objekt_name) if objekt_name else None
    erwartet = EIGENE_UND_FREMDE.get((route, objekt_name))
    if erwartet is None:  # unnamed <model>/<id>/ routes
        erwartet = [302] * len(ROLLEN)
    ziel = adresse(route, objekt)
    modell = modell_der_route(route)
    for rolle, soll in zip(ROLLEN, erwartet, strict=True):
        client.logout()
        if rolle != "anonym":
            client.force_login(users[rolle])
        response = client.get(ziel)
        get_soll = 200 if soll == RO else soll
        assert response.status_code == get_soll, (rolle, ziel)
        if rolle == "anonym" and soll == 302 and route != "logout":
            assert response["Location"].startswith(reverse("admin:login"))
        if soll == 200 or route in OHNE_POST_PRUEFUNG:
            continue  # allowed (or not a record): writes are tested where they belong
        vorher = zustand(modell)
        pk = getattr(objekt, "pk", 0)
        antwort = client.post(
            ziel,
            {
                "post": "yes",
                "action": "delete_selected",
                "_selected_action": [pk],
                "titel": "Gekapert",
                "name": "Gekapert",
                "erreicht": "Gekapert",
                "kommentar": "Gekapert",
            },
        )
        assert antwort.status_code in (302, 403, 404, 405), (rolle, ziel, antwort.status_code)
        if soll == RO:
            assert antwort.status_code == 403, (rolle, ziel)
        if antwort.status_code == 302:
            assert not antwort["Location"].endswith(ziel) or rolle == "anonym"
        assert zustand(modell) == vorher, (rolle, ziel)
