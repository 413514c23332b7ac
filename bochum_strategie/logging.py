"""Structured logs: one JSON object per line, without personal data.

Used by Django (``LOGGING`` in settings) and by gunicorn (``logconfig_dict`` in
gunicorn.conf.py), so that a log collector reads one format.

Fields are picked, never dumped: a Django record's ``request`` (client address, cookies,
user) and gunicorn's access atoms (remote address, query string, referer, user agent) do
not reach the output. As a second line of defence, IP addresses and query strings in
message texts and tracebacks are masked, because third-party code writes what it likes.
"""

import ipaddress
import json
import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime

MASKE_IP = "[ip]"
MASKE_QUERY = "?[…]"

# Candidates only; ipaddress decides (so "12:30:45" or a version "1.2.3" stay as they are).
_IPV4 = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])")
_IPV6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%\w+)?(?![\w:])")
# A query string glued to a path or URL: "/suche/?q=Name" -> "/suche/?[…]".
_QUERY = re.compile(r"(?<=[\w/])\?[^\s\"'<>]+")


def _ip_maskieren(treffer: re.Match) -> str:
    text = treffer.group(0)
    try:
        ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return text
    return MASKE_IP


def bereinigen(text: str) -> str:
    """Masks IP addresses and query strings in a free text."""
    text = _IPV4.sub(_ip_maskieren, text)
    text = _IPV6.sub(_ip_maskieren, text)
    return _QUERY.sub(MASKE_QUERY, text)


class JsonFormatter(logging.Formatter):
    """One JSON line per record: time, level, logger, message, and a few safe fields."""

    def format(self, record: logging.LogRecord) -> str:
        eintrag: dict = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            eintrag.update(self._zugriff(record.args))
        else:
            eintrag["message"] = bereinigen(record.getMessage())
            eintrag.update(self._anfrage(record))
        if record.exc_info:
            eintrag["exception"] = bereinigen(self.formatException(record.exc_info))
        elif record.stack_info:
            eintrag["stack"] = bereinigen(self.formatStack(record.stack_info))
        return json.dumps(eintrag, ensure_ascii=False, default=str)

    @staticmethod
    def _zugriff(atoms: Mapping) -> dict:
        """Gunicorn's access record: method, path (without query), status, size, duration."""
        pfad = str(atoms.get("U") or "").replace('\\"', '"')
        return {
            "message": "request",
            "method": atoms.get("m"),
            "path": bereinigen(pfad),
            "status": _zahl(atoms.get("s")),
            "bytes": _zahl(atoms.get("B")),
            "duration_ms": _zahl(atoms.get("M")),
        }

    @staticmethod
    def _anfrage(record: logging.LogRecord) -> dict:
        """Django's request records (django.request, django.security.*): method and path."""
        felder = {}
        status = getattr(record, "status_code", None)
        if status is not None:
            felder["status"] = status
        request = getattr(record, "request", None)
        # request.path never contains the query string; the client address is left out.
        if request is not None and hasattr(request, "path"):
            felder["method"] = getattr(request, "method", None)
            felder["path"] = bereinigen(request.path)
        return felder


def _zahl(wert):
    try:
        return int(wert)
    except (TypeError, ValueError):
        return None


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """django-axes' description of a client in its log lines, without name and address.

    By default axes logs user name, IP address and user agent of every (failed) login. The
    lockout itself still uses both (AXES_LOCKOUT_PARAMETERS); only the log text is reduced.
    """
    return json.dumps({"path_info": path_info})


class UnbekannterHost(logging.Filter):
    """``django.security.DisallowedHost``: a request for a host name the portal does not serve
    (scanners, a misrouted DNS name). Django logs it as an error with a traceback; it is
    neither an error of the portal nor worth a traceback, so: one warning line."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        if record.levelno > logging.WARNING:
            record.levelno = logging.WARNING
            record.levelname = logging.getLevelName(logging.WARNING)
        return True
