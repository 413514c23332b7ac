"""Scaling out: nothing lives in one process. Several app servers share one database (and
Redis for sessions and cache, when given); what one server writes, the others serve."""

import re
import socket
from urllib.parse import quote

import pytest

from tests.dienste import nicht_verfuegbar
from tests.produktion import CHEF
from tests.server import (
    anmelden,
    formular_senden,
    formularfelder,
    gunicorn_starten,
    manage,
)

REDIS_URL = "redis://127.0.0.1:6379/7"


@pytest.fixture
def zwei_server(produktion, request):
    """Two gunicorns on two ports against the same database (what a load balancer sees)."""
    env = {**produktion.env, **getattr(request, "param", {})}
    a = gunicorn_starten(env, log=produktion.verzeichnis / "a.log")
    try:
        b = gunicorn_starten(env, log=produktion.verzeichnis / "b.log")
    except BaseException:
        a.stoppen()
        raise
    yield a, b, env
    a.stoppen()
    b.stoppen()


def _cookie(cookies: dict) -> dict:
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}


def organisation_umbenennen(server, cookies: dict, alt: str, neu: str):
    """Renames an Organisation through the back office's change form on this server."""
    liste = server.anfrage(
        f"/verwaltung/kernaktivitaeten/organisation/?q={quote(alt)}", headers=_cookie(cookies)
    )
    treffer = re.search(
        r'href="(/verwaltung/kernaktivitaeten/organisation/\d+/change/)', liste.text
    )
    assert treffer, liste.text[:1000]
    formular = server.anfrage(treffer.group(1), headers=_cookie(cookies))
    felder = formularfelder(formular.text)
    assert felder["name"] == alt
    felder["name"] = neu
    antwort = formular_senden(server, treffer.group(1), felder, cookies)
    assert antwort.status == 302, re.sub(r"\s+", " ", antwort.text)[:2000]


KATALOG = "/kernaktivitaeten/?phase=umsetzung"


@pytest.mark.postgres
def test_what_one_server_writes_the_other_serves(zwei_server):
    a, b, env = zwei_server
    # B has served the catalogue before (anything it might keep would be stale now).
    for _ in range(2):
        vorher = b.anfrage(KATALOG)
        assert vorher.status == 200 and "Kulturbüro (Beispiel)" in vorher.text

    # A session started on A is valid on B.
    cookies = anmelden(a, *CHEF)
    assert b.anfrage("/verwaltung/", headers=_cookie(cookies)).status == 200

    # An edit in A's back office is on B's public pages at once.
    organisation_umbenennen(a, cookies, "Kulturbüro (Beispiel)", "Kulturbüro Bochum (Beispiel)")
    assert "Kulturbüro Bochum (Beispiel)" in b.anfrage(KATALOG).text

    # So is a change made directly in the database by a third process (with the search index
    # rebuilt, as docs/decisions/0009 asks after writes that bypass the services).
    manage(
        env,
        "shell",
        "-c",
        "from kernaktivitaeten.models import Kernaktivitaet as K; "
        "K.objects.filter(pk=K.objects.oeffentlich().order_by('pk')[0].pk)"
        ".update(titel='Neu im Netz')",
    )
    manage(env, "suchindex_aktualisieren")
    for server in (a, b):
        assert "Neu im Netz" in server.anfrage("/kernaktivitaeten/?q=Netz").text

    # Logging out on B ends the session on A too.
    start = b.anfrage("/verwaltung/", headers=_cookie(cookies))
    abmelden = formular_senden(b, "/verwaltung/logout/", formularfelder(start.text), cookies)
    assert abmelden.status in {200, 302}
    assert a.anfrage("/verwaltung/", headers=_cookie(cookies)).status == 302
    # Undo the rename for the tests that follow.
    organisation_umbenennen(
        a, anmelden(a, *CHEF), "Kulturbüro Bochum (Beispiel)", "Kulturbüro (Beispiel)"
    )


def _redis_antwortet() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_leer():
    if not _redis_antwortet():
        nicht_verfuegbar("Redis does not answer on 127.0.0.1:6379")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # no pages cached by an earlier run


@pytest.mark.parametrize("zwei_server", [{"REDIS_URL": REDIS_URL}], indirect=True)
def test_sessions_and_cache_in_redis_are_shared(redis_leer, zwei_server):
    a, b, env = zwei_server
    cookies = anmelden(a, *CHEF)
    assert b.anfrage("/verwaltung/", headers=_cookie(cookies)).status == 200

    # With Redis the public page cache is on; an edit on A makes B's cached page stale.
    for _ in range(2):
        seite = b.anfrage(KATALOG)
    assert seite.header("X-Seitencache") == "treffer"
    organisation_umbenennen(a, cookies, "Kulturbüro (Beispiel)", "Kulturbüro Ruhr (Beispiel)")
    nachher = b.anfrage(KATALOG)
    assert "Kulturbüro Ruhr (Beispiel)" in nachher.text
    organisation_umbenennen(a, cookies, "Kulturbüro Ruhr (Beispiel)", "Kulturbüro (Beispiel)")

    # The session lives in Redis, not in the database; the cache is shared as well.
    ausgabe = manage(
        env,
        "shell",
        "-c",
        "from django.contrib.sessions.models import Session; "
        "from django.core.cache import cache; "
        f"print(Session.objects.filter(session_key={cookies['sessionid']!r}).exists()); "
        "print(cache.get('django.contrib.sessions.cache' + "
        f"{cookies['sessionid']!r}) is not None)",
    )
    assert ausgabe.splitlines()[-2:] == ["False", "True"]
