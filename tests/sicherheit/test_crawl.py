"""Hostile-input crawl: every URL of the site, found through the URL resolver and by following
links, requested with broken query strings, unknown slugs, wrong methods and forms without
CSRF token. Nothing may answer 5xx, no link on a page may be broken, and no redirect may
lead to another host.

The site is the real strategy plus 30 generated demo projects; the back office is crawled
as a superuser (it sees every page and every link).
"""

import re
import time
from urllib.parse import quote, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch
from django.urls import reverse as django_reverse
from django.utils import translation

from kernaktivitaeten.demodaten import demodaten_erzeugen
from tests.crawler import Crawler, alle_muster, echte_adressen, muster_von, ursache

# The catalogue's filters (kernaktivitaeten/filters.py) and its page parameter.
KATALOG_PARAMETER = [
    "kompetenz",
    "schwerpunkt",
    "thema",
    "sdg",
    "phase",
    "jahr",
    "organisation",
    "sortierung",
    "q",
    "seite",
]
# Query values, already percent-encoded where the raw bytes matter (invalid UTF-8, NUL).
MUELL = [
    "",
    "x",
    "-1",
    "1.5",
    "1e309",
    "9" * 30,
    "A" * 3000,
    quote("ä" * 400),
    "a%00b",
    "%01%02%1F%7F",
    "%09%0A%0D",
    "%zz",
    "%FF%FE",
    "%ED%A0%80",  # a lone surrogate in UTF-8
    quote("' OR '1'='1"),
    quote('"><script>alert(1)</script>'),
    quote("{{ 7*7 }}{% debug %}"),
    quote("\u202e😀"),
    "__class__",
]
SEITENZAHLEN = ["-1", "0", "1", "2", "999999", "9" * 30, "abc", "1.5", "", "%00", "1e3", "last"]
# Applied to one URL of every pattern (and language).
ALLGEMEINE_ANHAENGE = [
    "?seite=-1",
    "?seite=" + "9" * 30,
    "?q=%00",
    "?q=" + "A" * 5000,
    "?x=1&x=2&x=3&" + "&".join(f"p{i}=1" for i in range(200)),
    "?%FF%FE=%FF",
    "?next=//evil.example/&format=json&page=abc",
    "?" + "&".join(f"{name}=%27" for name in KATALOG_PARAMETER),
]
# Paths no link leads to.
PFADE = [
    "/%00",
    "/kernaktivitaeten/%00/",
    "/kernaktivitaeten/a%00b/",
    "/" + "a" * 5000 + "/",
    "//evil.example/",
    "///evil.example/",
    "/%2F%2Fevil.example/",
    "/kernaktivitaeten/..%2f..%2fetc%2fpasswd/",
    "/static/../bochum_strategie/settings.py",
    "/static/%2e%2e/manage.py",
    "/static/gibt-es-nicht.css",
    "/media/../db.sqlite3",
    "/kernaktivitaeten/%C0%AF/",
    "/%FF/",
    "/en/%E2%80%AE/",
    "/xx/",
    "/en/en/",
    "/de/",
    "/verwaltung/%00/",
    "/verwaltung/../../",
    "/i18n/setlang/?next=//evil.example/",
    "/healthz/",
]
# Converter name -> values that no object has.
UNBEKANNT = {
    "int": ["0", "999999999", "9" * 30],
    "slug": ["gibt-es-nicht", "a" * 300, "-", "_"],
    "str": ["gibt-es-nicht", "%00", "..", "a" * 300],
    "path": ["gibt/es/nicht", "..%2f..", "%00"],
    "uuid": ["00000000-0000-0000-0000-000000000000"],
}
FALSCHE_METHODEN = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
MAX_ADMIN_JE_MUSTER = 2  # back office: two change forms per model are enough
ZEITLIMIT = 90  # seconds for the whole module; the crawl is bounded above, this is a guard


@pytest.fixture(scope="module")
def seite(django_db_setup, django_db_blocker):
    """The real strategy plus 30 demo projects and a superuser, for the whole module (rolled
    back at its end); the URLs found by crawling it."""
    with django_db_blocker.unblock(), transaction.atomic():
        # Transactional tests that ran before (browser suite) flush the session's data.
        call_command("portal_einrichten", verbosity=0)
        demodaten_erzeugen(anzahl=30)
        chef = get_user_model().objects.create_superuser(
            "crawl-chef", "chef@bochum.example", "ein-sehr-sicheres-passwort"
        )
        start = time.monotonic()
        anonym = Crawler(Client(raise_request_exception=False))
        anonym.crawlen(["/", "/en/", *echte_adressen()])
        admin_client = Client(raise_request_exception=False)
        admin_client.force_login(chef)
        admin = Crawler(admin_client, bereich="/verwaltung/", je_muster=MAX_ADMIN_JE_MUSTER)
        admin.crawlen(["/verwaltung/"])
        yield {"anonym": anonym, "admin": admin, "chef": chef, "start": start}
        dauer = time.monotonic() - start
        transaction.set_rollback(True)
    assert dauer < ZEITLIMIT, f"the crawl took {dauer:.0f} s"


def _pruefen(client: Client, methode: str, pfad: str, fehler: list[str], **kwargs):
    response = client.generic(methode, pfad, **kwargs)
    if response.status_code >= 500:
        fehler.append(f"{methode} {pfad[:200]} -> {response.status_code} {ursache(response)}")
    ort = response.get("Location", "")
    if ort.startswith(("//", "/\\")) or (urlsplit(ort).netloc not in {"", "testserver"}):
        fehler.append(f"{methode} {pfad[:200]} redirects to another host: {ort}")
    return response


def _konverter_name(konverter) -> str:
    return type(konverter).__name__.removesuffix("Converter").lower()


def test_every_pattern_is_reached(seite):
    """The crawl finds every public page type; those that only exist for the back office or
    for other methods are listed here with the reason."""
    erreicht = {muster_von(p) for p in seite["anonym"].status | seite["admin"].status}
    nicht_verlinkt = {
        "i18n/setlang/": "POST only (language switcher without JavaScript uses links)",
        "healthz": "probe, no link",
        "readyz": "probe, no link",
        "kernaktivitaeten/id/<int:pk>/": "permanent address in the QR code, not a link",
        "robots.txt": "for search engines, no link",
        "favicon.ico": "browsers ask at the root; pages link the hashed static file",
        "apple-touch-icon.png": "iOS asks at the root; pages link the hashed static file",
        "apple-touch-icon-precomposed.png": "older iOS asks at the root, as above",
        "sitemap.xml": "for search engines (named in robots.txt), no link",
        "sitemap-<slug:abschnitt>.xml": "parts named by the sitemap index (XML), no link",
        "barrierefreiheit/rueckmeldung/danke/": "reached by the form's redirect after a POST",
        "benachrichtigungen/angefragt/": "reached by the subscription form's redirect",
        "benachrichtigungen/abgemeldet/": "reached by the redirect after unsubscribing",
        "benachrichtigungen/bestaetigen/<str:token>/": "signed link in a mail only",
        "benachrichtigungen/verwalten/<str:token>/": "signed link in a mail only",
        "benachrichtigungen/abmelden/<str:token>/": "signed link in a mail only",
    }
    fehlend = []
    for name, route, _konverter in alle_muster():
        route = route.removeprefix("^").removeprefix("en/")
        if "verwaltung/" in route or (name and name.startswith("admin:")):
            continue
        if route not in erreicht and route not in nicht_verlinkt:
            fehlend.append(f"{name}: {route}")
    assert fehlend == [], "patterns that no crawled link reaches"
    assert len(seite["anonym"].status) > 100
    assert len(seite["admin"].status) > 40


def test_no_5xx_and_no_broken_links(seite):
    kaputt = []
    for crawler in (seite["anonym"], seite["admin"]):
        assert crawler.fehler == []
        for pfad, status in crawler.status.items():
            if status in {400, 404, 410} and pfad in crawler.von:
                kaputt.append(f"{pfad} ({status}), linked from {crawler.von[pfad]}")
    assert kaputt == []


def test_catalogue_with_garbage_in_every_filter(seite):
    client = Client(raise_request_exception=False)
    fehler: list[str] = []
    with translation.override("de"):
        katalog = django_reverse("kernaktivitaeten:katalog")
    for name in KATALOG_PARAMETER:
        for wert in MUELL:
            _pruefen(client, "GET", f"{katalog}?{name}={wert}", fehler)
        _pruefen(client, "GET", f"{katalog}?{name}=1&{name}=2&{name}=x&{name}=", fehler)
        _pruefen(client, "GET", f"{katalog}?{name}[]=1&{name}[x]=2", fehler)
    for seitenzahl in SEITENZAHLEN:
        _pruefen(client, "GET", f"{katalog}?seite={seitenzahl}&phase=umsetzung", fehler)
        _pruefen(client, "GET", f"/en{katalog}?seite={seitenzahl}&sortierung=-titel", fehler)
    alles = "&".join(f"{name}={MUELL[i % len(MUELL)]}" for i, name in enumerate(KATALOG_PARAMETER))
    _pruefen(client, "GET", f"{katalog}?{alles}", fehler)
    # Valid filters still work after all that: a filter that matches nothing is a 200.
    assert client.get(f"{katalog}?phase=umsetzung&sortierung=-aktualisiert").status_code == 200
    assert client.get(f"{katalog}?seite=0").status_code == 404
    assert client.get(f"{katalog}?seite=999999").status_code == 200  # the last page (issue 16)
    assert client.get(f"{katalog}?sdg=99").status_code == 400
    assert fehler == []


def test_every_page_with_garbage_query_strings(seite):
    client = Client(raise_request_exception=False)
    fehler: list[str] = []
    pfade = seite["anonym"].ein_pfad_je_muster()
    assert len(pfade) >= 15
    for pfad in pfade.values():
        for anhang in ALLGEMEINE_ANHAENGE:
            _pruefen(client, "GET", pfad + anhang, fehler)
    assert fehler == []


def test_unknown_slugs_and_ids_give_404(seite):
    client = Client(raise_request_exception=False)
    fehler: list[str] = []
    falsch = []
    for name, _route, konverter in alle_muster():
        if not name or not konverter or name.startswith("admin:"):
            continue
        for sprache in ("de", "en"):
            for wert_index in range(3):
                kwargs = {}
                for arg, k in konverter.items():
                    werte = UNBEKANNT.get(_konverter_name(k), ["gibt-es-nicht"])
                    kwargs[arg] = werte[wert_index % len(werte)]
                try:
                    with translation.override(sprache):
                        pfad = django_reverse(name, kwargs=kwargs)
                except NoReverseMatch:
                    continue
                if pfad.removeprefix("/en").startswith("/verwaltung/"):
                    # The back office (like admin: above) sends anonymous visitors to the login
                    # whether the object exists or not; its 404s per role: test_routenmatrix.
                    continue
                response = _pruefen(client, "GET", pfad, fehler)
                if response.status_code != 404:
                    falsch.append(f"{pfad[:120]} -> {response.status_code}")
    assert fehler == []
    assert falsch == [], "unknown objects must be 404 (not a page, not a redirect)"


def test_hostile_paths(seite):
    client = Client(raise_request_exception=False)
    fehler: list[str] = []
    for pfad in PFADE:
        response = _pruefen(client, "GET", pfad, fehler)
        if pfad.startswith(("/static/..", "/static/%2e", "/media/")):
            assert response.status_code == 404, pfad
    assert fehler == []


def test_back_office_with_garbage(seite):
    client = Client(raise_request_exception=False)
    client.force_login(seite["chef"])
    fehler: list[str] = []
    changelists = sorted(
        p for p in seite["admin"].status if re.fullmatch(r"/verwaltung/\w+/\w+/", p)
    )
    assert len(changelists) >= 10
    # All garbage on the busiest lists, a sample on the others.
    wichtig = [p for p in changelists if p.endswith(("/kernaktivitaet/", "/user/", "bericht/"))]
    for pfad in set(changelists) - set(wichtig):
        for anhang in ("?o=99.-x", "?p=99999", "?q=%27%22%3C&gibt_es__nicht=1"):
            _pruefen(client, "GET", pfad + anhang, fehler)
    anhaenge = [
        "?o=99.-x",
        "?p=-1",
        "?p=99999",
        "?q=" + "A" * 3000,
        "?q=%27%22%3C",
        "?_to_field=password",
        "?_popup=1&_to_field=id",
        "?gibt_es__nicht=1",
        "?id__gt=abc",
        "?pk__in=1,x",
        "?e=1&all=",
        "?_changelist_filters=%FF",
    ]
    for pfad in wichtig:
        for anhang in anhaenge:
            _pruefen(client, "GET", pfad + anhang, fehler)
    for pfad in seite["admin"].ein_pfad_je_art().values():
        for anhang in ("?_changelist_filters=o%3D-x", "?_popup=1", "?zeitraum=x&status=%27"):
            _pruefen(client, "GET", pfad + anhang, fehler)
    for name, _route, konverter in alle_muster():
        if not (name and name.startswith("admin:") and konverter):
            continue
        kwargs = {arg: "9" * 20 for arg in konverter}
        try:
            pfad = django_reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        _pruefen(client, "GET", pfad, fehler)
        _pruefen(client, "GET", pfad.replace("9" * 20, "gibt-es-nicht"), fehler)
    assert fehler == []


def test_wrong_methods(seite):
    client = Client(raise_request_exception=False)
    admin_client = Client(raise_request_exception=False)
    admin_client.force_login(seite["chef"])
    fehler: list[str] = []
    for pfad in seite["anonym"].ein_pfad_je_muster().values():
        for methode in FALSCHE_METHODEN:
            _pruefen(client, methode, pfad, fehler, data=b"x=1", content_type="text/plain")
    # Back office: one page of each kind (changelist, add, change, … and its own pages).
    for pfad in seite["admin"].ein_pfad_je_art().values():
        for methode in ("PUT", "PATCH", "DELETE"):
            _pruefen(admin_client, methode, pfad, fehler, data=b"x", content_type="text/plain")
    assert fehler == []


def test_posts_without_csrf_token_are_refused(seite):
    """Every form on every page, and every page itself, refuses a POST without token."""
    anonym = Client(enforce_csrf_checks=True, raise_request_exception=False)
    admin_client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    admin_client.force_login(seite["chef"])
    fehler: list[str] = []
    nicht_abgelehnt = []
    ziele = [
        (anonym, "/i18n/setlang/"),
        (anonym, "/verwaltung/login/"),
        (admin_client, "/verwaltung/logout/"),
    ]
    ziele += [(anonym, aktion) for _seite, aktion in seite["anonym"].formulare]
    ziele += [(admin_client, aktion) for _seite, aktion in seite["admin"].formulare]
    ziele += [(anonym, p) for p in seite["anonym"].ein_pfad_je_muster().values()]
    assert len(ziele) > 20
    for c, aktion in dict.fromkeys(ziele):
        response = _pruefen(c, "POST", aktion, fehler, data={"language": "en", "x": "1"})
        if response.status_code != 403 and not aktion.startswith(("/healthz", "/readyz")):
            nicht_abgelehnt.append(f"{aktion} -> {response.status_code}")
    assert fehler == []
    assert nicht_abgelehnt == []
    # Still logged in: the logout without token did nothing.
    assert admin_client.get("/verwaltung/").status_code == 200


def test_unpublished_projects_are_not_found(seite):
    from kernaktivitaeten.models import Kernaktivitaet

    client = Client(raise_request_exception=False)
    versteckt = Kernaktivitaet.objects.filter(veroeffentlicht=False)
    assert versteckt.exists()  # the demo data has some
    for projekt in versteckt:
        for pfad in (
            projekt.get_absolute_url(),
            django_reverse("kernaktivitaeten:permanent", kwargs={"pk": projekt.pk}),
            django_reverse("kernaktivitaeten:qr", kwargs={"pk": projekt.pk}),
        ):
            assert client.get(pfad).status_code == 404, pfad
        assert projekt.get_absolute_url() not in seite["anonym"].status
