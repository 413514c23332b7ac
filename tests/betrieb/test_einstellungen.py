"""Production settings: `check --deploy` is clean, and bad values stop the start."""

import json
import secrets
import subprocess
import sys

import pytest

from tests.server import BASE_DIR, grundumgebung, python

PRODUKTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "strategie.bochum.de",
    "SITE_URL": "https://strategie.bochum.de",
    # Django 6.1's deploy check (mail.E001) refuses the console mail backend.
    "SMTP_HOST": "mail.bochum.de",
}


def _einstellungen(*namen: str, **env) -> dict:
    """The named settings as a production process sees them."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(namen)!r}}}, default=str))"
    )
    ergebnis = python(code, **env)
    assert ergebnis.returncode == 0, ergebnis.stderr
    return json.loads(ergebnis.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_production_values():
    ergebnis = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env={**grundumgebung(), **PRODUKTION},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ergebnis.returncode == 0, ergebnis.stdout + ergebnis.stderr
    assert "no issues" in ergebnis.stdout


def test_behind_a_tls_proxy():
    werte = _einstellungen(
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        **PRODUKTION,
        DJANGO_SSL_REDIRECT="0",
        DJANGO_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )
    assert werte["SECURE_SSL_REDIRECT"] is False
    assert werte["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_redis_url_moves_cache_and_sessions_to_redis():
    werte = _einstellungen(
        "CACHES", "SESSION_ENGINE", **PRODUKTION, REDIS_URL="redis://127.0.0.1:6379/3"
    )
    assert werte["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert werte["CACHES"]["default"]["LOCATION"] == "redis://127.0.0.1:6379/3"
    assert werte["SESSION_ENGINE"] == "django.contrib.sessions.backends.cache"


@pytest.mark.parametrize(
    "schluessel",
    [
        "kurz-und-geheim",  # < 50 characters
        "django-insecure-development-key-not-for-production" + "x" * 10,
        "a" * 60,  # 50+ characters, but one of them
    ],
)
def test_weak_secret_key_refuses_to_start(schluessel):
    ergebnis = python(
        "import bochum_strategie.settings", **{**PRODUKTION, "DJANGO_SECRET_KEY": schluessel}
    )
    assert ergebnis.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in ergebnis.stderr


def test_weak_secret_key_is_fine_for_development():
    ergebnis = python(
        "import bochum_strategie.settings", DJANGO_DEBUG="1", DJANGO_SECRET_KEY="kurz"
    )
    assert ergebnis.returncode == 0, ergebnis.stderr


@pytest.mark.parametrize(
    ("env", "meldung"),
    [
        ({"SITE_URL": "http://strategie.bochum.de"}, "must start with https://"),
        ({"SITE_URL": "strategie.bochum.de"}, "not an absolute http(s) URL"),
        ({"DJANGO_PROXY_SSL_HEADER": "X-Forwarded-Proto: https"}, "DJANGO_PROXY_SSL_HEADER"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
    ],
)
def test_inconsistent_production_values_refuse_to_start(env, meldung):
    ergebnis = python("import bochum_strategie.settings", **{**PRODUKTION, **env})
    assert ergebnis.returncode != 0
    assert meldung in ergebnis.stderr


@pytest.mark.django_db
def test_tests_run_without_production_switches(client):
    # The test client speaks plain HTTP; a redirect to HTTPS would hide every page.
    antwort = client.get("/")
    assert antwort.status_code == 200 and "Strict-Transport-Security" not in antwort


def test_page_cache_validity_is_shared_between_processes_in_production():
    ohne_redis = _einstellungen("SEITENCACHE_AKTIV", "CACHES", **PRODUKTION)
    assert ohne_redis["SEITENCACHE_AKTIV"] is True
    assert ohne_redis["CACHES"]["datenstand"]["BACKEND"].endswith("DatabaseCache")
    mit_redis = _einstellungen("CACHES", **PRODUKTION, REDIS_URL="redis://r:6379/0")
    assert {c["BACKEND"] for c in mit_redis["CACHES"].values()} == {
        "django.core.cache.backends.redis.RedisCache"
    }
