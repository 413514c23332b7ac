"""The kept open-data files live in the storage STORAGES["dateicache"]: a shared folder by
default, so several app servers generate each file once per Datenstand; a storage without local
paths (an object store) works the same way."""

import json

import pytest
from django.core.cache import cache
from django.core.files.storage import storages

from bochum_strategie.lib.dateicache import Dateiablage, datei_je_datenstand
from bochum_strategie.lib.seitencache import datenstand_erhoehen
from tests.leistung.abbruch import client_geht
from tests.server import python

pytestmark = pytest.mark.django_db

ABLAGE = "bochum_strategie.lib.dateicache.Dateiablage"


@pytest.fixture(autouse=True)
def seitencache(settings, tmp_path):
    settings.SEITENCACHE_AKTIV = True
    settings.DATEICACHE_VERZEICHNIS = tmp_path / "eigener-ordner"
    cache.clear()
    yield
    cache.clear()


class Erzeuger:
    def __init__(self):
        self.aufrufe = 0

    def __call__(self):
        self.aufrufe += 1
        yield b"erster Teil;"
        yield f"zweiter Teil {self.aufrufe}".encode()


def _inhalt(antwort) -> bytes:
    return b"".join(antwort.streaming_content)


def _dateicache(settings, backend: str, **optionen):
    settings.STORAGES = {
        **settings.STORAGES,
        "dateicache": {"BACKEND": backend, "OPTIONS": optionen},
    }


def test_default_storage_is_the_folder_of_the_setting(settings, tmp_path):
    speicher = storages["dateicache"]
    assert isinstance(speicher, Dateiablage)
    assert speicher.location == str(tmp_path / "eigener-ordner")
    settings.DATEICACHE_VERZEICHNIS = tmp_path / "anderer"
    assert storages["dateicache"].location == str(tmp_path / "anderer")


def test_two_app_servers_on_a_shared_folder_generate_the_file_once(settings, tmp_path):
    gemeinsam = tmp_path / "gemeinsam"
    erzeugen = Erzeuger()
    # Server 1 (its own DATEICACHE_VERZEICHNIS does not matter: the storage names the folder).
    _dateicache(settings, ABLAGE, location=str(gemeinsam))
    erste = datei_je_datenstand("opendaten-test.csv", erzeugen, "text/csv")
    assert erste["X-Seitencache"] == "neu"
    assert _inhalt(erste) == b"erster Teil;zweiter Teil 1"
    # Server 2: another process, another storage object, same folder.
    settings.DATEICACHE_VERZEICHNIS = tmp_path / "server-2"
    _dateicache(settings, ABLAGE, location=str(gemeinsam))
    zweite = datei_je_datenstand("opendaten-test.csv", erzeugen, "text/csv")
    assert zweite["X-Seitencache"] == "treffer"
    assert _inhalt(zweite) == b"erster Teil;zweiter Teil 1"
    assert zweite["ETag"] == erste["ETag"]
    assert erzeugen.aufrufe == 1
    assert [p.name for p in gemeinsam.iterdir()] == [
        f"opendaten-test.csv.{erste['ETag'].strip('"').split('-', 2)[2]}"
    ]
    assert not (tmp_path / "server-2").exists() and not (tmp_path / "eigener-ordner").exists()


def test_a_storage_without_paths_keeps_one_file_per_datenstand(settings):
    _dateicache(settings, "django.core.files.storage.InMemoryStorage")
    speicher = storages["dateicache"]
    erzeugen = Erzeuger()
    erste = datei_je_datenstand("opendaten-x.json", erzeugen, "application/json")
    assert erste["X-Seitencache"] == "neu"
    # Nothing is stored before the file is complete.
    teile = iter(erste.streaming_content)
    assert next(teile) == b"erster Teil;"
    assert speicher.listdir("")[1] == []
    assert b"".join(teile) == b"zweiter Teil 1"
    (alt,) = speicher.listdir("")[1]
    zweite = datei_je_datenstand("opendaten-x.json", erzeugen, "application/json")
    assert zweite["X-Seitencache"] == "treffer"
    assert _inhalt(zweite) == b"erster Teil;zweiter Teil 1"
    assert erzeugen.aufrufe == 1
    # A new Datenstand: generated again, the old file removed.
    datenstand_erhoehen()
    dritte = datei_je_datenstand("opendaten-x.json", erzeugen, "application/json")
    assert dritte["X-Seitencache"] == "neu" and _inhalt(dritte) == b"erster Teil;zweiter Teil 2"
    (neu,) = speicher.listdir("")[1]
    assert neu != alt and neu.startswith("opendaten-x.json.")


def test_an_aborted_download_stores_nothing_in_a_storage_without_paths(settings):
    _dateicache(settings, "django.core.files.storage.InMemoryStorage")
    antwort = datei_je_datenstand("opendaten-y.json", Erzeuger(), "application/json")
    teile = iter(antwort.streaming_content)
    next(teile)
    client_geht(antwort)
    assert storages["dateicache"].listdir("")[1] == []
    assert datei_je_datenstand("opendaten-y.json", Erzeuger(), "x")["X-Seitencache"] == "neu"


def _storage(**env) -> dict:
    ergebnis = python(
        "import json, bochum_strategie.settings as s; print(json.dumps(s.STORAGES['dateicache']))",
        DJANGO_DEBUG="1",
        **env,
    )
    assert ergebnis.returncode == 0, ergebnis.stderr
    return json.loads(ergebnis.stdout)


def test_storage_is_configured_from_the_environment():
    assert _storage() == {"BACKEND": ABLAGE, "OPTIONS": {}}
    s3 = _storage(
        DATEICACHE_BACKEND="storages.backends.s3.S3Storage",
        DATEICACHE_OPTIONEN='{"bucket_name": "opendaten", "endpoint_url": "https://s3.intern"}',
    )
    assert s3 == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "opendaten", "endpoint_url": "https://s3.intern"},
    }
    for kaputt in ("{kein json", "[1, 2]"):
        ergebnis = python(
            "import bochum_strategie.settings", DJANGO_DEBUG="1", DATEICACHE_OPTIONEN=kaputt
        )
        assert ergebnis.returncode != 0 and "DATEICACHE_OPTIONEN" in ergebnis.stderr
