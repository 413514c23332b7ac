"""`PORT=8080 make run`: permanent addresses, QR codes, feed ids and open-data URLs use the
port actually served. settings.py derives the development SITE_URL from HOST/PORT (exported
by the Makefile) unless SITE_URL is set."""

import pytest

from bochum_strategie.settings import entwicklungs_site_url
from kernaktivitaeten.models import Kernaktivitaet
from tests.server import python


def _site_url(**env) -> str:
    ergebnis = python(
        "import bochum_strategie.settings as s; print(s.SITE_URL)", DJANGO_DEBUG="1", **env
    )
    assert ergebnis.returncode == 0, ergebnis.stderr
    return ergebnis.stdout.strip()


def test_site_url_follows_the_served_port():
    assert _site_url() == "http://127.0.0.1:8000"
    assert _site_url(PORT="8080") == "http://127.0.0.1:8080"
    assert _site_url(PORT="8080", HOST="localhost") == "http://localhost:8080"
    assert _site_url(PORT="9000", HOST="0.0.0.0") == "http://127.0.0.1:9000"
    assert entwicklungs_site_url("::1", 8000) == "http://[::1]:8000"


def test_an_explicit_site_url_wins():
    assert _site_url(PORT="8080", SITE_URL="https://strategie.bochum.de/") == (
        "https://strategie.bochum.de"
    )


def test_a_bad_port_stops_the_start():
    ergebnis = python("import bochum_strategie.settings", DJANGO_DEBUG="1", PORT="achtzig")
    assert ergebnis.returncode != 0 and "PORT" in ergebnis.stderr


@pytest.mark.django_db
def test_addresses_on_pages_feeds_and_open_data_use_the_site_url(client, settings):
    settings.SITE_URL = "http://127.0.0.1:8080"
    projekt = Kernaktivitaet.objects.oeffentlich().echt().order_by("pk").first()
    seite = client.get(projekt.get_absolute_url()).content.decode()
    assert f"http://127.0.0.1:8080/kernaktivitaeten/id/{projekt.pk}/" in seite
    assert "127.0.0.1:8000" not in seite
    dcat = client.get("/daten/dcat.jsonld").content.decode()
    assert "http://127.0.0.1:8080/daten/" in dcat and "127.0.0.1:8000" not in dcat
