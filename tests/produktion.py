"""The production fixtures (a pytest plugin, see tests/conftest.py): a deployment's database and
static files, and a gunicorn serving them, for the operations and load tests."""

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from tests.server import BASE_DIR, gunicorn_starten, manage, produktionsumgebung

DEMODATEN = 30
CHEF = ("betrieb-chef", "ein-sehr-sicheres-passwort-2030")  # superuser of the production DB


@dataclass
class Produktion:
    env: dict[str, str]
    verzeichnis: Path


def _postgres_datenbank(name: str):
    """Creates a fresh PostgreSQL database beside the test database; returns (url, drop)."""
    import psycopg

    db = settings.DATABASES["default"]
    verbindung = {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or None,
    }

    def ausfuehren(sql: str):
        with psycopg.connect(dbname="postgres", autocommit=True, **verbindung) as conn:
            conn.execute(sql)

    ausfuehren(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    ausfuehren(f'CREATE DATABASE "{name}"')
    anmeldung = quote(verbindung["user"], safe="")
    if verbindung["password"]:
        anmeldung += ":" + quote(verbindung["password"], safe="")
    url = f"postgres://{anmeldung}@{verbindung['host']}:{verbindung['port']}/{name}"
    return url, lambda: ausfuehren(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def produktion(tmp_path_factory):
    """Database (strategy + demo projects, migrated) and collected static files, as a
    deployment has them after `migrate`, `portal_einrichten` and `collectstatic`."""
    verzeichnis = tmp_path_factory.mktemp("produktion")
    aufraeumen = None
    if settings.IS_POSTGRES:
        url, aufraeumen = _postgres_datenbank(f"{settings.DATABASES['default']['NAME']}_prod")
    else:
        url = f"sqlite:///{verzeichnis / 'portal.sqlite3'}"
    env = produktionsumgebung(database_url=url, verzeichnis=verzeichnis)
    # collectstatic (compressing every file) runs while the database is being set up.
    statisch = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "portal_einrichten", "-v0")
        manage(env, "demodaten_erzeugen", "--anzahl", str(DEMODATEN))
        manage(
            {**env, "DJANGO_SUPERUSER_PASSWORD": CHEF[1]},
            "createsuperuser",
            "--noinput",
            "--username",
            CHEF[0],
            "--email",
            "chef@bochum.example",
        )
        ausgabe, _ = statisch.communicate(timeout=300)
        assert statisch.returncode == 0, f"collectstatic failed:\n{ausgabe}"
        yield Produktion(env=env, verzeichnis=verzeichnis)
    finally:
        if statisch.poll() is None:
            statisch.kill()
        if aufraeumen:
            aufraeumen()


@pytest.fixture(scope="session")
def produktionsserver(produktion):
    """One gunicorn with two workers, production settings, on a free local port."""
    server = gunicorn_starten(produktion.env, log=produktion.verzeichnis / "gunicorn.log")
    yield server
    server.stoppen()
