"""Settings fail loudly on bad or missing values."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from bochum_strategie.settings import envbool, envint, envstr
from tests.server import python


def test_envbool(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert envbool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert envbool("X_FLAG", True) is False
    monkeypatch.setenv("X_FLAG", "vielleicht")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        envbool("X_FLAG", False)


def test_envint(monkeypatch):
    monkeypatch.setenv("X_NUM", "12")
    assert envint("X_NUM", 1) == 12
    monkeypatch.setenv("X_NUM", "zwölf")
    with pytest.raises(ImproperlyConfigured, match="X_NUM"):
        envint("X_NUM", 1)


def test_secret_from_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("geheim\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert envstr("X_SECRET") == "geheim"
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured):
        envstr("X_SECRET")


def test_production_without_secret_key_refuses_to_start():
    result = python(
        "import bochum_strategie.settings", DJANGO_DEBUG="0", ALLOWED_HOSTS="example.org"
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start():
    result = python(
        "import bochum_strategie.settings", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_bad_boolean_refuses_to_start():
    result = python("import bochum_strategie.settings", DJANGO_DEBUG="jein")
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


@pytest.mark.django_db
def test_pages_are_german_without_a_language_choice(client):
    antwort = client.get("/", HTTP_ACCEPT_LANGUAGE="")
    assert '<html lang="de"' in antwort.content.decode()
    englisch = client.get("/en/")
    assert '<html lang="en"' in englisch.content.decode()


def test_times_are_shown_in_bochum_time():
    from datetime import UTC, datetime

    from django.template import engines

    vorlage = engines["django"].from_string('{{ t|date:"d.m.Y H:i" }}')
    # 23:30 UTC on New Year's Eve is already the new year in Bochum.
    assert vorlage.render({"t": datetime(2026, 12, 31, 23, 30, tzinfo=UTC)}) == "01.01.2027 00:30"
    assert vorlage.render({"t": datetime(2026, 7, 1, 10, 0, tzinfo=UTC)}) == "01.07.2026 12:00"


def _postgres_options(**env) -> str:
    script = (
        "import bochum_strategie.settings as s;"
        "print(s.DATABASES['default'].get('OPTIONS', {}).get('options', '-'))"
    )
    ergebnis = python(script, DJANGO_DEBUG="1", **env)
    assert ergebnis.returncode == 0, ergebnis.stderr
    return ergebnis.stdout.strip()


def test_postgres_connections_run_without_parallel_query_unless_configured():
    url = "postgres://portal@db.invalid:5432/portal"
    assert _postgres_options(DATABASE_URL=url) == "-c max_parallel_workers_per_gather=0"
    assert (
        _postgres_options(DATABASE_URL=url, DATABASE_PARALLEL_WORKERS="2")
        == "-c max_parallel_workers_per_gather=2"
    )
    assert _postgres_options(DATABASE_URL=url, DATABASE_PARALLEL_WORKERS="-1") == "-"
    eigene = url + "?options=-c%20work_mem%3D8MB"
    assert _postgres_options(DATABASE_URL=eigene) == "-c work_mem=8MB"
    assert _postgres_options(DATABASE_URL="sqlite:////tmp/x.sqlite3") == "-"


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_connection_really_has_parallel_query_off():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"


def test_every_environment_variable_is_documented():
    import re

    quelle = (settings.BASE_DIR / "bochum_strategie" / "settings.py").read_text()
    namen = set(re.findall(r'env(?:str|int|bool|list)\(\s*"([A-Z0-9_]+)"', quelle))
    assert {"DATABASE_URL", "DATABASE_PARALLEL_WORKERS", "DATEICACHE_VERZEICHNIS"} <= namen
    doku = (settings.BASE_DIR / "README.md").read_text() + (
        settings.BASE_DIR / "docs" / "deployment.md"
    ).read_text()
    assert sorted(n for n in namen if f"`{n}`" not in doku) == []
