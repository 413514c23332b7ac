"""Settings of the Bochum Strategie portal.

Everything that differs between a laptop, CI and production comes from environment
variables. The helpers below fail loudly on values they cannot understand instead of
guessing (pattern from healthchecks' hc/settings.py). Secrets may also be given as a
path in ``<NAME>_FILE`` (Docker/Kubernetes secrets).
"""

import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str | None = None) -> str | None:
    """Value of ``name``, or the content of the file named by ``name_FILE``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no).")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from exc


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")

DEBUG = envbool("DJANGO_DEBUG", default=False)

SECRET_KEY = envstr("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING:
        # Only for local development and tests; production must set its own key.
        SECRET_KEY = "django-insecure-development-key-not-for-production"
    else:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) must be set when DJANGO_DEBUG is off."
        )

# Key rotation (docs/deployment.md): the previous key(s), comma-separated, still verify
# sessions, password-reset and signed links until they are removed; new ones use SECRET_KEY.
SECRET_KEY_FALLBACKS = [
    schluessel.strip()
    for schluessel in (envstr("DJANGO_SECRET_KEY_FALLBACKS") or "").split(",")
    if schluessel.strip()
]

ALLOWED_HOSTS = envlist(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if (DEBUG or TESTING) else []
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the host(s) the portal is served under.")


def entwicklungs_site_url(host: str, port: int) -> str:
    """The address `make run` serves (runserver on HOST:PORT), for links, QR codes and feed
    ids. A wildcard host (0.0.0.0, ::) is reached on the loopback address."""
    host = host.strip() or "127.0.0.1"
    if host in ("0.0.0.0", "::", "[::]"):
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


# Unless set: derived from HOST/PORT (exported by the Makefile), so `PORT=8080 make run`
# prints permanent addresses and QR codes with port 8080. Production sets SITE_URL=https://….
SITE_URL = (
    envstr("SITE_URL") or entwicklungs_site_url(os.environ.get("HOST", ""), envint("PORT", 8000))
).rstrip("/")

INSTALLED_APPS = [
    "bochum_strategie.apps.BackofficeAdminConfig",  # Django admin as back office
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # sitemap.xml (bochum_strategie/sitemaps.py)
    "django.contrib.postgres",  # full-text and trigram lookups; inert on SQLite
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "django_tasks_db",  # the task queue's tables (TASKS below)
    "zielsystem",
    "querschnitt",
    "kernaktivitaeten",
    "benachrichtigungen",  # following projects by mail (ADR 0008)
    "bochum_strategie.apps.PortalConfig",  # site texts, accessibility feedback (ADR 0006)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files and early answers get the headers too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "bochum_strategie.middleware.PermissionsPolicyMiddleware",
    "bochum_strategie.middleware.SteuerzeichenMiddleware",
    "bochum_strategie.middleware.HeadOhneInhaltMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: axes needs the authenticated user and answers locked-out logins itself.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bochum_strategie.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",  # {{ csp_nonce }}
                "bochum_strategie.context_processors.portal",
            ],
            "libraries": {"portal": "bochum_strategie.templatetags.portal"},
        },
    },
]

WSGI_APPLICATION = "bochum_strategie.wsgi.application"

# SQLite file by default (a laptop needs nothing else); PostgreSQL in production and CI:
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bochum_strategie
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# PostgreSQL's parallel query starts worker processes for one query. For a portal's short
# queries at many concurrent requests that only costs CPU (docs/performance.md: uncached
# catalogue +28 % throughput without it), so web requests run without it by default.
# -1 keeps the server's setting; options given in DATABASE_URL win.
DATABASE_PARALLEL_WORKERS = envint("DATABASE_PARALLEL_WORKERS", 0)
if IS_POSTGRES and DATABASE_PARALLEL_WORKERS >= 0:
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c max_parallel_workers_per_gather={DATABASE_PARALLEL_WORKERS}"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if (DEBUG or TESTING)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Development and tests serve static files straight from static/ (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
# The feeds' browser view (static/feeds/atom.xsl): browsers apply XSLT only as text/xsl.
WHITENOISE_MIMETYPES = {".xsl": "text/xsl"}

# "default" holds rendered pages and may live in each process; "datenstand" holds the one
# number that says whether those pages are current, so it must be shared by every process and
# server: a database table (created by migration kernaktivitaeten 0004), or Redis below.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "bochum-strategie",
    },
    "datenstand": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_datenstand",
    },
    # Rendered parts of pages (bochum_strategie/lib/fragmentcache.py): many small entries (a
    # card per project and language), kept apart so that they never push the pages out of
    # the local-memory cache (300 entries by default). In Redis with REDIS_URL, like the pages.
    "fragmente": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "bochum-strategie-fragmente",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
    # Counters of the rate limits (bochum_strategie/lib/begrenzung.py): shared by every
    # process and server, like the Datenstand (table created by migration benachrichtigungen 0001).
    "begrenzung": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_begrenzung",
    },
}

LOGIN_URL = "admin:login"

AUTHENTICATION_BACKENDS = [
    # First: refuses logins while an account/IP is locked out after failed attempts.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = not TESTING
AXES_LOCKOUT_TEMPLATE = "registration/gesperrt.html"

# Sessions end after 30 minutes without activity (each request renews them) and at logout.
SESSION_COOKIE_AGE = envint("SESSION_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Reporting reminders: days before and after a period's due date.
ERINNERUNG_TAGE_VORHER = envint("ERINNERUNG_TAGE_VORHER", 7)
ERINNERUNG_TAGE_NACHHER = envint("ERINNERUNG_TAGE_NACHHER", 3)

# Cache of anonymous public pages (bochum_strategie/lib/seitencache.py). Off in tests by default,
# which write with the ORM directly; the cache tests switch it on.
SEITENCACHE_AKTIV = envbool("SEITENCACHE_AKTIV", not TESTING)
SEITENCACHE_SEKUNDEN = envint("SEITENCACHE_SEKUNDEN", 24 * 3600)
# Rendered parts of pages (project cards, Zielsystem blocks) kept by the version of what they
# show (bochum_strategie/lib/fragmentcache.py): a cold page re-renders only what changed. Off
# in tests by default like the page cache; `make bench` measures with and without.
FRAGMENTCACHE_AKTIV = envbool("FRAGMENTCACHE_AKTIV", not TESTING)
# Single flight: how long a request waits for the same cold page that another one renders.
SEITENCACHE_WARTEN_SEKUNDEN = envint("SEITENCACHE_WARTEN_SEKUNDEN", 5)
# Generated downloads (open data) kept as files until the Datenstand changes, in the storage
# STORAGES["dateicache"]: by default the folder DATEICACHE_VERZEICHNIS, which all app servers
# should share (then each file is generated once per Datenstand); another storage (e.g. S3 via
# django-storages) with DATEICACHE_BACKEND and DATEICACHE_OPTIONEN (JSON), docs/deployment.md.
DATEICACHE_VERZEICHNIS = Path(envstr("DATEICACHE_VERZEICHNIS") or BASE_DIR / "var" / "dateien")
# STORAGES["exporte"]: the files of export jobs (kernaktivitaeten/exporte/auftraege.py), kept
# EXPORT_AUFBEWAHRUNG_TAGE days; the folder EXPORTE_VERZEICHNIS by default (shared by all app
# servers and the worker), another storage with EXPORTE_BACKEND and EXPORTE_OPTIONEN (JSON).
EXPORTE_VERZEICHNIS = Path(envstr("EXPORTE_VERZEICHNIS") or BASE_DIR / "var" / "exporte")


def _speicheroptionen(name: str) -> dict:
    text = envstr(name) or "{}"
    try:
        optionen = json.loads(text)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a JSON object.") from exc
    if not isinstance(optionen, dict):
        raise ImproperlyConfigured(f"{name} is not a JSON object.")
    return optionen


STORAGES["dateicache"] = {
    "BACKEND": envstr("DATEICACHE_BACKEND") or "bochum_strategie.lib.dateicache.Dateiablage",
    "OPTIONS": _speicheroptionen("DATEICACHE_OPTIONEN"),
}
STORAGES["exporte"] = {
    "BACKEND": envstr("EXPORTE_BACKEND") or "bochum_strategie.lib.dateicache.Exportablage",
    "OPTIONS": _speicheroptionen("EXPORTE_OPTIONEN"),
}
# Back-office exports of more projects than this run as jobs on the task queue (progress page,
# mail when ready); smaller ones are downloaded at once.
EXPORT_HINTERGRUND_AB = envint("EXPORT_HINTERGRUND_AB", 200)
EXPORT_AUFBEWAHRUNG_TAGE = envint("EXPORT_AUFBEWAHRUNG_TAGE", 7)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Django 6.1 mailers. Console by default (development: mails appear in the terminal);
# SMTP when SMTP_HOST is set. Tests swap in the in-memory outbox automatically.
if envstr("SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": envstr("SMTP_HOST"),
                "port": envint("SMTP_PORT", 587),
                "username": envstr("SMTP_USER", ""),
                "password": envstr("SMTP_PASSWORD", ""),
                "use_tls": envbool("SMTP_USE_TLS", True),
                "timeout": envint("SMTP_TIMEOUT", 10),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "bochum-strategie@localhost")

# Every mail is sent by a task (Django's task framework): in the database queue of
# django-tasks-db, worked off by `manage.py db_worker` (`make run` starts one; production runs
# it as its own service, docs/deployment.md). The test suite runs tasks at once unless a test
# switches to the queue. TASKS_SOFORT=1 runs them at once anywhere (no worker needed).
if TESTING or envbool("TASKS_SOFORT", False):
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A mail the server refused (or could not be reached for) is tried again after 1, 2, 4, …
# minutes (bochum_strategie/lib/mailversand.py), at most MAIL_VERSUCHE times in all.
MAIL_VERSUCHE = envint("MAIL_VERSUCHE", 8)
MAIL_WARTEZEIT_SEKUNDEN = envint("MAIL_WARTEZEIT_SEKUNDEN", 60)
# Domain events (report approved, milestone, phase, council decision) go to this task,
# which looks up who follows what (bochum_strategie/lib/ereignisse.py, ADR 0008).
EREIGNIS_TASK = "benachrichtigungen.tasks.ereignis_verteilen"
# Following by mail: a confirmation link is valid this long; unconfirmed addresses are deleted
# after it. Requests per client and per address per hour; one confirmation mail per address
# per BESTAETIGUNG_SPERRE_MINUTEN.
ABO_BESTAETIGUNG_STUNDEN = envint("ABO_BESTAETIGUNG_STUNDEN", 48)
ABO_ANFRAGEN_JE_CLIENT = envint("ABO_ANFRAGEN_JE_CLIENT", 20)
ABO_ANFRAGEN_JE_ADRESSE = envint("ABO_ANFRAGEN_JE_ADRESSE", 5)
ABO_BESTAETIGUNG_SPERRE_MINUTEN = envint("ABO_BESTAETIGUNG_SPERRE_MINUTEN", 10)
REFERAT_EMAIL = envstr("REFERAT_EMAIL", "referat-strategie@localhost")

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- Production hardening ---
# What each switch is for, and how to run behind a reverse proxy: docs/deployment.md.
# PRODUKTION: neither development (DJANGO_DEBUG) nor the test suite.
PRODUKTION = not (DEBUG or TESTING)


def schluessel_schwach(schluessel: str) -> bool:
    return (
        len(schluessel) < 50 or len(set(schluessel)) < 5 or schluessel.startswith("django-insecure")
    )


if PRODUKTION and schluessel_schwach(SECRET_KEY):
    # Django's deploy check only warns (security.W009); a guessable key must stop the start.
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for production: use 50 or more random characters, "
        "e.g. from: python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
if PRODUKTION and any(schluessel_schwach(alt) for alt in SECRET_KEY_FALLBACKS):
    # A guessable old key would let anyone forge sessions and links as well as a weak new one.
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY_FALLBACKS contains a key that is too weak for production: "
        "every key must have 50 or more random characters."
    )

_site = urlsplit(SITE_URL)
if _site.scheme not in {"http", "https"} or not _site.netloc:
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} is not an absolute http(s) URL.")

# HTTPS only. Behind a proxy that already redirects, DJANGO_SSL_REDIRECT=0; a proxy that
# terminates TLS names its header, e.g. DJANGO_PROXY_SSL_HEADER=X-Forwarded-Proto.
SECURE_SSL_REDIRECT = envbool("DJANGO_SSL_REDIRECT", PRODUKTION)
if SECURE_SSL_REDIRECT and _site.scheme != "https":
    raise ImproperlyConfigured(
        f"SITE_URL={SITE_URL!r} must start with https:// while DJANGO_SSL_REDIRECT is on."
    )
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes talk plain HTTP to the app
_proxy_header = envstr("DJANGO_PROXY_SSL_HEADER")
if _proxy_header:
    if not re.fullmatch(r"[A-Za-z0-9-]+", _proxy_header):
        raise ImproperlyConfigured(
            f"DJANGO_PROXY_SSL_HEADER={_proxy_header!r} is not a header name "
            "(e.g. X-Forwarded-Proto)."
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 365 * 24 * 60 * 60 if PRODUKTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", True)

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", PRODUKTION)
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True  # no script reads either cookie
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# The CSRF cookie (set by the public feedback form, too) ends with the browser session instead
# of Django's one year: the privacy statement (fixtures/inhaltsseiten.json) says so.
CSRF_COOKIE_AGE = None
CSRF_FAILURE_VIEW = "bochum_strategie.views.csrf_fehler"  # portal layout, German/English
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [f"{_site.scheme}://{_site.netloc}"])

# Headers (SecurityMiddleware, XFrameOptionsMiddleware, bochum_strategie.middleware).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django.middleware.csp): nothing from other hosts, no inline
# styles, inline scripts only with the per-request nonce ({{ csp_nonce }}).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Several app servers share everything through PostgreSQL and, if given, Redis: sessions
# live in the database, or in Redis with REDIS_URL; nothing stays in one process.
REDIS_URL = None if TESTING else envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "bochum-strategie",
        }
        for alias in ("default", "datenstand", "begrenzung", "fragmente")
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
# The public page cache (bochum_strategie/lib/seitencache.py) keeps pages per process without
# Redis, but reads the shared Datenstand on every request, so an edit handled by one worker
# makes every worker's and server's pages stale at once (tests/sicherheit/test_skalierung.py).

# Restoring a dumpdata backup: SIMPLE_HISTORY_ENABLED=0 manage.py loaddata … (otherwise
# loaddata's many-to-many writes add audit entries of their own; docs/deployment.md).
SIMPLE_HISTORY_ENABLED = envbool("SIMPLE_HISTORY_ENABLED", True)
# Old versions are for reading: a "revert" would bypass the services (and could change an
# approved report); a correction is made through the normal form.
SIMPLE_HISTORY_REVERT_DISABLED = True

# collectstatic's target. WhiteNoise serves names with a content hash (all that {% static %}
# links to in production) for 10 years, "immutable"; other names for WHITENOISE_MAX_AGE.
STATIC_ROOT = Path(envstr("STATIC_ROOT") or STATIC_ROOT)
WHITENOISE_MAX_AGE = envint("WHITENOISE_MAX_AGE", 0 if DEBUG else 3600)

# Login throttling counts per visitor address: behind a proxy, name it (its address as the app
# server sees it) so that X-Forwarded-For is believed from it and from nobody else.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "bochum_strategie.middleware.client_ip"

# JSON lines on stdout in production (bochum_strategie/logging.py): no IP addresses, user
# names or query strings; axes describes clients without them. LOG_FORMAT=text for reading
# on a terminal.
AXES_CLIENT_STR_CALLABLE = "bochum_strategie.logging.axes_client_str"
LOG_FORMAT = envstr("LOG_FORMAT", "json" if PRODUKTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} must be json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "bochum_strategie.logging.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
        }
    },
    "filters": {"unbekannter_host": {"()": "bochum_strategie.logging.UnbekannterHost"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # An unknown Host header: one warning line without a traceback (answer stays 400).
        "django.security.DisallowedHost": {"filters": ["unbekannter_host"]},
    },
}
# --- end of production hardening ---
