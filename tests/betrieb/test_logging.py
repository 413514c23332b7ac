"""Structured logs: JSON lines without IP addresses, user names or query strings."""

import json
import logging

import pytest
from django.test import RequestFactory

from bochum_strategie.logging import JsonFormatter, axes_client_str, bereinigen


def formatieren(record: logging.LogRecord) -> dict:
    zeile = JsonFormatter().format(record)
    assert "\n" not in zeile
    return json.loads(zeile)


def record(name="test", msg="nachricht", args=(), level=logging.INFO, **extra):
    r = logging.LogRecord(name, level, __file__, 1, msg, args, None)
    r.__dict__.update(extra)
    return r


@pytest.mark.parametrize(
    ("text", "erwartet"),
    [
        ("Login von 192.168.178.20 fehlgeschlagen", "Login von [ip] fehlgeschlagen"),
        ("client 2001:db8::1 und ::1", "client [ip] und [ip]"),
        ("fe80::1%eth0 ist lokal", "[ip] ist lokal"),
        ("Not Found: /kernaktivitaeten/?q=Erika+Mustermann", "Not Found: /kernaktivitaeten/?[…]"),
        ("um 12:30:45 Uhr, Version 1.2.3, 10.5 %", "um 12:30:45 Uhr, Version 1.2.3, 10.5 %"),
        ("Ist das so? Ja.", "Ist das so? Ja."),
    ],
)
def test_masking(text, erwartet):
    assert bereinigen(text) == erwartet


def test_gunicorn_access_record_keeps_only_safe_fields():
    atoms = {
        "h": "203.0.113.7",
        "u": "erika",
        "r": "GET /kernaktivitaeten/?q=Erika HTTP/1.1",
        "m": "GET",
        "U": "/kernaktivitaeten/",
        "q": "q=Erika",
        "s": "200",
        "B": 1234,
        "M": 17,
        "f": "https://mail.example.org/?token=geheim",
        "a": "Mozilla/5.0 (Erikas Laptop)",
    }
    eintrag = formatieren(record("gunicorn.access", "%(h)s %(r)s", (atoms,)))
    assert eintrag["method"] == "GET"
    assert eintrag["path"] == "/kernaktivitaeten/"
    assert eintrag["status"] == 200 and eintrag["bytes"] == 1234 and eintrag["duration_ms"] == 17
    zeile = json.dumps(eintrag)
    for geheim in ("203.0.113.7", "erika", "Erika", "geheim", "Mozilla", "q="):
        assert geheim not in zeile


def test_django_request_record_without_address_and_query():
    request = RequestFactory().get(
        "/kernaktivitaeten/gibt-es-nicht/?q=Erika", REMOTE_ADDR="198.51.100.4"
    )
    eintrag = formatieren(
        record(
            "django.request",
            "Not Found: %s",
            (request.path,),
            level=logging.WARNING,
            status_code=404,
            request=request,
        )
    )
    assert eintrag == {
        "time": eintrag["time"],
        "level": "WARNING",
        "logger": "django.request",
        "message": "Not Found: /kernaktivitaeten/gibt-es-nicht/",
        "status": 404,
        "method": "GET",
        "path": "/kernaktivitaeten/gibt-es-nicht/",
    }


def test_exception_is_one_line_and_masked():
    try:
        raise ValueError("Verbindung zu 10.0.0.5 verloren")
    except ValueError:
        import sys

        r = record("django.request", "Internal Server Error: /", level=logging.ERROR)
        r.exc_info = sys.exc_info()
    eintrag = formatieren(r)
    assert "ValueError: Verbindung zu [ip] verloren" in eintrag["exception"]


def test_axes_logs_no_user_name_and_no_address():
    text = axes_client_str("erika", "203.0.113.7", "Mozilla", "/verwaltung/login/", None)
    assert json.loads(text) == {"path_info": "/verwaltung/login/"}


@pytest.mark.django_db
def test_failed_login_is_logged_without_name_and_address(client, caplog):
    with caplog.at_level(logging.DEBUG):
        client.post(
            "/verwaltung/login/",
            {"username": "erika.mustermann", "password": "falsch-falsch-falsch"},
            REMOTE_ADDR="203.0.113.7",
        )
    zeilen = [JsonFormatter().format(r) for r in caplog.records if r.levelno >= logging.INFO]
    assert any("AXES" in z for z in zeilen), zeilen
    for zeile in zeilen:
        assert "erika" not in zeile and "203.0.113.7" not in zeile, zeile
