"""Gunicorn, the portal's application server in production: ``gunicorn -c gunicorn.conf.py``.

Settings from the environment (docs/deployment.md):

- ``PORT`` (8000) and ``HOST`` (127.0.0.1: behind the reverse proxy on the same machine;
  ``0.0.0.0`` in a container), or ``BIND`` for anything else (e.g. ``unix:/run/portal.sock``)
- ``WEB_CONCURRENCY``: worker processes (2 × CPU cores + 1), ``GUNICORN_THREADS`` (1)
- ``GUNICORN_TIMEOUT``: seconds before a stuck worker is replaced (30)
- ``LOG_LEVEL`` (info)

Logs are JSON lines on stdout (bochum_strategie/logging.py). The access log names method,
path, status, size and duration: no client address, no query string, no referer and no
user agent, because those can identify people (search terms, links from e-mails).
"""

import multiprocessing
import os


def _zahl(name: str, default: int) -> int:
    wert = os.environ.get(name, "").strip()
    if not wert:
        return default
    try:
        return int(wert)
    except ValueError:
        raise SystemExit(f"{name}={wert!r} is not a whole number.") from None


wsgi_app = "bochum_strategie.wsgi:application"
proc_name = "bochum-strategie"

bind = [os.environ.get("BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{_zahl('PORT', 8000)}"]
workers = _zahl("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
threads = _zahl("GUNICORN_THREADS", 1)
timeout = _zahl("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
# Replace workers now and then (staggered), so that a slow leak cannot grow for weeks. Not too
# often: at 2,000 a traffic peak of 1,000+ requests/s recycled every worker every few seconds
# and cost 20 % of the cached throughput (docs/performance.md, 7).
max_requests = _zahl("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = max_requests // 10

# gunicorn's control socket (for gunicornc) only where a path is given: by default every
# instance on a machine would use the same path in the home directory.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True

# Requests larger than this are answered 400 by gunicorn itself, before Django.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

loglevel = os.environ.get("LOG_LEVEL", "info").lower()
accesslog = "-"
# Only for the plain-text case (LOG_FORMAT=text); the JSON formatter picks the same atoms.
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)sms"

if os.environ.get("LOG_FORMAT", "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "bochum_strategie.logging.JsonFormatter"}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            }
        },
        "root": {"level": "INFO", "handlers": ["stdout"]},
        "loggers": {
            "gunicorn.error": {
                "level": loglevel.upper(),
                "handlers": ["stdout"],
                "propagate": False,
            },
            "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        },
    }
