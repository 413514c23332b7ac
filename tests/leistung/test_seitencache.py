"""Anonymous public pages are cached and never stale; logged-in users bypass the cache."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from kernaktivitaeten.demodaten import demodaten_erzeugen
from kernaktivitaeten.models import Berichtsstatus
from kernaktivitaeten.services import statusbericht_freigeben
from tests.helpers import formular_daten, text
from tests.leistung.abbruch import client_geht
from tests.personas import bericht

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seitencache(settings, tmp_path):
    settings.SEITENCACHE_AKTIV = True
    settings.DATEICACHE_VERZEICHNIS = tmp_path / "dateien"
    cache.clear()
    yield
    cache.clear()


def test_second_visit_comes_from_the_cache_with_validators(client):
    erste = client.get("/zielsystem/")
    zweite = client.get("/zielsystem/")
    assert erste["X-Seitencache"] == "neu" and zweite["X-Seitencache"] == "treffer"
    assert erste.content == zweite.content
    assert zweite["ETag"] == erste["ETag"] and "Last-Modified" in zweite
    bedingt = client.get("/zielsystem/", HTTP_IF_NONE_MATCH=erste["ETag"])
    assert bedingt.status_code == 304 and bedingt.content == b""


def test_cached_page_needs_few_queries(client, django_assert_max_num_queries):
    client.get("/kernaktivitaeten/")
    # One read of the shared Datenstand (a database table without Redis), nothing else.
    with django_assert_max_num_queries(1):
        assert client.get("/kernaktivitaeten/").status_code == 200


def test_languages_are_cached_separately(client):
    client.get("/kompetenzen/hotspot-der-live-kultur/")
    englisch = client.get("/en/kompetenzen/hotspot-der-live-kultur/")
    assert englisch["X-Seitencache"] == "neu"
    assert '<html lang="en">' in englisch.content.decode()


def test_approval_makes_the_project_page_fresh(
    client, projekt_a, zeitraum, referat, django_capture_on_commit_callbacks
):
    url = projekt_a.get_absolute_url()
    assert "20 % umgesetzt" in text(client.get(url))
    _freigeben(projekt_a, zeitraum, referat, django_capture_on_commit_callbacks, 65)
    frisch = client.get(url)
    assert frisch["X-Seitencache"] == "neu" and "65 % umgesetzt" in text(frisch)
    assert "65 % umgesetzt" in text(
        client.get("/kernaktivitaeten/?kompetenz=hotspot-der-live-kultur")
    )


def test_back_office_edit_of_the_zielsystem_makes_pages_fresh(client, referat):
    from zielsystem.models import Kompetenz

    kompetenz = Kompetenz.objects.get(slug="hotspot-der-live-kultur")
    client.get(kompetenz.get_absolute_url())
    client.force_login(referat)
    aendern = reverse("admin:zielsystem_kompetenz_change", args=[kompetenz.pk])
    daten = formular_daten(client.get(aendern))
    daten["vorstand"] = "Dezernat für Kultur (geändert)"
    assert client.post(aendern, daten).status_code == 302
    client.logout()
    frisch = client.get(kompetenz.get_absolute_url())
    assert frisch["X-Seitencache"] == "neu"
    assert "Dezernat für Kultur (geändert)" in text(frisch)


def test_generated_data_makes_the_catalogue_fresh(client, django_capture_on_commit_callbacks):
    vorher = text(client.get("/kernaktivitaeten/"))
    with django_capture_on_commit_callbacks(execute=True):
        demodaten_erzeugen(anzahl=5)
    nachher = client.get("/kernaktivitaeten/")
    assert nachher["X-Seitencache"] == "neu" and text(nachher) != vorher


def test_logged_in_users_never_get_or_leave_cached_pages(client, referat):
    client.force_login(referat)
    angemeldet = client.get("/zielsystem/")
    assert "X-Seitencache" not in angemeldet
    assert angemeldet["Cache-Control"] == "private, no-cache"
    client.logout()
    assert client.get("/zielsystem/")["X-Seitencache"] == "neu"


def test_error_answers_are_not_cached(client):
    assert client.get("/kernaktivitaeten/?kompetenz=gibt-es-nicht").status_code == 400
    zweite = client.get("/kernaktivitaeten/?kompetenz=gibt-es-nicht")
    assert zweite.status_code == 400 and zweite.get("X-Seitencache") == "neu"


def _freigeben(projekt, zeitraum, referat, capture, fortschritt):
    eingereicht = bericht(
        projekt, zeitraum, status=Berichtsstatus.EINGEREICHT, fortschritt=fortschritt
    )
    with capture(execute=True):
        statusbericht_freigeben(bericht=eingereicht, user=referat)


def test_approval_makes_the_dashboard_and_the_feeds_fresh(
    client, projekt_a, zeitraum, referat, django_capture_on_commit_callbacks
):
    feeds = ["/feeds/berichte/", "/feeds/kompetenzen/hotspot-der-live-kultur/berichte/"]
    dashboard = client.get("/fortschritt/")
    assert client.get("/fortschritt/")["X-Seitencache"] == "treffer"
    for feed in feeds:
        assert projekt_a.titel not in client.get(feed).content.decode()
        assert client.get(feed)["X-Seitencache"] == "treffer"
    _freigeben(projekt_a, zeitraum, referat, django_capture_on_commit_callbacks, 65)
    frisch = client.get("/fortschritt/")
    assert frisch["X-Seitencache"] == "neu" and frisch.content != dashboard.content
    for feed in feeds:
        antwort = client.get(feed)
        assert antwort["X-Seitencache"] == "neu"
        assert projekt_a.titel in antwort.content.decode()


def _inhalt(response) -> bytes:
    return b"".join(response.streaming_content)


def test_open_data_file_is_written_once_and_served_until_the_next_change(
    client, projekt_a, zeitraum, referat, settings, django_capture_on_commit_callbacks
):
    url = "/daten/kernaktivitaeten.json"
    erste = client.get(url)
    assert erste["X-Seitencache"] == "neu"
    inhalt = _inhalt(erste)
    dateien = list(settings.DATEICACHE_VERZEICHNIS.iterdir())
    assert [d.name.split(".json.")[0] for d in dateien] == ["opendaten-kernaktivitaeten"]

    zweite = client.get(url)
    assert zweite["X-Seitencache"] == "treffer" and _inhalt(zweite) == inhalt
    assert zweite["ETag"] == erste["ETag"] and zweite["Content-Length"] == str(len(inhalt))
    assert zweite["Content-Disposition"].startswith("attachment;")
    bedingt = client.get(url, HTTP_IF_NONE_MATCH=erste["ETag"])
    assert bedingt.status_code == 304

    assert '"fortschritt": 65' not in inhalt.decode()
    _freigeben(projekt_a, zeitraum, referat, django_capture_on_commit_callbacks, 65)
    frisch = client.get(url)
    assert frisch["X-Seitencache"] == "neu" and frisch["ETag"] != erste["ETag"]
    assert '"fortschritt": 65' in _inhalt(frisch).decode()
    # The old Datenstand's file is gone, the new one is there.
    assert len(list(settings.DATEICACHE_VERZEICHNIS.iterdir())) == 1
    assert client.get(url, HTTP_IF_NONE_MATCH=erste["ETag"]).status_code == 200


def test_each_dataset_and_format_has_its_own_file(client, projekt_a, settings):
    for format in ("csv", "json"):
        for datensatz in ("kernaktivitaeten", "statusberichte"):
            _inhalt(client.get(f"/daten/{datensatz}.{format}"))
    csv = client.get("/daten/kernaktivitaeten.csv")
    assert csv["X-Seitencache"] == "treffer" and csv["Content-Type"].startswith("text/csv")
    assert projekt_a.titel in _inhalt(csv).decode("utf-8-sig")
    assert len(list(settings.DATEICACHE_VERZEICHNIS.iterdir())) == 4


def test_an_aborted_download_leaves_no_file(client, rf, projekt_a, settings):
    from kernaktivitaeten.exporte.views import datensatz

    # Straight through the view: the test client wraps streamed answers itself.
    erste = datensatz(rf.get("/daten/kernaktivitaeten.json"), "kernaktivitaeten", "json")
    assert erste["X-Seitencache"] == "neu"
    next(iter(erste.streaming_content))
    client_geht(erste)  # after the first piece
    assert list(settings.DATEICACHE_VERZEICHNIS.iterdir()) == []
    assert client.get("/daten/kernaktivitaeten.json")["X-Seitencache"] == "neu"


def test_open_data_is_generated_per_request_with_the_cache_off(client, projekt_a, settings):
    settings.SEITENCACHE_AKTIV = False
    antwort = client.get("/daten/kernaktivitaeten.json")
    assert projekt_a.titel in _inhalt(antwort).decode() and "ETag" not in antwort
    assert not settings.DATEICACHE_VERZEICHNIS.exists()


def test_an_unwritable_cache_folder_costs_the_file_not_the_download(
    client, projekt_a, settings, tmp_path, caplog
):
    kein_ordner = tmp_path / "eine-datei"
    kein_ordner.write_text("kein Ordner")
    settings.DATEICACHE_VERZEICHNIS = kein_ordner / "dateien"  # mkdir fails
    antwort = client.get("/daten/kernaktivitaeten.json")
    assert antwort.status_code == 200 and projekt_a.titel in _inhalt(antwort).decode()
    assert "Dateicache nicht beschreibbar" in caplog.text
    assert client.get("/daten/kernaktivitaeten.json")["X-Seitencache"] == "neu"


def test_a_failing_rename_costs_the_file_not_the_download(
    client, projekt_a, settings, monkeypatch, caplog
):
    from bochum_strategie.lib import dateicache as seitencache

    def voll(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(seitencache.os, "replace", voll)
    antwort = client.get("/daten/kernaktivitaeten.json")
    assert projekt_a.titel in _inhalt(antwort).decode()
    assert "nicht abgelegt" in caplog.text
    assert list(settings.DATEICACHE_VERZEICHNIS.iterdir()) == []  # no unfinished file left
