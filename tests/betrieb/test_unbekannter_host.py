"""A request with a Host header the portal does not serve: 400, and one warning line
without a traceback in the log (Django itself logs an error with the whole traceback)."""

import json
import logging

import pytest

from bochum_strategie.logging import JsonFormatter


@pytest.fixture
def sicherheitslog():
    """The records of django.security.DisallowedHost as the configured logger passes them on,
    formatted as in production (JSON) and as text."""
    erfasst: list[logging.LogRecord] = []

    class Sammler(logging.Handler):
        def emit(self, record):
            erfasst.append(record)

    sammler = Sammler()
    logger = logging.getLogger("django")
    logger.addHandler(sammler)
    yield erfasst
    logger.removeHandler(sammler)


def test_unknown_host_is_one_warning_line_without_traceback(client, sicherheitslog):
    antwort = client.get("/", HTTP_HOST="boese.example")
    assert antwort.status_code == 400
    eintraege = [r for r in sicherheitslog if r.name.startswith("django.security")]
    assert len(eintraege) == 1
    eintrag = eintraege[0]
    assert eintrag.name == "django.security.DisallowedHost"
    assert eintrag.levelname == "WARNING"
    assert eintrag.exc_info is None
    zeile = JsonFormatter().format(eintrag)
    assert "\n" not in zeile
    daten = json.loads(zeile)
    assert daten["level"] == "WARNING"
    assert "boese.example" in daten["message"]
    assert "exception" not in daten and "Traceback" not in zeile
    # No second line about the same request from django.request.
    assert [r for r in sicherheitslog if r.name == "django.request"] == []


def test_unknown_host_in_production_logs_one_json_warning(produktionsserver):
    vorher = len(produktionsserver.logzeilen())
    antwort = produktionsserver.anfrage("/zielsystem/", headers={"Host": "boese.example"})
    assert antwort.status == 400
    zeilen = produktionsserver.logzeilen()[vorher:]
    eintraege = [json.loads(zeile) for zeile in zeilen]  # every line is JSON, no traceback lines
    django = [e for e in eintraege if e["logger"].startswith("django")]
    assert len(django) == 1, zeilen
    assert django[0]["logger"] == "django.security.DisallowedHost"
    assert django[0]["level"] == "WARNING"
    assert "boese.example" in django[0]["message"]
    assert "exception" not in django[0]
    assert not any("Traceback" in zeile for zeile in zeilen)
