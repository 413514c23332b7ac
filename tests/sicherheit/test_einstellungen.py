"""Production settings: `check --deploy` is clean, and bad values stop the start."""

import json
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from .server import BASE_DIR, grundumgebung

PRODUKTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "strategie.bochum.de",
    "SITE_URL": "https://strategie.bochum.de",
    # Django 6.1's deploy check (mail.E001) refuses the console mail backend.
    "SMTP_HOST": "mail.bochum.de",
}


def _python(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**grundumgebung(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _einstellungen(*namen: str, **env) -> dict:
    """The named settings as a production process sees them."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(namen)!r}}}, default=str))"
    )
    ergebnis = _python(code, **env)
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


def test_production_defaults():
    werte = _einstellungen(
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SAMESITE",
        "CSRF_TRUSTED_ORIGINS",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_ENGINE",
        "STORAGES",
        "LOG_FORMAT",
        **PRODUKTION,
    )
    assert werte["SECURE_SSL_REDIRECT"] is True
    assert werte["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60
    assert werte["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and werte["SECURE_HSTS_PRELOAD"]
    assert werte["SESSION_COOKIE_SECURE"] and werte["CSRF_COOKIE_SECURE"]
    assert werte["SESSION_COOKIE_HTTPONLY"] and werte["CSRF_COOKIE_HTTPONLY"]
    assert werte["SESSION_COOKIE_SAMESITE"] == werte["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert werte["CSRF_TRUSTED_ORIGINS"] == ["https://strategie.bochum.de"]
    assert werte["SECURE_PROXY_SSL_HEADER"] is None  # only when a proxy is named
    assert werte["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert werte["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert werte["LOG_FORMAT"] == "json"


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
    ergebnis = _python(
        "import bochum_strategie.settings", **{**PRODUKTION, "DJANGO_SECRET_KEY": schluessel}
    )
    assert ergebnis.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in ergebnis.stderr


def test_weak_secret_key_is_fine_for_development():
    ergebnis = _python(
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
    ergebnis = _python("import bochum_strategie.settings", **{**PRODUKTION, **env})
    assert ergebnis.returncode != 0
    assert meldung in ergebnis.stderr


def test_tests_run_without_production_switches():
    # The test client speaks plain HTTP; redirects to HTTPS would hide every page.
    assert settings.SECURE_SSL_REDIRECT is False
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def test_page_cache_validity_is_shared_between_processes_in_production():
    ohne_redis = _einstellungen("SEITENCACHE_AKTIV", "CACHES", **PRODUKTION)
    assert ohne_redis["SEITENCACHE_AKTIV"] is True
    assert ohne_redis["CACHES"]["datenstand"]["BACKEND"].endswith("DatabaseCache")
    mit_redis = _einstellungen("CACHES", **PRODUKTION, REDIS_URL="redis://r:6379/0")
    assert {c["BACKEND"] for c in mit_redis["CACHES"].values()} == {
        "django.core.cache.backends.redis.RedisCache"
    }
