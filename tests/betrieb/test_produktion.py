"""The portal under gunicorn with production settings, behind a (simulated) TLS proxy."""

import json
import re

from tests.produktion import CHEF
from tests.server import anmelden, formular_senden, formularfelder


def test_plain_http_is_redirected_to_https(produktionsserver):
    antwort = produktionsserver.anfrage("/kernaktivitaeten/?phase=umsetzung", https=False)
    assert antwort.status == 301
    assert antwort.header("Location") == (
        f"https://127.0.0.1:{produktionsserver.port}/kernaktivitaeten/?phase=umsetzung"
    )


def test_https_pages_carry_hsts_and_the_other_headers(produktionsserver):
    antwort = produktionsserver.anfrage("/")
    assert antwort.status == 200
    assert antwort.header("Strict-Transport-Security") == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert "script-src 'self'" in antwort.header("Content-Security-Policy")
    assert antwort.header("X-Content-Type-Options") == "nosniff"
    assert "camera=()" in antwort.header("Permissions-Policy")
    assert antwort.header("Cross-Origin-Opener-Policy") == "same-origin"


def test_cookies_are_secure_httponly_and_lax(produktionsserver):
    antwort = produktionsserver.anfrage("/verwaltung/login/")
    (csrf,) = [c for c in antwort.headers.get_all("Set-Cookie") if c.startswith("csrftoken=")]
    for attribut in ("Secure", "HttpOnly", "SameSite=Lax"):
        assert attribut in csrf
    cookies = anmelden(produktionsserver, *CHEF)
    assert "sessionid" in cookies


def test_hashed_static_files_are_cached_for_long(produktionsserver):
    seite = produktionsserver.anfrage("/").text
    css = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', seite)
    assert css, "templates link the hashed name from the manifest"
    antwort = produktionsserver.anfrage(css.group(1), headers={"Accept-Encoding": "gzip"})
    assert antwort.status == 200
    assert antwort.header("Cache-Control") == "max-age=315360000, public, immutable"
    assert antwort.header("Content-Encoding") == "gzip"
    unhashed = produktionsserver.anfrage("/static/css/portal.css")
    assert unhashed.header("Cache-Control") == "max-age=3600, public"


def test_error_pages_show_no_debug_information(produktionsserver):
    antwort = produktionsserver.anfrage("/kernaktivitaeten/gibt-es-nicht/")
    assert antwort.status == 404
    assert "Traceback" not in antwort.text and "DEBUG" not in antwort.text
    assert produktionsserver.anfrage("/", headers={"Host": "evil.example"}).status == 400


def test_probes(produktionsserver):
    assert produktionsserver.anfrage("/healthz", https=False).status == 200
    bereit = produktionsserver.anfrage("/readyz", https=False)
    assert bereit.status == 200
    assert json.loads(bereit.body)["unapplied_migrations"] == 0


def test_logs_are_json_lines_without_personal_data(produktionsserver):
    produktionsserver.anfrage("/kernaktivitaeten/?q=Erika+Mustermann&phase=umsetzung")
    produktionsserver.anfrage(
        "/gibt-es-nicht/?email=erika%40example.org",
        headers={"Referer": "https://mail.example.org/?token=geheim", "User-Agent": "Erikas PC"},
    )
    # A failed login: axes logs it, without the name and the address.
    seite = produktionsserver.anfrage("/verwaltung/login/")
    felder = {**formularfelder(seite.text), "username": "erika", "password": "falsch-falsch-1"}
    assert (
        formular_senden(produktionsserver, "/verwaltung/login/", felder, seite.cookies).status
        == 200
    )
    zeilen = produktionsserver.logzeilen()
    eintraege = [json.loads(zeile) for zeile in zeilen]  # every line is JSON
    zugriffe = [e for e in eintraege if e["logger"] == "gunicorn.access"]
    assert any(e["path"] == "/kernaktivitaeten/" and e["status"] == 200 for e in zugriffe)
    assert any(e["path"] == "/gibt-es-nicht/" and e["status"] == 404 for e in zugriffe)
    text = "\n".join(zeilen)
    for geheim in ("Erika", "erika", "Mustermann", "geheim", "127.0.0.1", "Erikas PC", "?q="):
        assert geheim not in text


def test_head_requests_get_headers_without_body(produktionsserver):
    get = produktionsserver.anfrage("/zielsystem/")
    head = produktionsserver.anfrage("/zielsystem/", methode="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.header("Content-Length") == get.header("Content-Length") == str(len(get.body))
    assert "no-body response" not in produktionsserver.log.read_text()  # gunicorn's warning
